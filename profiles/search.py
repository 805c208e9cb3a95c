"""What profiles make searchable: people (each field under its own audience) and
competences. Registered with the search registry (``intranet/search.py``); the
search app finds this module at start-up and never imports profiles.
"""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Length
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intranet import search
from intranet.audience import Audience, audience_allows
from intranet.id_lists import IdsIn
from intranet.language import translated
from intranet.search import EMPTY, Hit, Matches, highlight, text_of, text_snippet

from .models import (
    Competence,
    Network,
    NetworkMembership,
    Profile,
    ProfileCompetence,
    Role,
    RoleAssignment,
    profile_visibility_q,
)

#: Profile fields searched under their own audience (never e-mail, phone or links).
PROFILE_AUDIENCE_FIELDS = ("bio", "location", "languages")
FACET_SIZE = 15


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends
        return False
    return True


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def visible_network(user, slug):
    """The network named by a search filter, if the user may see it."""
    return Network.objects.visible_to(user).filter(slug=slug).first()


def _field_audience_q(ctx, field: str):
    audience_field = Profile.AUDIENCE_FIELDS.get(field, f"{field}_audience")
    if not _has_field(Profile, audience_field):
        return Q()
    allowed = Q(**{f"{audience_field}__in": ctx.allowed})
    if _authenticated(ctx.user):
        allowed |= Q(user=ctx.user)
    return allowed


def _matching_competence_ids(ctx, term: str) -> list[int]:
    """Ids of the competences whose name (either language) or synonym holds
    ``term``: read once per request (people and competences both match them)."""
    memo = ctx.__dict__.setdefault("_competence_ids", {})
    if term not in memo:
        memo[term] = list(
            Competence.objects.matching(term).values_list("pk", flat=True)
        )
    return memo[term]


def _person_term_ids(ctx, term: str, *, limit: int | None = None):
    """Ids of the profiles ``ctx.user`` may see where one word matches a field
    the viewer may see: a union of small selects, each starting from its own index.

    On PostgreSQL the trigram indexes from ``search/migrations`` serve the
    substring matches; the matching competences are read first (a small table),
    so the links are found through their tag index; and the visibility rule is
    applied inside each part, so no part reads every profile to join against
    (one ``OR`` across the fields, or an outer ``visible_to`` joined with the
    union, made PostgreSQL read every profile: ×2.5 from 1,000 to 10,000 people).
    ``limit`` bounds each part (the search page needs only ``cap + 1`` matches).
    """
    q = Q(display_name__icontains=term) | Q(headline__icontains=term)
    for field in PROFILE_AUDIENCE_FIELDS:
        if _has_field(Profile, field):
            q |= Q(**{f"{field}__icontains": term}) & _field_audience_q(ctx, field)
    parts = [
        Profile.objects.filter(q, profile_visibility_q(ctx.user))
        .order_by()
        .values_list("pk", flat=True)
    ]
    # either language's name or a synonym: each finds the same people
    competences = _matching_competence_ids(ctx, term)
    if competences:
        parts.append(
            ProfileCompetence.objects.filter(
                profile_visibility_q(ctx.user, prefix="content_object__"),
                tag_id__in=competences,
            )
            .order_by()
            .values_list("content_object_id", flat=True)
        )
    roles = Role.objects.matching(term)
    if not _authenticated(ctx.user):
        roles = roles.filter(is_public=True)
    parts.append(
        RoleAssignment.objects.current()
        .filter(RoleAssignment.audience_q(ctx.user))
        .filter(profile_visibility_q(ctx.user, prefix="profile__"))
        .filter(role__in=roles.values("pk"))
        .order_by()
        .values_list("profile_id", flat=True)
    )
    if limit is not None and connection.features.supports_slicing_ordering_in_compound:
        parts = [part[:limit] for part in parts]  # (SQLite: unbounded, small sites)
    return parts[0].union(*parts[1:])


def _one_term_ids(ctx, limit: int) -> list[int]:
    """Ids of the visible profiles matching the only word (at most ``limit`` per
    field group), in id order."""
    return sorted(set(_person_term_ids(ctx, ctx.terms[0], limit=limit)))


def _narrowed(ctx) -> bool:
    """Whether filters narrow the people beyond their text match."""
    return bool(ctx.filters.competence or ctx.filters.role or ctx.network)


