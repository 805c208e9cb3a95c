"""Shared by the profile reads: membership kinds, photo renditions, translated names."""

from __future__ import annotations

from django.db.models import (
    CharField,
    F,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from modeltranslation.utils import (
    build_localized_fieldname,
    get_language,
    resolution_order,
)

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


def translated(field: str):
    """``field`` of a translated model (``"tag__name"``, ``"role__name"``) in the
    reader's language, falling back as django-modeltranslation does, as an SQL
    expression: lists read the name as a plain value instead of building a model
    object per row (modeltranslation rewrites only a model's own fields in
    ``values()``, never a related one's)."""
    names = [
        build_localized_fieldname(field, language)
        for language in resolution_order(get_language())
    ]
    if len(names) == 1:
        return F(names[0])
    return Coalesce(
        *(NullIf(F(name), Value("")) for name in names), output_field=CharField()
    )
