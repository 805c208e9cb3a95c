"""Reads on competences"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Value,
    When,
)
from django.utils import translation

from ..models import (
    Competence,
    Profile,
    ProfileCompetence,
    profile_visibility_q,
)

#: The directory's "popular competences": counting every member's competences
#: grows with the community, so the list is kept in the cache for a few minutes
#: and dropped by the services that add or remove a competence.
POPULAR_COMPETENCES_KEY = "profiles:popular-competences"
POPULAR_COMPETENCES_SECONDS = 300


def popular_competences(*, limit: int = 12) -> list[dict]:
    """The most declared competences as ``{"name", "slug", "uses"}``, most used first."""

    def compute():
        # both names are cached: one cached list serves Dutch and English readers
        return list(
            Competence.objects.annotate(uses=Count("profile_links"))
            .filter(uses__gt=0)
            .order_by("-uses", "slug")
            .values("name_nl", "name_en", "slug", "uses")[:12]
        )

    rows = cache.get_or_set(
        POPULAR_COMPETENCES_KEY, compute, POPULAR_COMPETENCES_SECONDS
    )
    english = (translation.get_language() or "en").startswith("en")
    return [
        {
            **row,
            "name": (
                (row.get("name_en") or row.get("name_nl"))
                if english
                else (row.get("name_nl") or row.get("name_en"))
            )
            or row.get("name", ""),
        }
        for row in rows[:limit]
    ]


def forget_popular_competences() -> None:
    cache.delete(POPULAR_COMPETENCES_KEY)


def competence_people(*, viewer, competence, limit: int = 48):
    """Who knows it (by level, endorsements) and who wants to learn it."""
    visible = Profile.objects.visible_to(viewer)
    knowers = (
        ProfileCompetence.objects.filter(tag=competence)
        .filter(profile_visibility_q(viewer, "content_object__"))
        .select_related("content_object__user")
        .annotate(
            level_rank=Case(
                When(level="expert", then=Value(2)),
                When(level="practised", then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("-level_rank", "-endorsement_count", "content_object__display_name")
    )
    learners = (
        visible.filter(learning_links__tag=competence)
        .select_related("user")
        .order_by("display_name")
    )
    return knowers[:limit], learners[:limit]


def competences_autocomplete(*, q: str, limit: int = 10):
    q = (q or "").strip()
    if not q:
        return Competence.objects.none()
    return (
        Competence.objects.matching(q)
        .annotate(uses=Count("profile_links"))
        .order_by("-uses", "name")[:limit]
    )