def people_queryset(ctx, *, limit: int | None = None):
    """Profiles ``ctx.user`` may see whose visible fields match every term.

    With ``limit`` and one word, its matches are read first (at most ``limit``
    per field group) and the profiles filtered by their ids, so the work follows
    the matches, not the number of profiles.
    """
    f = ctx.filters
    if f.post_kind or f.dated or ctx.network_missing:
        return None
    qs = Profile.objects.visible_to(ctx.user)
    if limit is not None and len(ctx.terms) == 1:
        qs = qs.filter(IdsIn("pk", _one_term_ids(ctx, limit)))
    else:
        # Several words: each word's matches as a subquery, so the intersection is
        # exact (bounding each word first could miss "Anna de Boer" among many "de").
        for term in ctx.terms:
            qs = qs.filter(pk__in=_person_term_ids(ctx, term))
    if f.competence:
        qs = qs.filter(competence_links__tag__slug=f.competence)
    if f.role:
        roles = (
            RoleAssignment.objects.current()
            .visible_to(ctx.user)
            .filter(profile=OuterRef("pk"), role__slug=f.role)
        )
        qs = qs.filter(Exists(roles))
    if ctx.network:
        qs = qs.filter(
            Exists(
                NetworkMembership.objects.filter(
                    user=OuterRef("user"),
                    network=ctx.network,
                    status=NetworkMembership.Status.ACTIVE,
                )
            )
        )
    return qs


def _visible_field_texts(row, viewer) -> list[str]:
    """The searched fields of a profile row that ``viewer`` may see, as plain text
    (``Profile.visible_fields`` for values rows: each under its own audience)."""
    texts = []
    for name in PROFILE_AUDIENCE_FIELDS:
        audience = row[Profile.AUDIENCE_FIELDS[name]]
        if row[name] and audience_allows(viewer, audience, owner=row["user_id"]):
            if name == "languages":
                texts.append(", ".join(p.strip() for p in row[name].split(",")))
            else:
                texts.append(text_of(row[name]))
    return texts


def _person_snippet(row, names, ctx):
    """The first field the viewer may see that holds a match (else the headline)."""
    competences = names().get(row["pk"], [])
    candidates = [row["headline"], *_visible_field_texts(row, ctx.user)]
    candidates.append(", ".join(competences))
    text = next(
        (c for c in candidates if c and any(t in c.lower() for t in ctx.terms)),
        row["headline"] or ", ".join(competences),
    )
    return highlight(text, ctx.terms)


def _competence_names(profile_ids):
    """``{profile pk: [competence names]}`` in the viewer's language: one query,
    run when the first snippet asks (pages without people shown never do)."""
    loaded = {}

    def names():
        if not loaded:
            loaded[None] = True
            rows = (
                ProfileCompetence.objects.filter(
                    IdsIn("content_object_id", profile_ids)
                )
                .order_by("pk")
                .values_list("content_object_id", translated("tag__name"))
            )
            for pk, name in rows:
                loaded.setdefault(pk, []).append(name)
        return loaded

    return names


#: What a hit and its snippet show: plain values, no model objects.
_PERSON_VALUES = (
    "pk",
    "user_id",
    "display_name",
    "headline",
    "score",
    *PROFILE_AUDIENCE_FIELDS,
    *(Profile.AUDIENCE_FIELDS[name] for name in PROFILE_AUDIENCE_FIELDS),
)


def _person_hits(ctx, ids, limit, label):
    first = ctx.terms[0]
    qs = (
        Profile.objects.filter(IdsIn("pk", ids))
        .annotate(
            score=Case(
                When(display_name__iexact=ctx.phrase, then=Value(100.0)),
                When(display_name__istartswith=ctx.phrase, then=Value(70.0)),
                When(display_name__istartswith=first, then=Value(60.0)),
                When(display_name__icontains=first, then=Value(45.0)),
                When(headline__icontains=first, then=Value(25.0)),
                default=Value(20.0),
                output_field=FloatField(),
            )
        )
        .order_by("-score", Length("display_name"), "display_name", "pk")
    )
    rows = list(qs.values(*_PERSON_VALUES, username=F("user__username"))[:limit])
    names = _competence_names([row["pk"] for row in rows])
    return [
        Hit(
            type="person",
            title=row["display_name"],
            snippet=EMPTY,
            make_snippet=partial(_person_snippet, row, names, ctx),
            url=reverse("profiles:detail", kwargs={"username": row["username"]}),
            score=row["score"],
            label=label,
            sort_key=(0, row["display_name"].lower()),
            pk=row["pk"],
        )
        for row in rows
    ]


