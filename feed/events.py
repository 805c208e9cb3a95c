"""The live feed's wire format: group names, event payloads, and the one function
that records an event and broadcasts it after the transaction commits."""

from __future__ import annotations

import logging
from typing import Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from intranet.audience import (
    Audience,
    audiences_for,
    is_community_manager,
    member_network_ids,
)

logger = logging.getLogger(__name__)

PUBLIC_GROUP = "feed.public"
COMMUNITY_GROUP = "feed.community"
STAFF_GROUP = "feed.staff"
AUDIENCE_GROUPS = {
    Audience.PUBLIC: PUBLIC_GROUP,
    Audience.COMMUNITY: COMMUNITY_GROUP,
    Audience.STAFF: STAFF_GROUP,
}

EventType = Literal[
    "post_created",
    "post_updated",
    "post_deleted",
    "comment_created",
    "reactions_changed",
    "notification",
]


def network_group(network_id: int) -> str:
    return f"feed.network.{network_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def audience_group(audience: str, network_id: int | None) -> str:
    """The one group a piece of content goes to: its network, else its audience."""
    if network_id is not None:
        return network_group(network_id)
    return AUDIENCE_GROUPS[audience]


def groups_for(user) -> list[str]:
    """Every group this user's socket joins: exactly what their audience allows."""
    from profiles.models import Network

    groups = [AUDIENCE_GROUPS[a] for a in audiences_for(user) if a in AUDIENCE_GROUPS]
    if getattr(user, "is_authenticated", False):
        if is_community_manager(user):
            network_ids = Network.objects.values_list("pk", flat=True)
        else:
            network_ids = member_network_ids(user).values_list("network_id", flat=True)
        groups += [network_group(pk) for pk in network_ids]
        groups.append(user_group(user.pk))
    return groups


class PostEnvelope(TypedDict):
    id: int  # the event id, for resuming
    type: EventType
    post_id: int
    kind: str
    html: str
    comment_count: int
    reaction_counts: dict[str, int]


class CommentEnvelope(TypedDict):
    id: int
    type: EventType
    post_id: int
    comment_id: int
    parent_id: int | None
    html: str
    comment_count: int


class ReactionsEnvelope(TypedDict):
    id: int
    type: EventType
    post_id: int
    reaction_counts: dict[str, int]


class NotificationEnvelope(TypedDict):
    id: int
    type: EventType
    text: str
    url: str
    unread: int


def publish(
    event_type: EventType,
    payload: dict,
    *,
    audience: str = "",
    network_id: int | None = None,
    recipient_id: int | None = None,
):
    """Record the event now (in the caller's transaction) and send it once it commits.

    ``payload`` is already rendered: the HTML fragment is made once here, never
    per recipient. Returns the FeedEvent.
    """
    from .models import FeedEvent

    event = FeedEvent.objects.create(
        type=event_type,
        audience=audience,
        network_id=network_id,
        recipient_id=recipient_id,
        payload=payload,
    )
    envelope = {"id": event.pk, "type": event_type, **payload}
    group = (
        user_group(recipient_id)
        if recipient_id is not None
        else audience_group(audience, network_id)
    )
    transaction.on_commit(lambda: _send(group, event_type, envelope))
    return event


def _send(group: str, event_type: str, envelope: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group, {"type": f"feed.{event_type}", "envelope": envelope}
        )
    except Exception:  # noqa: BLE001 - a down channel layer must not fail the write; replay covers it
        logger.exception("Could not broadcast %s to %s", event_type, group)


def replay_since(user, last_id: int, limit: int):
    """Events after ``last_id`` this user may see, oldest first, or None when more
    than ``limit`` were missed (the client must reload instead)."""
    from .models import FeedEvent

    oldest = FeedEvent.objects.order_by("pk").values_list("pk", flat=True).first()
    if oldest is not None and last_id < oldest - 1:
        return None  # pruned events were missed: only a reload is complete
    events = list(
        FeedEvent.objects.for_member(user)
        .filter(pk__gt=last_id)
        .order_by("pk")[: limit + 1]
    )
    if len(events) > limit:
        return None
    return [{"id": e.pk, "type": e.type, **e.payload} for e in events]
