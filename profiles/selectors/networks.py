"""Networks"""

from __future__ import annotations

from django.db.models import (
    Count,
    Prefetch,
    Q,
)

from intranet.audience import (
    is_community_manager,
)

from ..models import (
    Network,
    NetworkMembership,
    profile_visibility_q,
)
from .common import (
    _photo_prefetch,
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


def network_host_ids(*, network) -> list[int]:
    """The members who host ``network`` (they decide who joins)."""
    return list(
        NetworkMembership.objects.filter(
            network=network,
            role=NetworkMembership.Role.HOST,
            status=NetworkMembership.Status.ACTIVE,
        ).values_list("user_id", flat=True)
    )


def is_network_host(*, user, network) -> bool:
    if is_community_manager(user):
        return True
    m = membership_of(user=user, network=network)
    return bool(
        m
        and m.role == NetworkMembership.Role.HOST
        and m.status == NetworkMembership.Status.ACTIVE
    )
