"""Networks"""

from __future__ import annotations

from dataclasses import dataclass

from intranet.audience import (
    is_community_manager,
)

from ..models import (
    Network,
    NetworkMembership,
    profile_visibility_q,
)
from .cards import PersonCard, person_chips, person_fields


def networks_for(*, viewer):
    """The networks ``viewer`` may see, by name, each with its stored
    ``member_count`` (never counted per request)."""
    return Network.objects.visible_to(viewer).order_by("name", "pk")


@dataclass(slots=True)
class Member:
    """One member as a network's page lists them."""

    person: PersonCard
    is_host: bool


def network_members(*, viewer, network, limit: int):
    """The first ``limit`` active members ``viewer`` may see, hosts first, then
    by seniority, as plain values: read in this order from the partial index
    ``profiles_nm_members_idx`` (network, role, id), never sorting all members."""
    rows = list(
        NetworkMembership.objects.filter(
            network=network,
            status=NetworkMembership.Status.ACTIVE,
        )
        .filter(profile_visibility_q(viewer, "user__profile__"))
        .order_by("role", "pk")  # "host" sorts before "member"
        .values("role", *person_fields("user__profile__"))[:limit]
    )
    people = person_chips(rows, prefix="user__profile__")
    return [
        Member(person=person, is_host=row["role"] == NetworkMembership.Role.HOST)
        for person, row in zip(people, rows, strict=True)
    ]


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
