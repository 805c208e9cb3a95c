"""A swarm of asyncio WebSocket clients of /ws/feed/ for the fan-out benchmark.

Speaks the feed's client protocol (feed/consumers.py, static/js/feed.js):
every event envelope carries its event ``id``; a client that reconnects sends
the last id it saw and the server replays what it missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

from websockets.asyncio.client import connect


class Client:
    def __init__(self, index: int):
        self.index = index
        self.ws = None
        self.task: asyncio.Task | None = None
        self.cursor = 0  # the highest "seq" seen (docs/realtime.md)
        self.received: dict[int, float] = {}  # post id -> wall-clock receive time
        self.events = asyncio.Event()

    def handle(self, raw: str | bytes) -> None:
        now = time.time()
        try:
            message = json.loads(raw)
        except ValueError:
            return
        batch = message.get("events") if isinstance(message, dict) else None
        for envelope in batch if isinstance(batch, list) else [message]:
            if not isinstance(envelope, dict):
                continue
            seq = envelope.get("seq", envelope.get("cursor"))
            if isinstance(seq, int) and seq > self.cursor:
                self.cursor = seq
            if envelope.get("type") == "post_created" and "post_id" in envelope:
                self.received.setdefault(envelope["post_id"], now)
                self.events.set()


class Swarm:
    def __init__(self, url: str, origin: str, parallel: int = 100):
        self.url = url
        self.origin = origin
        self.parallel = parallel
        self.clients: list[Client] = []

    @property
    def connected(self) -> int:
        return sum(1 for c in self.clients if c.ws is not None)

    async def _open(self, client: Client, resume: bool = False) -> None:
        url = self.url
        ws = await connect(
            url,
            origin=self.origin,
            open_timeout=60,
            ping_interval=None,
            max_queue=None,
            compression=None,
        )
        client.ws = ws
        if resume:
            await ws.send(json.dumps({"type": "resume", "cursor": client.cursor}))
        client.task = asyncio.create_task(self._read(client, ws))

    async def _read(self, client: Client, ws) -> None:
        with contextlib.suppress(Exception):
            async for raw in ws:
                client.handle(raw)

    async def connect(self, n: int) -> None:
        gate = asyncio.Semaphore(self.parallel)
        start = len(self.clients)
        new = [Client(start + i) for i in range(n)]
        self.clients += new

        async def one(client):
            async with gate:
                for attempt in range(3):
                    try:
                        await self._open(client)
                        return
                    except (OSError, TimeoutError, Exception):  # noqa: BLE001
                        await asyncio.sleep(0.2 * (attempt + 1))

        await asyncio.gather(*(one(c) for c in new))

    async def wait_for(self, post_id: int, timeout: float) -> tuple[list[float], int]:
        """Receive times of ``post_id`` at the clients that got it, and how many
        clients were connected when it was posted (so: should have got it)."""
        deadline = time.monotonic() + timeout
        live = [c for c in self.clients if c.ws is not None]
        while time.monotonic() < deadline:
            if all(post_id in c.received for c in live):
                break
            await asyncio.sleep(0.02)
        return [c.received[post_id] for c in live if post_id in c.received], len(live)

    async def drop(self, fraction: float) -> list[Client]:
        live = [c for c in self.clients if c.ws is not None]
        step = max(1, round(1 / fraction))
        dropped = live[::step]
        await asyncio.gather(*(self._close(c) for c in dropped))
        return dropped

    async def resume(
        self, dropped: list[Client], missed: list[int], timeout: float
    ) -> int:
        """Reconnect ``dropped`` with their last event id; count missed posts recovered."""
        gate = asyncio.Semaphore(self.parallel)

        async def one(client):
            # As static/js/feed.js: a refused or dropped handshake (daphne
            # drops one not accepted within 5 s) is tried again with backoff.
            for attempt in range(5):
                async with gate:
                    try:
                        await self._open(client, resume=True)
                        return
                    except Exception:  # noqa: BLE001, S110 - any failure: retry
                        pass
                await asyncio.sleep(2**attempt)

        await asyncio.gather(*(one(c) for c in dropped))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if all(p in c.received for c in dropped for p in missed):
                break
            await asyncio.sleep(0.05)
        return sum(1 for c in dropped for p in missed if p in c.received)

    async def _close(self, client: Client) -> None:
        ws, client.ws = client.ws, None
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()
        if client.task is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(client.task, 5)

    async def close(self) -> None:
        await asyncio.gather(*(self._close(c) for c in self.clients))
