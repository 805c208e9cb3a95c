"""Accounts and membership: the user model, sign-up, employee/external classification."""
