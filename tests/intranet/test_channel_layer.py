"""The pub/sub channel layer says when it may have missed messages: when its
subscriber connection to Redis breaks, every channel of the process gets
``channel_layer.lost`` (the feed socket then closes 1013 and its client
replays), and after the reconnect the subscriptions still wanted work again
while the ones nobody uses are not renewed. Runs against the real Redis; it
cuts only its own connection (CLIENT KILL ADDR)."""

import asyncio
import time
import uuid

import pytest
import redis

from intranet import health
from intranet.channel_layer import LOST, KoersPubSubChannelLayer

pytestmark = pytest.mark.services


def _layer(redis_url):
    return KoersPubSubChannelLayer(
        hosts=[redis_url], prefix=f"koerslayer{uuid.uuid4().hex[:8]}"
    )


def _cut_subscriber(layer, store) -> None:
    """Kill this layer's subscriber connection on the Redis side (as a Redis
    restart does), and nothing else."""
    shard = layer._get_layer()._shards[0]
    host, port = shard._pubsub.connection._writer.get_extra_info("sockname")[:2]
    assert store.client_kill_filter(_type=None, addr=f"{host}:{port}") == 1


async def _receive_until(layer, channel, wanted: str, publish, timeout=10.0):
    """Messages on ``channel`` up to the first of type ``wanted``, calling
    ``publish()`` now and then meanwhile (a reconnect takes a moment). One
    receive at a time, never cancelled: a cancelled receive unsubscribes."""
    seen = []
    deadline = time.monotonic() + timeout
    receiving = asyncio.ensure_future(layer.receive(channel))
    while time.monotonic() < deadline:
        await publish()
        done, _pending = await asyncio.wait({receiving}, timeout=0.3)
        if not done:
            continue
        seen.append(receiving.result()["type"])
        if seen[-1] == wanted:
            return seen
        receiving = asyncio.ensure_future(layer.receive(channel))
    raise AssertionError(f"no {wanted} on {channel}; saw {seen}")


def test_a_broken_subscriber_connection_tells_every_channel_and_heals(redis_url):
    store = redis.Redis.from_url(redis_url)

    async def scenario():
        layer = _layer(redis_url)
        one = await layer.new_channel()
        two = await layer.new_channel()
        gone = await layer.new_channel()
        await layer.group_add("news", one)
        await layer.group_add("news", two)
        await layer.group_send("news", {"type": "news.before"})
        assert (await layer.receive(one))["type"] == "news.before"
        assert (await layer.receive(two))["type"] == "news.before"
        await layer.delete_channel(gone)

        _cut_subscriber(layer, store)
        assert (await asyncio.wait_for(layer.receive(one), 5))["type"] == LOST
        assert (await asyncio.wait_for(layer.receive(two), 5))["type"] == LOST

        async def publish():
            await layer.group_send("news", {"type": "news.after"})

        # Subscribed again by itself: the group's messages arrive again.
        await _receive_until(layer, one, "news.after", publish)
        prefix = layer._get_layer().prefix
        subscribed = {name.decode() for name in store.pubsub_channels(f"{prefix}*")}
        await layer.flush()
        return subscribed, prefix

    subscribed, prefix = asyncio.run(scenario())
    assert f"{prefix}__group__news" in subscribed
    assert len(subscribed) == 3  # the group and the two channels, not the deleted one


def test_readiness_probe_subscribes_before_it_sends_and_leaves_nothing(redis_url):
    store = redis.Redis.from_url(redis_url)

    async def scenario():
        layer = _layer(redis_url)
        # Twice on one event loop, as daphne serves /readyz.
        await health.channel_layer_round_trip(layer)
        await health.channel_layer_round_trip(layer)
        pattern = f"{layer._get_layer().prefix}*"
        for _ in range(40):  # unsubscribing is sent in the background
            left = store.pubsub_channels(pattern)
            if not left:
                break
            await asyncio.sleep(0.05)
        await layer.flush()
        return left

    assert asyncio.run(scenario()) == []


def test_thousands_of_sockets_leave_without_queueing_for_a_lock(redis_url):
    """Each socket's clean-up returns at once; one command carries them all
    (daphne killed consumers still waiting for the lock after 10 s)."""
    store = redis.Redis.from_url(redis_url)

    async def scenario():
        layer = _layer(redis_url)
        channels = [await layer.new_channel() for _n in range(2000)]
        for channel in channels:
            await layer.group_add("crowd", channel)
        pattern = f"{layer._get_layer().prefix}*"
        subscribed = len(store.pubsub_channels(pattern))
        receivers = [asyncio.ensure_future(layer.receive(c)) for c in channels]
        await asyncio.sleep(0.1)
        started = time.monotonic()
        for receiver in receivers:  # as daphne cancels closed sockets' consumers
            receiver.cancel()
        await asyncio.gather(*receivers, return_exceptions=True)
        for channel in channels:
            await layer.group_discard("crowd", channel)
        took = time.monotonic() - started
        for _ in range(100):
            left = store.pubsub_channels(pattern)
            if not left:
                break
            await asyncio.sleep(0.05)
        await layer.flush()
        return subscribed, took, left

    subscribed, took, left = asyncio.run(scenario())
    assert subscribed == 2001  # every socket's channel and the group's
    assert took < 1.0, f"leaving took {took:.1f} s"
    assert left == []
