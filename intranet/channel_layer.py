"""The live feed's channel layer: channels-redis' pub/sub layer, told when it may
have missed something.

Why pub/sub (docs/realtime.md, issue 14 and 22): a group send is one PUBLISH,
which Redis hands once to each daphne process that has a socket in the group;
the process puts it in the queue of each of its sockets. Group membership is a
subscription of a live process, so it cannot outgrow the live sockets (the core
layer kept members of killed consumers for ``group_expiry``), and there is no
process-wide receive lock for a closing consumer to hold up everyone's delivery
with (the core layer's ``receive``, the flood's latency spikes).

What pub/sub does not do by itself is say when it missed messages: redis-py
reconnects and re-subscribes silently after Redis restarts, and whatever was
published meanwhile is gone, while the sockets stay open knowing nothing.
``KoersPubSubChannelLayer`` therefore puts a ``channel_layer.lost`` message
in every channel of the process whenever its subscriber connection fails or
connects again; the feed consumer answers it by closing with 1013, and the
client resumes from its cursor and replays the gap (feed.replay). Subscriptions
of channels nobody uses any more are not renewed on a reconnect.

Built on channels-redis 4.3's internals (pinned in requirements.txt).
"""

from __future__ import annotations

import asyncio
import logging

from channels_redis.pubsub import (
    RedisPubSubChannelLayer,
    RedisPubSubLoopLayer,
    RedisSingleShardConnection,
)
from channels_redis.utils import _wrap_close, create_pool
from redis import asyncio as aioredis
from redis.asyncio.client import PubSub

logger = logging.getLogger(__name__)

#: The message type every channel of the process gets when messages may be lost.
LOST = "channel_layer.lost"


class WatchedPubSub(PubSub):
    """A PubSub that reports every reconnection (redis-py calls ``on_connect``
    only when the connection is made again, not the first time) and renews
    only the subscriptions still wanted."""

    def __init__(self, *args, shard: KoersShardConnection, **kwargs):
        super().__init__(*args, **kwargs)
        self.shard = shard

    async def on_connect(self, connection):
        self.shard.lost("reconnected")
        wanted = self.shard.wanted()
        self.channels = {
            name: handler
            for name, handler in self.channels.items()
            if _text(name) in wanted
        }
        self.shard._subscribed_to &= wanted
        return await super().on_connect(connection)


