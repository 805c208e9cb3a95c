"""Person cards and chips for hot lists: plain values, a fixed number of queries.

A page of 24 cards used to build ~250 model objects (profiles, users, every
competence link and its tag, role assignments, photos and their renditions) and
render two nested includes per card. A card needs a handful of strings: they are
read here as values (names in the reader's language by SQL), at most
``CARD_COMPETENCES`` competences and ``CARD_ROLES`` roles per person, and the
template renders them in one loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.translation import ngettext

from ..models import (
    ProfileCompetence,
    RoleAssignment,
)
from .common import translated

#: What a card shows: the most endorsed competences and the newest current roles.
CARD_COMPETENCES = 5
CARD_ROLES = 3

#: The directory page's rows as values: what a card needs of a profile.
CARD_FIELDS = (
    "pk",
    "user_id",
    "display_name",
    "headline",
    "photo_id",
    "user__username",
)


@dataclass(slots=True)
class CompetenceChip:
    name: str
    url: str
    endorsements: int
    endorsements_label: str


@dataclass(slots=True)
class PersonCard:
    pk: int
    user_id: int
    display_name: str
    headline: str
    photo_url: str
    url: str
    initial: str
    roles: list[str] = field(default_factory=list)
    competences: list[CompetenceChip] = field(default_factory=list)


def url_maker(viewname: str, kwarg: str, **fixed):
    """``reverse(viewname, kwargs={kwarg: value, **fixed})`` as a string
    substitution: resolved once per list, not once per row (each ``reverse``
    costs ~30 µs). Quoted as ``reverse`` quotes a path."""
    marker = "0999999999"  # passes any converter (``int`` too)
    prefix, suffix = reverse(viewname, kwargs={kwarg: marker, **fixed}).split(marker)

    def make(value) -> str:
        return prefix + quote(str(value), safe=RFC3986_SUBDELIMS + "/~:@") + suffix

    return make


def person_fields(prefix: str = "") -> tuple[str, ...]:
    """``CARD_FIELDS`` read through a relation (``"content_object__"``)."""
    return tuple(f"{prefix}{name}" for name in CARD_FIELDS)


def person_chips(rows, *, prefix: str = "") -> list[PersonCard]:
    """A person per row of ``person_fields(prefix)`` values (no roles or
    competences: what ``profiles/includes/person_chip.html`` shows)."""
    profile_url = url_maker("profiles:detail", "username")
    photo_url = url_maker("profiles:photo", "image_id", size="small")
    return [
        PersonCard(
            pk=row[f"{prefix}pk"],
            user_id=row[f"{prefix}user_id"],
            display_name=row[f"{prefix}display_name"],
            headline=row[f"{prefix}headline"],
            photo_url=(
                photo_url(row[f"{prefix}photo_id"]) if row[f"{prefix}photo_id"] else ""
            ),
            url=profile_url(row[f"{prefix}user__username"]),
            initial=row[f"{prefix}display_name"][:1].upper(),
        )
        for row in rows
    ]


def person_cards(*, viewer, rows) -> list[PersonCard]:
    """Cards for ``rows`` (dicts of ``CARD_FIELDS``, in the page's order), with
    the roles ``viewer`` may see. Two queries, whatever the page holds."""
    competence_url = url_maker("profiles:competence", "slug")
    cards = person_chips(rows)
    if not cards:
        return cards
    by_pk = {card.pk: card for card in cards}
    ids = list(by_pk)
    # Ordered rows cut in Python: each person's declarations are few, and a window
    # function (ROW_NUMBER() ... QUALIFY) cost more to compile than it saved.
    roles = (
        RoleAssignment.objects.current()
        .visible_to(viewer)
        .filter(profile_id__in=ids)
        .annotate(role_name=translated("role__name"))
        .order_by("profile_id", "-since", "pk")  # the model's order: newest first
        .values_list("profile_id", "role_name")
    )
    for profile_id, name in roles:
        shown = by_pk[profile_id].roles
        if len(shown) < CARD_ROLES:
            shown.append(name)
    links = (
        ProfileCompetence.objects.filter(content_object_id__in=ids)
        .annotate(name=translated("tag__name"))
        .order_by("content_object_id", "-endorsement_count", "name")
        .values_list("content_object_id", "name", "tag__slug", "endorsement_count")
    )
    urls, labels = {}, {}
    for profile_id, name, slug, endorsements in links:
        chips = by_pk[profile_id].competences
        if len(chips) == CARD_COMPETENCES:
            continue
        if slug not in urls:
            urls[slug] = competence_url(slug)
        if endorsements not in labels:
            labels[endorsements] = ngettext(
                "%(n)s endorsement", "%(n)s endorsements", endorsements
            ) % {"n": endorsements}
        chips.append(
            CompetenceChip(name, urls[slug], endorsements, labels[endorsements])
        )
    return cards
