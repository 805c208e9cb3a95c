"""Suggestions: who can teach a member, and people they may know."""

from __future__ import annotations

from collections import Counter

from django.db import connection
from django.db.models import (
    Count,
    F,
)

from ..models import (
    Follow,
    LearningInterest,
    NetworkMembership,
    Profile,
    ProfileCompetence,
    profile_visibility_q,
)
from .common import (
    SUGGESTION_POOL,
)

#: How many of the most endorsed holders of each wanted competence are weighed:
#: the work per profile page stays bounded however many hold that competence.
TEACHER_POOL_PER_COMPETENCE = 12


def _wanted_tag_ids(profile) -> list[int]:
    """What ``profile`` wants to learn; no query when the page prefetched it."""
    prefetched = getattr(profile, "_prefetched_objects_cache", {}).get("learning_links")
    if prefetched is not None:
        return sorted({link.tag_id for link in prefetched})
    return list(
        LearningInterest.objects.filter(content_object=profile)
        .order_by("tag_id")
        .values_list("tag_id", flat=True)
    )


def teachers_for(*, viewer, profile, limit: int = 6) -> list:
    """People who declared, at practised or expert level, what ``profile`` wants to learn.

    Starts from the wanted competences: for each, the most endorsed visible
    holders read from the (tag, endorsement count) index, at most
    ``TEACHER_POOL_PER_COMPETENCE`` each, so the cost follows the member's
    learning interests, not the size of the organisation (scanning every
    visible profile with a semi-join each took 100–380 ms at 10,000 people).
    A member without learning interests costs nothing.
    """
    wanted = _wanted_tag_ids(profile)
    if not wanted:
        return []
    holders = ProfileCompetence.objects.filter(
        profile_visibility_q(viewer, prefix="content_object__"),
        level__in=["practised", "expert"],
    ).exclude(content_object_id=profile.pk)
    if connection.features.supports_slicing_ordering_in_compound:
        pools = [
            holders.filter(tag_id=tag_id)
            .order_by("-endorsement_count", "pk")
            .values_list("content_object_id", flat=True)[:TEACHER_POOL_PER_COMPETENCE]
            for tag_id in wanted
        ]
        candidates = pools[0].union(*pools[1:]) if len(pools) > 1 else pools[0]
    else:  # SQLite (the embedded default, small sites): one plain subquery
        candidates = holders.filter(tag_id__in=wanted).values("content_object_id")
    return list(
        Profile.objects.filter(pk__in=candidates)
        .select_related("user")
        .order_by("-endorsement_total", "display_name", "pk")[:limit]
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
    }
    return [by_user[uid] for uid in ranked if uid in by_user][:limit]
