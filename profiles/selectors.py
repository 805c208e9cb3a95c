"""Reads on people: what the directory and profile pages show, audience applied."""

from .models import Profile


def profiles_for_directory(*, viewer):
    return (
        Profile.objects.visible_to(viewer)
        .select_related("user")
        .order_by("display_name")
    )
