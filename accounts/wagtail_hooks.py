"""Admin: community managers see who is an employee and can change it."""
