"""Writes on profiles, networks and the people graph."""

from __future__ import annotations

from .models import Profile


def profile_ensure(*, user) -> Profile:
    """Return the user's profile, creating it with a sensible display name if missing."""
    profile, _created = Profile.objects.get_or_create(
        user=user,
        defaults={"display_name": (user.get_full_name() or user.username)[:120]},
    )
    return profile


def profile_set_display_name(*, user, display_name: str) -> Profile:
    profile = profile_ensure(user=user)
    profile.display_name = display_name[:120]
    profile.save(update_fields=["display_name", "updated_at"])
    return profile
