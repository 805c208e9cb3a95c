"""Reads on competences"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import F
from django.utils import translation
from django.utils.translation import ngettext

from ..models import (
    Competence,
    LearningInterest,
    ProfileCompetence,
    profile_visibility_q,
)
from .cards import PersonCard, person_chips, person_fields
from .common import translated

#: The directory's "popular competences", read from the stored counts and kept
#: in the cache for a few minutes (dropped by the services that add or remove a
#: competence), so the directory spends no query on it.
POPULAR_COMPETENCES_KEY = "profiles:popular-competences"
POPULAR_COMPETENCES_SECONDS = 300


def popular_competences(*, limit: int = 12) -> list[dict]:
    """The most declared competences as ``{"name", "slug", "uses"}``, most used first."""

    def compute():
        # read from the stored counts by the (-holder_count, slug) index; both
        # names are cached: one cached list serves Dutch and English readers
        return list(
            Competence.objects.filter(holder_count__gt=0)
            .order_by("-holder_count", "slug")
            .annotate(uses=F("holder_count"))
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


def competence_index():
    """The competence index: ``{"slug", "label", "uses"}`` of every declared
    competence, most declared first, from the stored counts (an index serves the
    order, so a page of it costs the same however many members declare them)."""
    return (
        Competence.objects.filter(holder_count__gt=0)
        .order_by("-holder_count", "slug")
        .annotate(label=translated("name"), uses=F("holder_count"))
        .values("slug", "label", "uses")
    )


@dataclass(slots=True)
class Knower:
    """One holder of a competence, as its page lists them."""

    person: PersonCard
    level: str
    level_label: str
    endorsements: int
    endorsements_label: str


def competence_people(*, viewer, competence, limit: int = 48):
    """Who knows it (best level first, then most endorsed, then longest declared)
    and who most recently asked to learn it, ``limit`` of each, as plain values.

    Each list is read in page order from an index, (tag, level_rank,
    endorsement_count, id) and (tag, -id), and stops after ``limit`` visible
    people: it never sorts all of a popular competence's holders.
    """
    links = list(
        ProfileCompetence.objects.filter(tag=competence)
        .filter(profile_visibility_q(viewer, "content_object__"))
        .order_by("-level_rank", "-endorsement_count", "pk")
        .values("level", "endorsement_count", *person_fields("content_object__"))[
            :limit
        ]
    )
    levels = dict(ProfileCompetence.Level.choices)
    people = person_chips(links, prefix="content_object__")
    knowers = [
        Knower(
            person=person,
            level=link["level"],
            level_label=levels.get(link["level"], link["level"]),
            endorsements=link["endorsement_count"],
            endorsements_label=ngettext(
                "%(n)s endorsement", "%(n)s endorsements", link["endorsement_count"]
            )
            % {"n": link["endorsement_count"]},
        )
        for person, link in zip(people, links, strict=True)
    ]
    learners = person_chips(
        LearningInterest.objects.filter(tag=competence)
        .filter(profile_visibility_q(viewer, "content_object__"))
        .order_by("-pk")
        .values(*person_fields("content_object__"))[:limit],
        prefix="content_object__",
    )
    return knowers, learners


def competences_autocomplete(*, q: str, limit: int = 10):
    q = (q or "").strip()
    if not q:
        return Competence.objects.none()
    return (
        Competence.objects.matching(q)
        .annotate(uses=F("holder_count"))
        .order_by("-uses", "name")[:limit]
    )
