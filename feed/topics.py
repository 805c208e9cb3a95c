"""The feed socket's private topics (intranet/live_topics.py): subscribe after the
topic's own membership check, replay what was missed, forward live events, and
drop a topic when the member may no longer follow it.

A mixin, so the feed consumer gains it with a few hooks and stays about the feed.
Topic groups are kept in ``groups_joined`` like the audience groups: leaving
and the stale-group check work the same for both.
"""

from __future__ import annotations

from channels.db import database_sync_to_async
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from intranet import live_topics

#: The topics one socket may follow at once (a page follows one).
MAX_TOPICS = 8
MAX_KEY = 2**63 - 1


def _whole(value, *, at_least: int = 0) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and at_least <= value <= MAX_KEY
    )


class TopicSubscriptions:
    """Needs ``user``, ``language``, ``groups_joined``, ``channel_layer``,
    ``send_json``, ``_refuse`` and ``closing`` from the consumer."""

    #: group name → (topic name, key) of the topics this socket follows.
    topics: dict[str, tuple[str, int]]

    def _topics(self) -> dict[str, tuple[str, int]]:
        if not hasattr(self, "topics"):
            self.topics = {}
        return self.topics

    async def topic_subscribe(self, content: dict) -> None:
        name, key, cursor = (
            content.get("topic"),
            content.get("key"),
            content.get("cursor", 0),
        )
        topic = live_topics.get(name) if isinstance(name, str) else None
        if topic is None or not _whole(key, at_least=1) or not _whole(cursor):
            await self._refuse(
                "bad_subscribe",
                _('"subscribe" needs a known "topic", a "key" and a "cursor" ≥ 0.'),
                1008,
            )
            return
        topics = self._topics()
        group = await database_sync_to_async(topic.group)(self.user, key)
        if group is None:
            # Unknown and forbidden answer alike, and carry nothing of the item.
            await self.send_json({"type": "unsubscribed", "topic": name, "key": key})
            return
        if group not in topics and len(topics) >= MAX_TOPICS:
            await self._refuse(
                "too_many_topics",
                _("A connection follows at most %(n)s topics."),
                1008,
                n=MAX_TOPICS,
            )
            return
        topics[group] = (name, key)
        # Join before reading the replay: what commits in between arrives twice
        # at most (the client drops duplicates by "seq"), never not at all.
        if group not in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined = self.groups_joined | {group}
        with translation.override(self.language):
            result = await database_sync_to_async(topic.replay)(
                self.user, key, cursor, settings.KOERS_FEED_REPLAY_LIMIT
            )
        if result is None:
            await self.send_json({"type": "topic_reload", "topic": name, "key": key})
            return
        missed, top = result
        for envelope in missed:
            await self.send_json({**envelope, "topic": name, "key": key})
        await self.send_json(
            {"type": "subscribed", "topic": name, "key": key, "cursor": top}
        )

    def topic_groups_allowed(self, user) -> frozenset[str]:
        """The topic groups ``user`` may still follow (run in a database thread)."""
        kept = set()
        for group, (name, key) in list(self._topics().items()):
            topic = live_topics.get(name)
            if topic is not None and topic.group(user, key) == group:
                kept.add(group)
            else:
                self.topics.pop(group, None)
        return frozenset(kept)

    async def topic_event(self, event) -> None:
        group = event.get("group")
        if (
            self.closing
            or group not in self._topics()
            or group not in self.groups_joined
        ):
            return
        name, key = self.topics[group]
        await self.send_json({**event["envelope"], "topic": name, "key": key})
