"""A real daphne stopped with SIGTERM says goodbye (close 1001) and leaves its Redis
groups; its frame-size limit ends a socket that sends an oversized frame."""

import asyncio
import json
import signal
import uuid

import pytest
import redis
import requests
import websockets

from .servers import daphne_process

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _env(redis_url):
    return {
        "REDIS_URL": redis_url,
        "CHANNEL_LAYER_PREFIX": f"koersstop{uuid.uuid4().hex[:8]}",
        "CACHE_KEY_PREFIX": f"koersstop{uuid.uuid4().hex[:8]}",
    }


def test_sigterm_closes_sockets_with_1001_and_leaves_the_redis_groups(redis_url):
    env = _env(redis_url)
    group_key = f"{env['CHANNEL_LAYER_PREFIX']}:group:feed.public"
    store = redis.Redis.from_url(redis_url)
    with daphne_process(extra_env=env, log_name="shutdown") as (base, process):

        async def scenario():
            url = base.replace("http://", "ws://") + "/ws/feed/"
            sockets = [await websockets.connect(url, origin=base) for _n in range(3)]
            for socket in sockets:
                assert json.loads(await socket.recv())["type"] == "hello"
            listed = store.zcard(group_key)
            process.send_signal(signal.SIGTERM)
            codes = []
            for socket in sockets:
                with pytest.raises(websockets.ConnectionClosed):
                    await asyncio.wait_for(socket.recv(), timeout=10)
                codes.append(socket.close_code)
            return listed, codes

        listed, codes = asyncio.run(scenario())
        assert process.wait(timeout=15) == 0
    assert listed == 3
    assert codes == [1001, 1001, 1001]
    assert store.zcard(group_key) == 0


def test_daphne_drops_a_socket_that_sends_an_oversized_frame(redis_url):
    with daphne_process(extra_env=_env(redis_url), log_name="toobig") as (base, _p):

        async def scenario():
            url = base.replace("http://", "ws://") + "/ws/feed/"
            async with websockets.connect(url, origin=base) as socket:
                assert json.loads(await socket.recv())["type"] == "hello"
                await socket.send(json.dumps({"type": "ping", "pad": "x" * 5000}))
                with pytest.raises(websockets.ConnectionClosed):
                    await asyncio.wait_for(socket.recv(), timeout=10)
                return socket.close_code

        # autobahn fails the connection by dropping it (1006); the consumer's own
        # check, for frames that get past a server, closes with 1009.
        assert asyncio.run(scenario()) in (1006, 1009)
        assert requests.get(f"{base}/healthz", timeout=5).status_code == 200