def _competence_rows(ids):
    return [
        (row["tag__slug"], row["label"], row["n"])
        for row in ProfileCompetence.objects.filter(IdsIn("content_object_id", ids))
        .values("tag__slug", label=translated("tag__name"))
        .annotate(n=Count("pk"))
        .order_by("-n")[:50]
    ]


def _role_rows(ctx, ids):
    roles = (
        RoleAssignment.objects.current()
        .visible_to(ctx.user)
        .filter(IdsIn("profile_id", ids))
    )
    rows = (
        roles.values("role__slug", label=translated("role__name"))
        .annotate(n=Count("profile", distinct=True))
        .order_by("-n", "label")[:FACET_SIZE]
    )
    return [(r["role__slug"], r["label"], r["n"]) for r in rows]


class PeopleSearch(search.SearchType):
    kind = "person"
    label = _("People")
    index = "people"

    def match(self, ctx):
        f = ctx.filters
        if f.post_kind or f.dated or ctx.network_missing:
            return None
        # Match once (from the trigram indexes on PostgreSQL), at most cap + 1
        # profiles; the count, the hits and both people facets reuse the ids.
        if len(ctx.terms) == 1 and not _narrowed(ctx):
            # Each part of the match applies the visibility rule already: the
            # ids are the answer, without a second read of the profiles.
            ids = _one_term_ids(ctx, ctx.cap + 1)[: ctx.cap + 1]
        else:
            people = people_queryset(ctx, limit=ctx.cap + 1)
            ids = list(people.order_by().values_list("pk", flat=True)[: ctx.cap + 1])
        shown = ids[: ctx.cap]
        return Matches(
            count=len(shown),
            capped=len(ids) > ctx.cap,
            hits=lambda limit: _person_hits(ctx, shown, limit, str(self.label)),
            facets=lambda: {
                "competence": _competence_rows(shown),
                "role": _role_rows(ctx, shown),
            },
        )

    def profile_ids(self, ctx):
        """The people directory's text match: a subquery of profile ids."""
        if len(ctx.terms) == 1:  # the directory filters by visibility itself
            return _person_term_ids(ctx, ctx.terms[0])
        return people_queryset(ctx).values("pk")

    def autocomplete(self, ctx, limit):
        people = Profile.objects.visible_to(ctx.user)
        for term in ctx.terms:
            people = people.filter(display_name__icontains=term)
        people = people.annotate(
            starts=Case(
                When(display_name__istartswith=ctx.phrase, then=Value(1)),
                default=Value(0),
            )
        ).order_by("-starts", "display_name")
        return [
            {
                "type": "person",
                "label": p.display_name,
                "detail": p.headline,
                "url": p.get_absolute_url(),
            }
            for p in people.select_related("user")[:limit]
        ]

    # --- Elasticsearch ----------------------------------------------------------

    def objects(self):
        return Profile.objects.select_related("user").prefetch_related(
            "competence_links__tag",
            "role_assignments__role",
            "user__network_memberships",
        )

    def source(self, profile) -> dict:
        """A profile's document: each audience-bound field in its audience bucket."""
        buckets: dict[str, list[str]] = {
            a: [] for a in ("public", "community", "staff")
        }
        buckets["private"] = []
        for field in PROFILE_AUDIENCE_FIELDS:
            value = getattr(profile, field, "")
            if not value:
                continue
            audience_field = profile.AUDIENCE_FIELDS.get(field, f"{field}_audience")
            audience = getattr(profile, audience_field, Audience.PUBLIC)
            buckets.setdefault(audience, []).append(text_of(str(value)))
        links = list(profile.competence_links.all())
        # A role earned in a staff context is not indexed at all: the document has
        # no staff bucket for roles, and leaving it out cannot leak it.
        assignments = [
            a
            for a in profile.role_assignments.all()
            if a.is_current and a.audience in (Audience.PUBLIC, Audience.COMMUNITY)
        ]
        public_roles = [
            a.role
            for a in assignments
            if a.role.is_public and a.audience == Audience.PUBLIC
        ]
        return {
            "type": "person",
            "name": profile.display_name,
            "headline": profile.headline,
            "competences": [n for link in links for n in link.tag.all_names()],
            "competence_slugs": [link.tag.slug for link in links],
            "roles_public": [r.name for r in public_roles],
            "roles_members": [a.role.name for a in assignments],
            "role_slugs_public": [r.slug for r in public_roles],
            "role_slugs": sorted({a.role.slug for a in assignments}),
            **{f"text_{a}": " \n".join(v) for a, v in buckets.items()},
            "network_ids": [
                m.network_id
                for m in profile.user.network_memberships.all()
                if m.status == m.Status.ACTIVE
            ],
            "public_profile": profile.public_profile,
            "is_active": profile.user.is_active,
            "user_id": profile.user_id,
            "url": profile.get_absolute_url(),
        }

    def dependencies(self):
        def own(instance):
            return [instance.pk]

        def part(instance):
            return [getattr(instance, "profile_id", None) or instance.content_object_id]

        def of_user(user_id):
            return list(
                Profile.objects.filter(user_id=user_id).values_list("pk", flat=True)
            )

        return [
            (Profile, own),
            (ProfileCompetence, part),
            (RoleAssignment, part),
            (NetworkMembership, lambda instance: of_user(instance.user_id)),
            # Saved only (a deleted user takes the profile along).
            (get_user_model(), lambda instance: of_user(instance.pk), "save"),
        ]

    def facet_labels(self, facet, values):
        if facet == "role":
            return dict(
                Role.objects.filter(slug__in=values).values_list("slug", "name")
            )
        return {}


