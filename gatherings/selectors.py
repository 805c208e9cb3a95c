"""Reads for gatherings: what a viewer may see, with counts, in a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from home.models import Promise
from intranet.audience import can_see, is_employee, page_visible_to
from profiles.models import Network, NetworkMembership

from .models import Gathering, Registration

_CONFIRMED = Registration.Status.CONFIRMED
_WAITING = Registration.Status.WAITING


def with_counts(queryset):
    return queryset.annotate(
        taken=Count("registrations", filter=Q(registrations__status=_CONFIRMED)),
        waiting=Count("registrations", filter=Q(registrations__status=_WAITING)),
    )


def gatherings_for(user, *, network: Network | None = None):
    """Gatherings ``user`` may see (of one network when given), with their counts."""
    queryset = Gathering.objects.visible_to(user)
    if network is not None:
        queryset = queryset.filter(networks=network)
    return with_counts(queryset).select_related("organiser__profile")


def upcoming_for(user, *, network: Network | None = None):
    return gatherings_for(user, network=network).upcoming().order_by("starts_at", "pk")


def past_for(user, *, network: Network | None = None):
    return gatherings_for(user, network=network).past().order_by("-starts_at", "-pk")


def my_registrations(user) -> dict[int, str]:
    """gathering id -> status of the viewer's live registrations (one query)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    rows = Registration.objects.filter(user=user).exclude(
        status=Registration.Status.CANCELLED
    )
    return dict(rows.values_list("gathering_id", "status"))


def gathering_for(user, pk: int) -> Gathering | None:
    """The gathering if ``user`` may see it (else None: the view answers 404)."""
    return gatherings_for(user).filter(pk=pk).first()


def network_for(user, slug: str) -> Network | None:
    network = Network.objects.filter(slug=slug).first()
    if network is None or not can_see(user, network):
        return None
    return network


def hosted_networks(user):
    """The networks ``user`` hosts (an active host membership)."""
    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    return Network.objects.filter(
        memberships__user=user,
        memberships__role=NetworkMembership.Role.HOST,
        memberships__status=NetworkMembership.Status.ACTIVE,
    )


def networks_to_organise_for(user):
    """Networks a gathering may be linked to: any the employee may see, or the ones a
    network host hosts."""
    if is_employee(user):
        return Network.objects.visible_to(user)
    return hosted_networks(user)


def networks_with_gatherings(user):
    """Networks the viewer may see that have gatherings the viewer may see (for the
    per-network calendar links)."""
    visible = Gathering.objects.visible_to(user)
    return (
        Network.objects.visible_to(user)
        .filter(gatherings__in=visible)
        .distinct()
        .order_by("name")
    )


@dataclass(frozen=True)
class Links:
    """What a gathering is linked to, limited to what the viewer may see."""

    networks: list
    promises: list
    roadmap_items: list


def links_for(user, gathering: Gathering) -> Links:
    networks = list(
        Network.objects.visible_to(user).filter(gatherings=gathering).order_by("name")
    )
    promises = list(Promise.objects.filter(pk__in=gathering.promises.values("pk")))
    items = [
        item
        for item in gathering.roadmap_items.live().specific()
        if page_visible_to(user, item)
    ]
    return Links(networks=networks, promises=promises, roadmap_items=items)


def attendees(gathering: Gathering):
    """Who has a place, for the organiser (names only)."""
    return (
        gathering.registrations.filter(status=_CONFIRMED)
        .select_related("user__profile")
        .order_by("queued_at", "pk")
    )


def waiting_position(registration: Registration) -> int:
    """1 for the first on the waiting list."""
    return (
        Registration.objects.filter(
            gathering_id=registration.gathering_id,
            status=_WAITING,
        )
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def preload(queryset):
    """Gatherings with their networks prefetched (for list cards)."""
    return queryset.prefetch_related(
        Prefetch("networks", queryset=Network.objects.order_by("name"))
    )
