"""How a member is named wherever Koers shows a person: one rule for every surface.

The name their profile shows, else their full name, else their username (a member who
has not filled in a name yet is still someone). Select the user's profile with the
user (``select_related("profile")``) where many are named at once.
"""

from __future__ import annotations


def person_name(user) -> str:
    """A member's display name; empty for no one (``None``)."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return (
        getattr(profile, "display_name", "")
        or user.get_full_name()
        or user.get_username()
    )
