"""Shared by the profile reads: membership kinds, photo renditions and their prefetch."""

from __future__ import annotations

from django.db.models import (
    Prefetch,
)
from wagtail.images import get_image_model

from ..models import (
    Profile,
)

MEMBERSHIP_KINDS = ("external", "employee", "manager")
PHOTO_SMALL = "fill-96x96"
PHOTO_LARGE = "fill-240x240"
#: How many of the newest shared competence links and network memberships
#: "people you may know" weighs: the work per page stays bounded.
SUGGESTION_POOL = 600


PHOTO_SPECS = {"small": PHOTO_SMALL, "large": PHOTO_LARGE}


def photo_rendition(*, viewer, image_id: int, size: str):
    """The rendition of a profile photo, if ``viewer`` may see its profile
    (a non-public profile's photo is hidden from visitors like the rest of it)."""
    spec = PHOTO_SPECS.get(size)
    if spec is None:
        return None
    profile = (
        Profile.objects.visible_to(viewer)
        .filter(photo_id=image_id)
        .select_related("photo")
        .first()
    )
    if profile is None:
        return None
    return profile.photo.get_rendition(spec)


def _photo_prefetch(spec: str = PHOTO_SMALL):
    """Photos with their renditions in one query, so photos never cost a query each."""
    return Prefetch(
        "photo", queryset=get_image_model().objects.prefetch_renditions(spec)
    )
