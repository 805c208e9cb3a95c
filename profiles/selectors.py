"""Reads on people: directory, profile page, suggestions. Audience applied here."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
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
from django.utils import translation
from wagtail.images import get_image_model

from intranet import search
from intranet.audience import (
    COMMUNITY_MANAGERS_GROUP,
    EMPLOYEES_GROUP,
    is_community_manager,
)
from intranet.site_url import absolute_url

from .models import (
    Competence,
    Endorsement,
    Follow,
    LearningInterest,
    Network,
    NetworkMembership,
    Profile,
    ProfileCompetence,
    Role,
    RoleAssignment,
    profile_visibility_q,
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
    qs = (
        qs.select_related("user")
        .prefetch_related(_photo_prefetch(), *_directory_prefetches(viewer))
        .order_by(*order)
    )
    return qs, notes


def profile_for_page(*, viewer, username: str):
    """The profile with everything its page shows, in a fixed number of queries."""
    endorsers = Endorsement.objects.select_related("endorser__profile").order_by(
        "created_at"
    )
    roles = (
        RoleAssignment.objects.visible_to(viewer)
        .select_related("role")
        .order_by("-since")
    )
    return (
        Profile.objects.visible_to(viewer)
        .select_related("user")
        .prefetch_related(
            _photo_prefetch(PHOTO_LARGE),
            Prefetch("role_assignments", queryset=roles, to_attr="all_roles"),
            Prefetch(
                "competence_links",
                queryset=ProfileCompetence.objects.select_related("tag")
                .prefetch_related(Prefetch("endorsements", queryset=endorsers))
                .order_by("tag__name"),
            ),
            Prefetch(
                "learning_links",
                queryset=LearningInterest.objects.select_related("tag").order_by(
                    "tag__name"
                ),
            ),
        )
        .filter(user__username=username)
        .first()
    )


def follow_counts(*, user) -> dict:
    return {
        "followers": Follow.objects.filter(followed=user).count(),
        "following": Follow.objects.filter(follower=user).count(),
    }


def is_following(*, follower, followed) -> bool:
    if not getattr(follower, "is_authenticated", False):
        return False
    return Follow.objects.filter(follower=follower, followed=followed).exists()


def followers_of(*, viewer, user):
    return (
        Profile.objects.visible_to(viewer)
        .filter(user__following_links__followed=user)
        .select_related("user")
        .prefetch_related(_photo_prefetch())
    )


def following_of(*, viewer, user):
    return (
        Profile.objects.visible_to(viewer)
        .filter(user__follower_links__follower=user)
        .select_related("user")
        .prefetch_related(_photo_prefetch())
    )


def teachers_for(*, viewer, profile, limit: int = 6):
    """People who declared, at practised or expert level, what ``profile`` wants to learn."""
    wanted = LearningInterest.objects.filter(content_object=profile).values("tag_id")
    return (
        Profile.objects.visible_to(viewer)
        .exclude(pk=profile.pk)
        .filter(
            Exists(
                ProfileCompetence.objects.filter(
                    content_object=OuterRef("pk"),
                    tag_id__in=wanted,
                    level__in=["practised", "expert"],
                )
            )
        )
        .select_related("user")
        .prefetch_related(_photo_prefetch())
        .order_by("display_name")[:limit]
    )


def people_you_may_know(*, viewer, limit: int = 6):
    """Suggestions from shared competences, shared networks and follows of follows.

    Three small queries on one table each (a join of all three is slow at
    10,000 people), each bounded, counted and summed here; then one query for
    the profiles.
    """
    if not getattr(viewer, "is_authenticated", False):
        return []
    cap = limit * 5
    i_follow = set(
        Follow.objects.filter(follower=viewer).values_list("followed_id", flat=True)
    )
    my_tags = ProfileCompetence.objects.filter(content_object__user=viewer).values(
        "tag_id"
    )
    my_networks = NetworkMembership.objects.filter(
        user=viewer, status=NetworkMembership.Status.ACTIVE
    ).values("network_id")
    # Overlaps are counted over the newest SUGGESTION_POOL links only: counting
    # every member who shares a competence or network grows with the community.
    shared_tags = (
        ProfileCompetence.objects.filter(tag_id__in=my_tags)
        .order_by("-pk")
        .values_list("content_object__user_id", flat=True)[:SUGGESTION_POOL]
    )
    shared_networks = (
        NetworkMembership.objects.filter(
            network_id__in=my_networks, status=NetworkMembership.Status.ACTIVE
        )
        .order_by("-pk")
        .values_list("user_id", flat=True)[:SUGGESTION_POOL]
    )
    follows_of_follows = (
        Follow.objects.filter(follower_id__in=i_follow)
        .values(uid=F("followed_id"))
        .annotate(n=Count("pk"))
        .order_by("-n", "uid")[:cap]
    )
    sources = [Counter(shared_tags), Counter(shared_networks)]
    sources.append({row["uid"]: row["n"] for row in follows_of_follows})
    scores: dict[int, int] = {}
    for source in sources:
        for uid in sorted(source, key=lambda uid: (-source[uid], uid))[:cap]:
            scores[uid] = scores.get(uid, 0) + source[uid]
    scores.pop(viewer.pk, None)
    for uid in i_follow:
        scores.pop(uid, None)
    ranked = sorted(scores, key=lambda uid: (-scores[uid], uid))[:cap]
    by_user = {
        p.user_id: p
        for p in Profile.objects.visible_to(viewer)
        .filter(user_id__in=ranked)
        .select_related("user")
        .prefetch_related(_photo_prefetch())
    }
    return [by_user[uid] for uid in ranked if uid in by_user][:limit]


def competence_people(*, viewer, competence, limit: int = 48):
    """Who knows it (by level, endorsements) and who wants to learn it."""
    visible = Profile.objects.visible_to(viewer)
    knowers = (
        ProfileCompetence.objects.filter(tag=competence)
        .filter(profile_visibility_q(viewer, "content_object__"))
        .select_related("content_object__user")
        .prefetch_related(
            Prefetch(
                "content_object__photo",
                queryset=_photo_prefetch().queryset,
            )
        )
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
        .prefetch_related(_photo_prefetch())
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


def networks_for(*, viewer):
    return (
        Network.objects.visible_to(viewer)
        .annotate(
            member_count=Count(
                "memberships",
                filter=Q(memberships__status=NetworkMembership.Status.ACTIVE),
            )
        )
        .order_by("name", "pk")
    )


def network_members(*, viewer, network):
    return (
        NetworkMembership.objects.filter(
            network=network,
            status=NetworkMembership.Status.ACTIVE,
        )
        .filter(profile_visibility_q(viewer, "user__profile__"))
        .select_related("user__profile")
        .prefetch_related(
            Prefetch("user__profile__photo", queryset=_photo_prefetch().queryset)
        )
        .order_by("role", "user__profile__display_name")  # "host" sorts first
    )


def membership_of(*, user, network):
    if not getattr(user, "is_authenticated", False):
        return None
    return NetworkMembership.objects.filter(network=network, user=user).first()


def is_network_host(*, user, network) -> bool:
    if is_community_manager(user):
        return True
    m = membership_of(user=user, network=network)
    return bool(
        m
        and m.role == NetworkMembership.Role.HOST
        and m.status == NetworkMembership.Status.ACTIVE
    )


def profile_data(*, profile, viewer) -> dict:
    """A profile as JSON-ready data, with only the fields ``viewer`` may see.

    Used by the API; the one place a JSON view of someone else's profile is built.
    """
    roles = [
        {
            "role": a.role.name,
            "slug": a.role.slug,
            "context": a.context_label,
            "since": a.since.isoformat(),
            "until": a.until.isoformat() if a.until else None,
        }
        for a in RoleAssignment.objects.visible_to(viewer)
        .filter(profile=profile)
        .select_related("role")
    ]
    competences = [
        {
            "name": link.tag.name,
            "slug": link.tag.slug,
            "level": link.level,
            "endorsements": link.n,
        }
        for link in profile.competence_links.select_related("tag")
        .annotate(n=Count("endorsements"))
        .order_by("tag__name")
    ]
    return {
        "username": profile.user.username,
        "display_name": profile.display_name,
        "headline": profile.headline,
        "url": absolute_url(profile.get_absolute_url()),
        **profile.visible_fields(viewer),
        "roles": roles,
        "competences": competences,
        "learning_interests": list(
            profile.learning_links.order_by("tag__name").values_list(
                "tag__name", flat=True
            )
        ),
    }


def person_summary(*, profile, viewer) -> dict:
    """A directory row as data, from the directory queryset's prefetches (no queries)."""
    return {
        "username": profile.user.username,
        "display_name": profile.display_name,
        "headline": profile.headline,
        "url": absolute_url(profile.get_absolute_url()),
        **profile.visible_fields(viewer),
        "roles": [
            {"role": a.role.name, "slug": a.role.slug, "context": a.context_label}
            for a in profile.current_roles
        ],
        "competences": [
            {
                "name": link.tag.name,
                "slug": link.tag.slug,
                "level": link.level,
                "endorsements": link.endorsement_count,
            }
            for link in profile.competences_shown
        ],
    }
