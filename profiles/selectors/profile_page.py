"""A profile's page"""

from __future__ import annotations

from django.db.models import (
    Prefetch,
)

from ..models import (
    Endorsement,
    Follow,
    LearningInterest,
    Profile,
    ProfileCompetence,
    RoleAssignment,
)

#: Endorsers named per competence; the rest are counted ("and 40 more") from
#: the stored ``endorsement_count``, so a much-endorsed member's page stays small.
ENDORSERS_SHOWN = 8


def profile_for_page(*, viewer, username: str):
    """The profile with everything its page shows, in a fixed number of queries.

    Each competence link carries its first ``ENDORSERS_SHOWN`` endorsements
    (``endorsers``). Whether the viewer endorsed one is theirs alone: it is filled
    in per viewer after the page cache (profiles/viewer_state.py), never here.
    """
    endorsers = Endorsement.objects.select_related("endorser__profile").order_by(
        "created_at", "pk"
    )[:ENDORSERS_SHOWN]
    links = ProfileCompetence.objects.select_related("tag").order_by("tag__name")
    roles = (
        RoleAssignment.objects.visible_to(viewer)
        .select_related("role")
        .order_by("-since")
    )
    return (
        Profile.objects.visible_to(viewer)
        .select_related("user")
        .prefetch_related(
            Prefetch("role_assignments", queryset=roles, to_attr="all_roles"),
            Prefetch(
                "competence_links",
                queryset=links.prefetch_related(
                    # sliced, so kept apart (Django cannot cache a sliced manager)
                    Prefetch("endorsements", queryset=endorsers, to_attr="endorsers")
                ),
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
    )


def following_of(*, viewer, user):
    return (
        Profile.objects.visible_to(viewer)
        .filter(user__follower_links__follower=user)
        .select_related("user")
    )
