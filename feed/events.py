"""The live feed's wire format: group names, event payloads, the one function that
records an event and broadcasts it after commit, and the commit-ordered cursor.

An event row holds references (post, comment, notification), never content:
what a reconnecting client replays is rendered from the present (feed.replay).
The live broadcast is rendered once, in memory, and never stored.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Literal, TypedDict

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection, transaction
from django.db.models import Max

from intranet.audience import (
    Audience,
    audiences_for,
    is_community_manager,
    member_network_ids,
)
from profiles.models import Network

from .models import FeedEvent

logger = logging.getLogger(__name__)

PUBLIC_GROUP = "feed.public"
COMMUNITY_GROUP = "feed.community"
STAFF_GROUP = "feed.staff"
AUDIENCE_GROUPS = {
    Audience.PUBLIC: PUBLIC_GROUP,
    Audience.COMMUNITY: COMMUNITY_GROUP,
    Audience.STAFF: STAFF_GROUP,
}
#: The key of the PostgreSQL advisory lock that serialises cursor assignment.
SEQUENCE_LOCK = 0x4B6F657273  # "Koers"
#: The type of the one row that marks how far events were pruned.
FLOOR_TYPE = "floor"
#: Events a sweep numbers in one go (more are left for the next sweep).
SWEEP_BATCH = 1000

EventType = Literal[
    "post_created",
    "post_updated",
    "post_deleted",
    "comment_created",
    "comment_deleted",
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
    id: int  # the event id, to drop duplicates
    seq: int | None  # the cursor position (see docs/realtime.md)
    type: EventType
    post_id: int
    kind: str
    html: str
    comment_count: int
    reaction_counts: dict[str, int]


class CommentEnvelope(TypedDict):
    id: int
    seq: int | None
    type: EventType
    post_id: int
    comment_id: int
    parent_id: int | None
    html: str
    comment_count: int


class ReactionsEnvelope(TypedDict):
    id: int
    seq: int | None
    type: EventType
    post_id: int
    reaction_counts: dict[str, int]


class NotificationEnvelope(TypedDict):
    id: int
    seq: int | None
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
    post_id: int | None = None,
    comment_id: int | None = None,
    notification_id: int | None = None,
    actor_id: int | None = None,
) -> FeedEvent:
    """Record the event now (in the caller's transaction); after commit give it its
    cursor position and send it.

    ``payload`` is already rendered, once, for the live broadcast; it is not
    stored. The row keeps only references, so a replay shows what is true then.
    ``actor_id`` is the member whose content or act the event is about: erasing
    their account deletes the event.
    """
    event = FeedEvent.objects.create(
        type=event_type,
        audience=audience,
        network_id=network_id,
        recipient_id=recipient_id,
        post_id=post_id,
        comment_id=comment_id,
        notification_id=notification_id,
        actor_id=actor_id,
    )
    envelope = {"id": event.pk, "type": event_type, **payload}
    group = (
        user_group(recipient_id)
        if recipient_id is not None
        else audience_group(audience, network_id)
    )
    transaction.on_commit(lambda: _sequence_and_send(event.pk, group, envelope))
    return event


def _lock_sequence() -> None:
    """Serialise cursor assignment. SQLite needs nothing: its writers take turns
    (and Koers opens its transactions IMMEDIATE)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SEQUENCE_LOCK])


def assign_seq(event_id: int) -> int | None:
    """Give a committed event the next cursor position, unless a sweep already did.

    Runs in its own short transaction under a lock, so positions are handed out
    in the order these transactions commit: every position at or below one a
    client has seen was already committed when the client saw it.
    """
    with transaction.atomic():
        _lock_sequence()
        top = FeedEvent.objects.aggregate(top=Max("seq"))["top"] or 0
        FeedEvent.objects.filter(pk=event_id, seq__isnull=True).update(seq=top + 1)
        return (
            FeedEvent.objects.filter(pk=event_id).values_list("seq", flat=True).first()
        )


def sweep_unsequenced() -> int:
    """Number committed events whose after-commit step never ran (the process died
    in between). They become newer than every cursor, so no client skips them."""
    if not FeedEvent.objects.filter(seq__isnull=True).exists():
        return 0
    with transaction.atomic():
        _lock_sequence()
        top = FeedEvent.objects.aggregate(top=Max("seq"))["top"] or 0
        missing = list(
            FeedEvent.objects.filter(seq__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        for offset, pk in enumerate(missing, start=1):
            FeedEvent.objects.filter(pk=pk, seq__isnull=True).update(seq=top + offset)
    return len(missing)


def current_cursor() -> int:
    """The newest cursor position: everything at or below it is committed."""
    return FeedEvent.objects.aggregate(top=Max("seq"))["top"] or 0


def replay_floor() -> int:
    """The newest position pruned away: a client whose cursor is below it missed
    events that no longer exist and must reload. (Events deleted with an erased
    account do not raise it: there is nothing left of them to deliver.)"""
    return (
        FeedEvent.objects.filter(type=FLOOR_TYPE).aggregate(top=Max("seq"))["top"] or 0
    )


@transaction.atomic
def prune_before(cutoff) -> int:
    """Delete the events recorded before ``cutoff`` and mark the floor with one
    content-free row (no audience: it is never replayed)."""
    doomed = FeedEvent.objects.filter(created_at__lt=cutoff)
    top = doomed.aggregate(top=Max("seq"))["top"]
    deleted, _rows = doomed.delete()
    if top is not None:
        FeedEvent.objects.filter(type=FLOOR_TYPE).delete()
        FeedEvent.objects.create(type=FLOOR_TYPE, seq=top)
    return deleted


def _sequence_and_send(event_id: int, group: str, envelope: dict) -> None:
    try:
        envelope["seq"] = assign_seq(event_id)
    except Exception:  # noqa: BLE001 - still broadcast; the next sweep numbers it
        logger.exception("Could not number feed event %s", event_id)
        envelope["seq"] = None
    # The group travels along: a socket that has left it since (rights changed)
    # drops what was already queued for it.
    _send(group, f"feed.{envelope['type']}", {"envelope": envelope, "group": group})


def _send(group: str, message_type: str, body: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, {"type": message_type, **body})
    except Exception:  # noqa: BLE001 - a down channel layer must not fail the write; replay covers it
        logger.exception("Could not broadcast %s to %s", message_type, group)


# --- sockets follow the session --------------------------------------------------


def session_digest(session_key: str | None) -> str:
    """How a session is named on the channel layer (never the key itself)."""
    return hashlib.sha256((session_key or "").encode()).hexdigest()[:32]


def rights_changed(user_id: int) -> None:
    """Tell every open socket of this member to re-read its session and rights
    (after the change commits)."""
    transaction.on_commit(lambda: _send(user_group(user_id), "feed.rights_changed", {}))


def session_ended(user_id: int, session_key: str | None) -> None:
    """Close the sockets opened with this session (sign-out)."""
    _send(
        user_group(user_id),
        "feed.session_ended",
        {"session": session_digest(session_key)},
    )
