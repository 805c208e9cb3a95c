"""Registers a session's live group with the feed socket (intranet/live_topics.py)."""

from intranet import live_topics

from . import live

live_topics.register(
    live_topics.Topic(name=live.TOPIC, group=live.group_for, replay=live.replay_since)
)
