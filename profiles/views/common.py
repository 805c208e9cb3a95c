"""Shared by the profile views: page sizes, error text, the profile a viewer may see."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404

from ..models import (
    Profile,
)

PAGE_SIZE = 24
NETWORKS_PER_PAGE = 24
MEMBERS_SHOWN = 100  # a network page lists this many; bigger circles say "and more"


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _visible_profile(request, username) -> Profile:
    profile = get_object_or_404(
        Profile.objects.visible_to(request.user).select_related("user"),
        user__username=username,
    )
    return profile
