"""The people directory"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from intranet import search
from intranet.audience import (
    COMMUNITY_MANAGERS_GROUP,
    EMPLOYEES_GROUP,
)

from ..models import (
    Competence,
    Profile,
    ProfileCompetence,
    Role,
    RoleAssignment,
)
from .common import translated


def role_choices(*, viewer) -> list[dict]:
    """The directory's role filter: ``{"slug", "label"}`` of the roles ``viewer``
    may see, by name in the reader's language (values, not Role objects)."""
    return list(
        Role.objects.visible_to(viewer)
        .annotate(label=translated("name"))
        .order_by("label", "pk")
        .values("slug", "label")
    )


def users_with_competences(*, competence_ids) -> QuerySet:
    """Active members who declared any of these competences (for "can you help?")."""
    User = get_user_model()
    ids = [int(i) for i in competence_ids]
    if not ids:
        return User.objects.none()
    return User.objects.filter(
        is_active=True,
        pk__in=ProfileCompetence.objects.filter(tag_id__in=ids).values(
            "content_object__user_id"
        ),
    )


def profiles_matching_text(queryset, q: str, viewer):
    """The directory's text filter: the search backend decides what matches, over
    the fields this viewer may see (name, headline, bio, competences…), through
    the people declaration in ``profiles/search.py`` (the registry in
    ``intranet/search.py`` reaches the backend, so profiles need not import it)."""
    q = (q or "").strip()
    if not q:
        return queryset
    return queryset.filter(pk__in=search.matching_ids("person", q, viewer))


def own_profile_matches(viewer, q: str) -> bool:
    """Does ``q`` match the viewer's own profile? They match their own fields of
    every audience (private ones too), so such a page is theirs alone: the page
    cache keeps it per member (intranet/viewer_state.py), never shared."""
    q = (q or "").strip()
    if not q or not getattr(viewer, "is_authenticated", False):
        return False
    return Profile.objects.filter(
        user=viewer, pk__in=search.matching_ids("person", q, viewer)
    ).exists()


def _directory_prefetches(viewer):
    roles = RoleAssignment.objects.current().visible_to(viewer).select_related("role")
    return [
        Prefetch("role_assignments", queryset=roles, to_attr="current_roles"),
        Prefetch(
            "competence_links",
            queryset=ProfileCompetence.objects.select_related("tag").order_by(
                "-endorsement_count", "tag__name"
            ),
            to_attr="competences_shown",
        ),
    ]


def profiles_for_directory(
    *,
    viewer,
    q: str = "",
    competence_slugs=(),
    role_slug: str = "",
    kind: str = "",
):
    """Directory results as profiles with their roles and competences prefetched
    (the API's rows). Returns (queryset, notes) as ``directory_profiles``."""
    qs, notes = directory_profiles(
        viewer=viewer,
        q=q,
        competence_slugs=competence_slugs,
        role_slug=role_slug,
        kind=kind,
    )
    qs = qs.select_related("user").prefetch_related(*_directory_prefetches(viewer))
    return qs, notes


def directory_profiles(
    *,
    viewer,
    q: str = "",
    competence_slugs=(),
    role_slug: str = "",
    kind: str = "",
):
    """Directory results: visible profiles, filtered, sorted by relevance then
    endorsements. Returns (queryset, notes) where notes explain ignored filters."""
    notes = []
    qs = Profile.objects.visible_to(viewer)
    qs = profiles_matching_text(qs, q, viewer)
    slugs = [s for s in competence_slugs if s]
    if slugs:
        known = list(Competence.objects.filter(slug__in=slugs))
        unknown = set(slugs) - {c.slug for c in known}
        for name in sorted(unknown):  # without JavaScript people type a name
            by_name = Competence.objects.filter(name__iexact=name).first()
            if by_name:
                known.append(by_name)
                unknown.discard(name)
        if unknown:
            notes.append(("competence", sorted(unknown)))
            qs = qs.none()
        for competence in known[1:]:
            qs = qs.filter(
                Exists(
                    ProfileCompetence.objects.filter(
                        content_object=OuterRef("pk"), tag=competence
                    )
                )
            )
    if role_slug:
        role = Role.objects.visible_to(viewer).filter(slug=role_slug).first()
        if role is None:
            notes.append(("role", [role_slug]))
            qs = qs.none()
        else:
            qs = qs.filter(
                Exists(
                    RoleAssignment.objects.current()
                    .filter(profile=OuterRef("pk"), role=role)
                    .filter(RoleAssignment.audience_q(viewer))
                )
            )
    if kind:
        managers = Q(user__is_superuser=True) | Q(
            user__groups__name=COMMUNITY_MANAGERS_GROUP
        )
        employees = managers | Q(user__groups__name=EMPLOYEES_GROUP)
        if kind == "manager":
            qs = qs.filter(pk__in=Profile.objects.filter(managers).values("pk"))
        elif kind == "employee":
            qs = qs.filter(
                pk__in=Profile.objects.filter(employees).values("pk")
            ).exclude(pk__in=Profile.objects.filter(managers).values("pk"))
        elif kind == "external":
            qs = qs.exclude(pk__in=Profile.objects.filter(employees).values("pk"))
        else:
            notes.append(("kind", [kind]))
            qs = qs.none()
    # Sorted by the stored endorsement counts (indexed), never by counting.
    if slugs and known:
        # The first competence is a join, so PostgreSQL can read its holders
        # most-endorsed first from the (tag, endorsement_count) index.
        qs = qs.filter(competence_links__tag=known[0])
        if len(known) == 1:
            qs = qs.annotate(
                endorsement_total_shown=F("competence_links__endorsement_count")
            )
        else:
            qs = qs.annotate(
                endorsement_total_shown=Coalesce(
                    Subquery(
                        ProfileCompetence.objects.filter(
                            content_object=OuterRef("pk"), tag__in=[c.pk for c in known]
                        )
                        .order_by()
                        .values("content_object")
                        .annotate(n=Sum("endorsement_count"))
                        .values("n")[:1],
                        output_field=IntegerField(),
                    ),
                    0,
                )
            )
        order = ["-endorsement_total_shown", "display_name", "pk"]
    else:
        order = ["-endorsement_total", "display_name", "pk"]
    if q.strip():
        # relevance: a name match beats a headline-only match
        first = q.split()[0]
        qs = qs.annotate(
            relevance=Case(
                When(display_name__icontains=first, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        order = ["-relevance", *order]
    return qs.order_by(*order), notes
