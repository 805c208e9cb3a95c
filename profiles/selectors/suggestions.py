"""Suggestions"""

from __future__ import annotations

from collections import Counter

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
)

from ..models import (
    Follow,
    LearningInterest,
    NetworkMembership,
    Profile,
    ProfileCompetence,
)
from .common import (
    SUGGESTION_POOL,
    _photo_prefetch,
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
