"""A real daphne stopped with SIGTERM says goodbye (close 1001) and leaves its Redis
groups; its frame-size limit ends a socket that sends an oversized frame."""

import asyncio
import json
import signal
import socket
import time
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


def _silent_socket(base: str) -> socket.socket:
    """A WebSocket opened by hand that never answers the server's close frame,
    so the server keeps waiting for it (up to daphne_patches.GRACE_SECONDS)."""
    port = int(base.rsplit(":", 1)[1])
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    raw.sendall(
        f"GET /ws/feed/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        f"Sec-WebSocket-Version: 13\r\nOrigin: {base}\r\n\r\n".encode()
    )
    head = b""
    while b"\r\n\r\n" not in head:
        head += raw.recv(4096)
    assert head.startswith(b"HTTP/1.1 101"), head[:80]
    return raw


def test_sigterm_closes_sockets_with_1001_and_leaves_the_redis_groups(redis_url):
    env = _env(redis_url)
    # On the pub/sub layer a group is a Redis channel each process with a
    # member subscribes to once (intranet/channel_layer.py).
    group = f"{env['CHANNEL_LAYER_PREFIX']}__group__feed.public"
    store = redis.Redis.from_url(redis_url)
    with daphne_process(extra_env=env, log_name="shutdown") as (base, process):
        port = int(base.rsplit(":", 1)[1])
        silent = _silent_socket(base)

        async def scenario():
            url = base.replace("http://", "ws://") + "/ws/feed/"
            sockets = [await websockets.connect(url, origin=base) for _n in range(3)]
            for ws in sockets:
                assert json.loads(await ws.recv())["type"] == "hello"
            listed = subscribers(store, group)
            process.send_signal(signal.SIGTERM)
            codes = []
            for ws in sockets:
                with pytest.raises(websockets.ConnectionClosed):
                    await asyncio.wait_for(ws.recv(), timeout=10)
                codes.append(ws.close_code)
            return listed, codes

        listed, codes = asyncio.run(scenario())
        # Still running (it waits for the silent socket), but no longer
        # listening: a client reconnecting now goes to another process.
        assert process.poll() is None
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        # Its close frame came before the exit (read now: the exit resets it).
        received = b""
        while b"\x88\x02\x03\xe9" not in received:
            chunk = silent.recv(4096)
            assert chunk, f"closed without a 1001 close frame: {received!r}"
            received += chunk
        # Every consumer left the group while the process still runs.
        assert process.poll() is None
        deadline = time.monotonic() + 5
        while subscribers(store, group) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert subscribers(store, group) == 0
        silent.close()
        assert process.wait(timeout=15) == 0
    assert listed == 1
    assert codes == [1001, 1001, 1001]


def subscribers(store, channel: str) -> int:
    return dict(store.pubsub_numsub(channel)).get(channel.encode(), 0)


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
