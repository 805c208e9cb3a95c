"""Private live topics on the one feed socket: a registry that higher apps fill.

The feed socket (feed/consumers.py) serves audience groups. Some live content is
private to a few members (an intervision session to its circle). Such an app
registers a ``Topic`` here at start-up (``<app>/live_topics.py``, found by
``IntranetConfig.ready``); a client then asks its open feed socket to
``{"type": "subscribe", "topic": name, "key": id, "cursor": n}``. The socket asks
the topic who may follow (``group(user, key)``), joins that group and replays what
the client missed since ``cursor`` (``replay``), with the feed's rules: events
are references rendered from the present, for the viewer's rights now, bounded
(past the bound the client reloads). The feed never imports the app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

#: The channel-layer message type a topic event travels as (handler topic_event).
MESSAGE_TYPE = "topic.event"


@dataclass(frozen=True)
class Topic:
    """``group(user, key)``: the group name when ``user`` may follow item ``key``
    now, else None (unknown and forbidden look the same). ``replay(user, key,
    cursor, limit)``: the envelopes after ``cursor`` as the viewer may see them
    now, oldest first, and the cursor they bring the client to; None when the
    client must reload instead."""

    name: str
    group: Callable[[Any, int], str | None]
    replay: Callable[[Any, int, int, int], tuple[list[dict], int] | None]


_topics: dict[str, Topic] = {}


def register(topic: Topic) -> Topic:
    if topic.name in _topics:
        raise ValueError(f"live topic {topic.name!r} registered twice")
    _topics[topic.name] = topic
    return topic


def get(name: str) -> Topic | None:
    return _topics.get(name)


def group_name(topic: str, key: int) -> str:
    """Channel-layer group of one item (``^[a-zA-Z0-9._-]+$``, < 100 chars)."""
    return f"topic.{topic}.{key}"


def broadcast_on_commit(group: str, envelope: dict) -> None:
    """Send ``envelope`` to the group's sockets once the transaction commits."""
    transaction.on_commit(lambda: send(group, envelope))


def send(group: str, envelope: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            group, {"type": MESSAGE_TYPE, "group": group, "envelope": envelope}
        )
    except Exception:  # noqa: BLE001 - a down layer must not fail the write; replay covers it
        logger.exception("Could not broadcast a topic event to %s", group)