class KoersShardConnection(RedisSingleShardConnection):
    """One Redis server's connections, with subscriptions sent in batches.

    channels-redis sends every SUBSCRIBE and UNSUBSCRIBE under one lock per
    process, one command per socket. When thousands of sockets close at
    once, each consumer's clean-up waited its turn for that lock, one event
    loop pass per turn: at 5,000 clients daphne killed ~1,500 of them after
    10 s ("took too long to shut down"), and the handshakes of clients
    reconnecting meanwhile waited behind them (docs/benchmarks.md). Here the
    callers only note what they want; one task sends all pending names in one
    command, and a subscriber waits for the batch that carries its name.
    """

    def __init__(self, host, channel_layer):
        super().__init__(host, channel_layer)
        self.failing = False
        self._to_subscribe: dict[str, asyncio.Future] = {}
        self._to_unsubscribe: set[str] = set()
        self._flusher: asyncio.Task | None = None

    def _ensure_redis(self):
        if self._redis is None:
            self._redis = aioredis.Redis(connection_pool=create_pool(self.host))
            self._pubsub = WatchedPubSub(self._redis.connection_pool, shard=self)

    def wanted(self) -> set[str]:
        layer = self.channel_layer
        return set(layer.channels) | set(layer.groups)

    async def subscribe(self, channel):
        self._to_unsubscribe.discard(channel)
        if channel in self._subscribed_to:
            return
        future = self._to_subscribe.get(channel)
        if future is None:
            future = asyncio.get_running_loop().create_future()
            self._to_subscribe[channel] = future
            self._schedule()
        # Shielded: another socket may be waiting for the same name.
        await asyncio.shield(future)

    async def unsubscribe(self, channel):
        """Never waits: a closing socket's clean-up must not queue (see above)."""
        self._to_unsubscribe.add(channel)
        self._schedule()

    def _schedule(self) -> None:
        if self._flusher is None or self._flusher.done():
            self._flusher = asyncio.ensure_future(self._flush())

    async def _flush(self) -> None:
        while self._to_subscribe or self._to_unsubscribe:
            async with self._lock:
                subscribing, self._to_subscribe = self._to_subscribe, {}
                leaving, self._to_unsubscribe = self._to_unsubscribe, set()
                try:
                    self._ensure_redis()
                    if subscribing:
                        self._ensure_receiver()
                        await self._pubsub.subscribe(*subscribing)
                        self._subscribed_to.update(subscribing)
                    # In order on one connection: a name subscribed and then
                    # left in the same batch ends up unsubscribed.
                    leaving &= self._subscribed_to
                    if leaving:
                        await self._pubsub.unsubscribe(*leaving)
                except Exception as exc:  # noqa: BLE001 - the waiters must hear of it
                    # Redis is down: the subscribers hear it (503 for a
                    # handshake); a subscription ends with the connection, and
                    # a reconnect renews only those still wanted (WatchedPubSub).
                    logger.warning("channel layer: could not (un)subscribe (%s)", exc)
                    for future in subscribing.values():
                        if not future.done():
                            future.set_exception(exc)
                            future.exception()  # retrieved: a waiter may be gone
                else:
                    for future in subscribing.values():
                        if not future.done():
                            future.set_result(None)
                finally:
                    self._subscribed_to -= leaving

    def _receive_message(self, message):
        """Hand a published message to its channel or to each member of its
        group in this process: decoded once, the same dict for every member
        (so the feed consumer encodes its JSON once per process, too)."""
        if message is None:
            return
        layer = self.channel_layer
        name = _text(message["channel"])
        members = [name] if name in layer.channels else layer.groups.get(name, ())
        queues = [layer.channels[c] for c in members if c in layer.channels]
        if queues:
            decoded = layer.channel_layer.deserialize(message["data"])
            for queue in queues:
                queue.put_nowait(decoded)

    def lost(self, why: str) -> None:
        """Tell every channel of this process that messages may have been lost."""
        message = {"type": LOST}
        queues = list(self.channel_layer.channels.values())
        for queue in queues:
            queue.put_nowait(message)
        if queues:
            logger.warning(
                "channel layer: subscriber connection %s; told %d channels",
                why,
                len(queues),
            )

    async def _do_receiving(self):
        """channels-redis' receive loop, with an outage reported to the channels
        once (and a warning line, not a traceback every second)."""
        while True:
            try:
                if self._pubsub and self._pubsub.subscribed:
                    message = await self._pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=0.1
                    )
                    self.failing = False
                    self._receive_message(message)
                else:
                    await asyncio.sleep(0.1)
            except (asyncio.CancelledError, TimeoutError, GeneratorExit):
                raise
            except Exception as exc:  # noqa: BLE001 - Redis away: report, retry
                if not self.failing:
                    self.failing = True
                    self.lost(f"failed ({exc.__class__.__name__}: {exc})")
                await asyncio.sleep(0.5)


class KoersLoopLayer(RedisPubSubLoopLayer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._shards = [
            KoersShardConnection(shard.host, self) for shard in self._shards
        ]

    async def delete_channel(self, channel: str) -> None:
        """Forget a channel made with ``new_channel`` that nobody receives on any
        more (/readyz's probe); channels-redis does this only on a cancelled
        receive."""
        if self.channels.pop(channel, None) is not None:
            await self._get_shard(channel).unsubscribe(channel)


class KoersPubSubChannelLayer(RedisPubSubChannelLayer):
    def deserialize(self, message):
        # Queued messages are decoded already (KoersShardConnection).
        return message if isinstance(message, dict) else super().deserialize(message)

    def _get_layer(self):
        loop = asyncio.get_running_loop()
        try:
            return self._layers[loop]
        except KeyError:
            layer = self._layers[loop] = KoersLoopLayer(
                *self._args, **self._kwargs, channel_layer=self
            )
            _wrap_close(
                self, loop
            )  # closed with its event loop, as channels-redis does
            return layer


def _text(name) -> str:
    return name.decode() if isinstance(name, bytes) else name