class CompetenceSearch(search.SearchType):
    kind = "competence"
    label = _("Competences")
    index = "competences"

    @staticmethod
    def url(competence_slug: str) -> str:
        return f"{reverse('profiles:directory')}?competence={competence_slug}"

    def match(self, ctx):
        f = ctx.filters
        if f.post_kind or f.role or f.dated or ctx.network or ctx.network_missing:
            return None
        qs = Competence.objects.all()
        for term in ctx.terms:
            qs = qs.filter(IdsIn("pk", _matching_competence_ids(ctx, term)))
        if f.competence:
            qs = qs.filter(slug=f.competence)
        # The vocabulary is small: one read of the ranked matches (at most cap + 1,
        # as plain values) gives the count and the hits.
        rows = list(
            qs.annotate(
                score=Case(
                    When(name__iexact=ctx.phrase, then=Value(90.0)),
                    When(name__istartswith=ctx.terms[0], then=Value(50.0)),
                    default=Value(35.0),
                    output_field=FloatField(),
                ),
                label=translated("name"),
                about=translated("description"),
            )
            .order_by("-score", "label")
            .values("pk", "slug", "label", "about", "score")[: ctx.cap + 1]
        )
        return Matches(
            count=min(len(rows), ctx.cap),
            capped=len(rows) > ctx.cap,
            hits=lambda limit: self._hits(ctx, rows[: min(limit, ctx.cap)]),
        )

    def _hits(self, ctx, rows):
        people_url = reverse("profiles:directory")
        label = str(self.label)
        return [
            Hit(
                type="competence",
                title=row["label"],
                snippet=EMPTY,
                make_snippet=partial(text_snippet, row["about"], "", ctx.terms),
                url=f"{people_url}?competence={row['slug']}",
                score=row["score"],
                label=label,
                sort_key=(0, row["label"].lower()),
                pk=row["pk"],
            )
            for row in rows
        ]

    def autocomplete(self, ctx, limit):
        competences = Competence.objects.all()
        for term in ctx.terms:
            competences = competences.filter(
                pk__in=Competence.objects.matching(term).values("pk")
            )
        competences = competences.annotate(
            starts=Case(
                When(name__istartswith=ctx.phrase, then=Value(1)), default=Value(0)
            )
        ).order_by("-starts", "name")
        directory = reverse("profiles:directory")
        return [
            {
                "type": "competence",
                "label": c.name,
                "detail": str(self.label),
                "url": f"{directory}?competence={c.slug}",
            }
            for c in competences[:limit]
        ]

    def objects(self):
        return Competence.objects.all()

    def source(self, competence) -> dict:
        return {
            "type": "competence",
            "name": competence.name,
            "names": competence.all_names(),
            "name_nl": competence.name_nl or "",
            "name_en": competence.name_en or "",
            "description": text_of(competence.description),
            "slug": competence.slug,
            "url": self.url(competence.slug),
        }

    def dependencies(self):
        return [(Competence, lambda instance: [instance.pk])]

    def facet_labels(self, facet, values):
        if facet == "competence":
            return dict(
                Competence.objects.filter(slug__in=values).values_list("slug", "name")
            )
        return {}


search.register(PeopleSearch())
search.register(CompetenceSearch())
search.provide("visible_network", visible_network)
