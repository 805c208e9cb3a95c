"""The fault-injection harness: own PostgreSQL and Redis servers, the topology on
top of them, feed clients that behave like static/js/feed.js, a poster and a
page reader, and one experiment = load, a fault, recovery, then the count.

Everything it stops or kills it started itself: a PostgreSQL cluster made by
initdb in a temporary directory (as the ``postgres`` user when we are root:
PostgreSQL refuses to run as root), a ``redis-server`` on a port of its own,
and deploy/topology.py's nginx, gunicorn and daphne processes. The shared
servers on 5432 and 6379 are never touched.
"""

# Runs fixed argv of local tools; temporary directories under /tmp.
# ruff: noqa: S603, S607, S108, T201

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path

import psycopg
import redis
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))

import topology  # noqa: E402  (deploy/topology.py)

RECONNECT_BOUND = 15.0  # seconds after a fault's end by which every client is back
MARKER = "fault-experiment"


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive free ports."""
    for _ in range(100):
        base = 20000 + secrets.randbelow(20000)
        if all(topology.port_free(p) for p in range(base, base + count)):
            return base
    raise RuntimeError(f"no {count} consecutive free ports")


def missing_binaries() -> list[str]:
    missing = []
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        missing.append("nginx")
    if not shutil.which("redis-server"):
        missing.append("redis-server")
    if not all(pg_bin(n) for n in ("initdb", "pg_ctl", "pg_dump", "pg_restore")):
        missing.append("initdb/pg_ctl/pg_dump/pg_restore (/usr/lib/postgresql/*/bin)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        missing.append("runuser (to run PostgreSQL as the postgres user)")
    return missing


def pg_bin(name: str) -> str | None:
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class OwnPostgres:
    """A throw-away PostgreSQL cluster this test may stop, restart and make read-only."""

    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="koers-faults-pg-"))
        self.data = self.dir / "data"
        self.as_root = os.geteuid() == 0

    def _run(self, *argv: str) -> None:
        cmd = list(argv)
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            pg_bin("initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "--no-sync", "-E", "UTF8",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            pg_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-w",
            "-l", str(self.dir / "postgres.log"), "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError, OSError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def execute(self, sql: str, params=(), dbname: str = "postgres"):
        dsn = f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname}"
        with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
            cursor = conn.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    def copy_database(self, source_url: str, dbname: str) -> None:
        """Create ``dbname`` as a copy of an already migrated database elsewhere
        (pg_dump | pg_restore): much faster than running every migration again."""
        self.execute(f'CREATE DATABASE "{dbname}"')
        dump = subprocess.Popen(
            [pg_bin("pg_dump"), "--format=custom", "--no-owner", "-d", source_url],
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            [pg_bin("pg_restore"), "--no-owner", "-d", self.url(dbname)],
            stdin=dump.stdout, check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        dump.stdout.close()
        if dump.wait(60) != 0:
            raise RuntimeError(f"pg_dump of {source_url} failed")

    def terminate_backends(self, dbname: str) -> None:
        self.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [dbname],
        )


class OwnRedis:
    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="koers-faults-redis-"))
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(100):
            with contextlib.suppress(redis.RedisError):
                if client.ping():
                    return
            time.sleep(0.05)
        raise RuntimeError("own redis-server did not start")

    def kill(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait(10)
            self.proc = None

    def destroy(self) -> None:
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def make_sessions(cfg: topology.Config, count: int) -> list[str]:
    """Employees with a signed-in session each (as force_login does); their keys."""
    code = f"""
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from home.services import site_home
from tests.factories import make_member
site_home()  # a copied test database may have been emptied by a flush
keys = []
for _ in range({count}):
    user = make_member("employee")
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.create()
    keys.append(session.session_key)
print(" ".join(keys))
"""
    out = subprocess.run(
        [str(topology.BIN / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT, env=cfg.django_env(), check=True, capture_output=True, text=True,
    )  # fmt: skip
    return out.stdout.strip().splitlines()[-1].split()  # after shell's own notes


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (daphne has none), in MB."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


# --- traffic ----------------------------------------------------------------------


def http_request(port: int, method: str, path: str, headers=None, body=None):
    """(status, headers) through nginx; status 0 when the connection failed."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    except OSError:
        return 0, {}
    finally:
        conn.close()


@dataclass
class FeedClient:
    """A /ws/feed/ client that behaves like static/js/feed.js: remembers where it
    is, sends ``resume`` from there on every reconnect, and reconnects with
    backoff (1 s, 2 s, 4 s… up to 30 s, back to 1 s once open).

    It starts from the cursor its page was rendered at (``cursor``), as
    feed.js does, so even a first socket that closed before its ``hello``
    resumes from the right place; events' ``seq`` and ``resumed``'s cursor
    move it on (docs/realtime.md)."""

    url: str
    origin: str
    cookie: str = ""
    cursor: int | None = None  # the page's cursor; else hello's
    received: dict = field(default_factory=dict)  # post id -> wall-clock time
    connected: bool = False
    opens: list = field(default_factory=list)
    closes: list = field(default_factory=list)  # (monotonic time, close code)
    refused: list = field(default_factory=list)  # (monotonic time, HTTP status)

    def handle(self, raw) -> None:
        now = time.time()  # compared with the post's created_at (same machine)
        try:
            envelope = json.loads(raw)
        except ValueError:
            return
        if not isinstance(envelope, dict):
            return
        if envelope.get("type") == "hello" and isinstance(envelope.get("cursor"), int):
            if self.cursor is None:  # a page's cursor: where this client starts
                self.cursor = envelope["cursor"]
        if envelope.get("type") == "resumed" and isinstance(
            envelope.get("cursor"), int
        ):
            self.cursor = max(self.cursor or 0, envelope["cursor"])
        if isinstance(envelope.get("seq"), int):
            self.cursor = max(self.cursor or 0, envelope["seq"])
        if envelope.get("type") == "post_created" and "post_id" in envelope:
            self.received.setdefault(envelope["post_id"], now)

    async def run(self, stop: asyncio.Event) -> None:
        attempt = 0
        headers = {"Cookie": self.cookie} if self.cookie else {}
        while not stop.is_set():
            code = None
            try:
                async with connect(
                    self.url, origin=self.origin, additional_headers=headers,
                    open_timeout=5, ping_interval=None, close_timeout=1,
                ) as ws:  # fmt: skip
                    attempt = 0
                    self.connected = True
                    self.opens.append(time.monotonic())
                    if self.opens[:-1]:  # a reconnect: resume where it was
                        await ws.send(json.dumps(self._resume()))
                    reading = asyncio.ensure_future(self._read(ws))
                    stopping = asyncio.ensure_future(stop.wait())
                    await asyncio.wait(
                        {reading, stopping}, return_when=asyncio.FIRST_COMPLETED
                    )
                    stopping.cancel()
                    if not reading.done():
                        reading.cancel()
                        return
                    code = ws.close_code
            except InvalidStatus as exc:
                self.refused.append((time.monotonic(), exc.response.status_code))
            except (OSError, TimeoutError, ConnectionClosed) as exc:
                code = getattr(getattr(exc, "rcvd", None), "code", None)
            except Exception as exc:  # noqa: BLE001 - any handshake failure: retry as feed.js does
                self.refused.append((time.monotonic(), type(exc).__name__))
            if self.connected:
                self.closes.append((time.monotonic(), code))
            self.connected = False
            delay = min(30.0, 2.0**attempt)
            attempt += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)

    def _resume(self) -> dict:
        return {"type": "resume", "cursor": self.cursor or 0}

    async def _read(self, ws) -> None:
        with contextlib.suppress(ConnectionClosed):
            async for raw in ws:
                self.handle(raw)


@dataclass
class Poster:
    """Posts public updates through nginx at a steady rate as signed-in employees.
    A post that is not accepted (503, a refused connection) is sent again, as a
    member whose text the 503 page kept would."""

    port: int
    sessions: list
    marker: str
    interval: float = 0.5
    statuses: list = field(default_factory=list)  # (monotonic time, status)
    accepted: dict = field(default_factory=dict)  # post id -> monotonic send time

    def _post(self, n: int) -> tuple[int, dict]:
        token = secrets.token_hex(16)  # a 32-character CSRF secret of our own
        session = self.sessions[n % len(self.sessions)]
        body = (
            f"csrfmiddlewaretoken={token}&kind=update&audience=public"
            f"&body={self.marker}+{n}+posted+under+fault"
        )
        return http_request(
            self.port, "POST", "/feed/posts/new/",
            headers={
                "Cookie": f"sessionid={session}; csrftoken={token}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Host": f"127.0.0.1:{self.port}",
            },
            body=body,
        )  # fmt: skip

    async def run(self, stop: asyncio.Event) -> None:
        n = 0
        while not stop.is_set():
            sent = time.monotonic()
            status, headers = await asyncio.to_thread(self._post, n)
            self.statuses.append((sent, status))
            if status == 302 and "/feed/posts/" in headers.get("Location", ""):
                post_id = int(headers["Location"].rstrip("/").rsplit("/", 1)[1])
                self.accepted[post_id] = sent
                n += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval)


@dataclass
class Reader:
    """A visitor reading pages and /readyz through nginx."""

    port: int
    statuses: list = field(default_factory=list)  # (monotonic send time, path, status)

    async def run(self, stop: asyncio.Event) -> None:
        paths = ["/", "/feed/", "/readyz"]
        i = 0
        while not stop.is_set():
            path = paths[i % len(paths)]
            sent = time.monotonic()  # as the poster's: when it was asked
            status, _ = await asyncio.to_thread(
                http_request, self.port, "GET", path, {"Host": f"127.0.0.1:{self.port}"}
            )
            self.statuses.append((sent, path, status))
            i += 1
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), 0.25)


@dataclass
class Flood:
    """``sockets`` clients sending malformed, binary, oversized and resume frames
    as fast as they can. The server closes a socket on its first bad frame
    (docs/realtime.md), so each one opens the next at once and goes on: the
    flood is as much a stream of handshakes as of frames."""

    url: str
    origin: str
    sockets: int = 3
    frames: int = 0
    FRAMES = (
        b"\x00\xff\x00binary",
        "not json",
        "[1, 2, 3]",
        json.dumps({"type": "unknown"}),
        json.dumps({"type": "resume", "cursor": 0}),
        json.dumps({"type": "resume", "cursor": -1}),
        "x" * 5000,
    )

    async def _one(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                async with connect(self.url, origin=self.origin, open_timeout=5) as ws:
                    while not stop.is_set():
                        await ws.send(self.FRAMES[self.frames % len(self.FRAMES)])
                        self.frames += 1
                        await asyncio.sleep(0.002)
            except (OSError, ConnectionClosed, InvalidStatus, TimeoutError):
                await asyncio.sleep(0.01)

    async def run_for(self, seconds: float) -> None:
        stop = asyncio.Event()
        tasks = [asyncio.ensure_future(self._one(stop)) for _ in range(self.sockets)]
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.gather(*tasks)


# --- experiments ------------------------------------------------------------------


@dataclass
class Outcome:
    name: str
    committed: list
    lost: int
    fault_started: float
    fault_ended: float
    reconnect_seconds: float
    disconnected_clients: int
    http: list  # (monotonic time, what, status)
    refused: list  # (monotonic time, status) of WebSocket handshakes
    close_codes: list
    p99_ms: float
    clients: list
    server_errors: list = field(default_factory=list)  # daphne/gunicorn log lines
    # daphne's "took too long to shut down and was killed": a closed socket's
    # consumer still cancelling inside channels-redis' receive after 10 s (seen
    # in every run; reported, not asserted: bench/analysis.md)
    stuck_consumers: int = 0
    # post id -> (monotonic time it was written, [delivery latency ms per client])
    deliveries: dict = field(default_factory=dict)

    def delivery_ms(
        self, pct: float, start: float = 0.0, end: float = float("inf")
    ) -> float:
        """A percentile of the delivery latency of the posts written between
        ``start`` and ``end`` (monotonic clock)."""
        latencies = sorted(
            ms
            for written, per_client in self.deliveries.values()
            if start <= written < end
            for ms in per_client
        )
        return percentile(latencies, pct)

    def statuses_after(self, moment: float) -> list:
        return [s for t, _w, s in self.http if t >= moment]

    def report(self) -> str:
        counts: dict = {}
        for _t, _w, status in self.http:
            counts[status] = counts.get(status, 0) + 1
        refused: dict = {}
        for _t, status in self.refused:
            refused[status] = refused.get(status, 0) + 1
        return (
            f"[{self.name}] committed {len(self.committed)} posts, lost {self.lost}; "
            f"{self.disconnected_clients} clients dropped, all back "
            f"{self.reconnect_seconds:.1f} s after the fault's end; HTTP {counts}; "
            f"refused handshakes {refused}; close codes {sorted(set(self.close_codes))}; "
            f"p99 delivery {self.p99_ms:.0f} ms; server errors logged "
            f"{len(self.server_errors)}; stuck consumers killed {self.stuck_consumers}"
        )


class System:
    """The topology on its own PostgreSQL and Redis, shared by the experiments."""

    def __init__(self, workdir: Path):
        base = free_ports(6)
        self.pg = OwnPostgres(base + 4)
        self.redis = OwnRedis(base + 5)
        self.dbname = "koers_faults"
        self.cfg = topology.Config(
            dir=workdir / "topology",
            port=base,
            database_url=self.pg.url(self.dbname),
            redis_url=self.redis.url,
            http_workers=2,
            extra_env={"KOERS_RATE_LIMIT_SCALE": "100", "LOG_LEVEL": "WARNING"},
        )
        self.sessions: list[str] = []
        self.runs = 0

    def start(self, migrated_url: str | None = None) -> None:
        """``migrated_url``: a migrated database to copy instead of migrating."""
        started = time.monotonic()
        self.pg.init()
        self.pg.start()
        self.redis.start()
        if migrated_url:
            self.pg.copy_database(migrated_url, self.dbname)
        print(f"[faults] own PostgreSQL and Redis {time.monotonic() - started:.1f} s")
        # migrate (on a copy: no migrations to run, but its post_migrate work
        # restores what a transactional test's flush removed: groups,
        # permissions), and collectstatic: production's manifest storage needs
        # its manifest.
        topology.up(self.cfg, timeout=90)
        print(f"[faults] topology up {time.monotonic() - started:.1f} s")
        self.sessions = make_sessions(self.cfg, 3)
        print(f"[faults] members {time.monotonic() - started:.1f} s", flush=True)

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            topology.down(self.cfg)
        self.redis.destroy()
        self.pg.destroy()

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.cfg.port}/ws/feed/"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.cfg.port}"

    def pid(self, name: str) -> int:
        return topology.running(self.cfg)[name]

    def current_cursor(self) -> int:
        """What a page rendered now would start its feed socket from."""
        rows = self.pg.execute(
            "SELECT coalesce(max(seq), 0) FROM feed_feedevent", dbname=self.dbname
        )
        return rows[0][0]

    def explain_loss(self, committed, clients, fault_started, fault_ended) -> None:
        """Print what a lost post was: its event's position, when it was written
        (relative to the fault) and which clients missed it, with their sockets."""
        rows = self.pg.execute(
            "SELECT p.id, extract(epoch FROM p.created_at), e.id, e.seq "
            "FROM feed_post p LEFT JOIN feed_feedevent e "
            "ON e.post_id = p.id AND e.type = 'post_created' WHERE p.id = ANY(%s)",
            [committed],
            dbname=self.dbname,
        )
        offset = time.time() - time.monotonic()
        for post_id, written_at, event_id, seq in rows:
            written = float(written_at)
            missed = [i for i, c in enumerate(clients) if post_id not in c.received]
            if not missed:
                continue
            print(
                f"[loss] post {post_id} (event {event_id}, seq {seq}) written "
                f"{written - offset - fault_started:+.2f} s after the fault's start "
                f"(fault lasted {fault_ended - fault_started:.1f} s), missed by "
                f"clients {missed}",
                flush=True,
            )
        for i, c in enumerate(clients):
            opens = [round(t - fault_started, 2) for t in c.opens]
            closes = [(round(t - fault_started, 2), code) for t, code in c.closes]
            print(f"[loss] client {i}: cursor {c.cursor} opens {opens} closes {closes}")

    def log_sizes(self) -> dict[Path, int]:
        return {
            path: path.stat().st_size
            for path in self.cfg.log_dir.glob("*.log")
            if not path.name.startswith("nginx")
        }

    def server_errors_since(self, sizes: dict[Path, int]) -> list[str]:
        """Lines the servers logged as errors (an exception inside the
        application: what a 500 or a 1011 comes from) since ``sizes``."""
        return [
            line
            for line in self._log_lines_since(sizes)
            if "Exception inside application" in line or "Internal Server Error" in line
        ]

    def _log_lines_since(self, sizes: dict[Path, int]) -> list[str]:
        found = []
        for path in self.cfg.log_dir.glob("*.log"):
            if path.name.startswith("nginx"):
                continue
            with path.open("rb") as log:
                log.seek(sizes.get(path, 0))
                text = log.read().decode("utf-8", "replace")
            found += [f"{path.stem}: {line}" for line in text.splitlines()]
        return found

    def created_at(self, post_ids: list[int]) -> dict[int, float]:
        """Wall-clock time each post was written (in its transaction)."""
        rows = self.pg.execute(
            "SELECT id, extract(epoch FROM created_at) FROM feed_post WHERE id = ANY(%s)",
            [post_ids],
            dbname=self.dbname,
        )
        return {pk: float(epoch) for pk, epoch in rows}

    def committed_posts(self, marker: str) -> list[int]:
        rows = self.pg.execute(
            "SELECT id FROM feed_post WHERE body LIKE %s ORDER BY id",
            [f"%{marker} %"],
            dbname=self.dbname,
        )
        return [r[0] for r in rows]

    def healthy(self, timeout: float = 30.0) -> bool:
        return topology.wait_ready(self.cfg, timeout)

    def experiment(
        self,
        name: str,
        fault,
        *,
        clients: int = 12,
        settle: float = 1.5,
        after: float = 2.0,
        extra_tasks=(),
    ) -> Outcome:
        """Clients connected and a post every 0.5 s; ``fault()`` (a coroutine
        function) runs after ``settle`` s; posting goes on ``after`` s past its
        end; then every committed post must reach every client."""
        self.runs += 1
        return asyncio.run(
            self._experiment(name, fault, clients, settle, after, extra_tasks)
        )

    async def _experiment(self, name, fault, n_clients, settle, after, extra_tasks):
        marker = f"{MARKER}-{self.runs}-{secrets.token_hex(3)}"
        log_sizes = self.log_sizes()
        start = self.current_cursor()
        clients = [
            FeedClient(
                self.ws_url,
                self.origin,
                cookie=f"sessionid={self.sessions[i % 3]}" if i % 2 else "",
                cursor=start,
            )
            for i in range(n_clients)
        ]
        stop_clients, stop_load = asyncio.Event(), asyncio.Event()
        tasks = [asyncio.ensure_future(c.run(stop_clients)) for c in clients]
        deadline = time.monotonic() + 15
        while not all(c.connected for c in clients):
            assert time.monotonic() < deadline, (
                "clients did not connect before the fault"
            )
            await asyncio.sleep(0.05)
        poster = Poster(self.cfg.port, self.sessions, marker)
        reader = Reader(self.cfg.port)
        load = [
            asyncio.ensure_future(poster.run(stop_load)),
            asyncio.ensure_future(reader.run(stop_load)),
            *(asyncio.ensure_future(t(stop_load)) for t in extra_tasks),
        ]
        await asyncio.sleep(settle)
        fault_started = time.monotonic()
        await fault()
        fault_ended = time.monotonic()
        await asyncio.sleep(after)
        stop_load.set()
        await asyncio.gather(*load)

        # Every client back, and every committed post delivered, live or by replay.
        committed = self.committed_posts(marker)
        deadline = fault_ended + RECONNECT_BOUND
        while time.monotonic() < deadline:
            if all(c.connected for c in clients) and all(
                set(committed) <= set(c.received) for c in clients
            ):
                break
            await asyncio.sleep(0.1)
        dropped = [
            c for c in clients if any(t >= fault_started for t, _code in c.closes)
        ]
        if not all(c.connected for c in clients):
            reconnect = float("inf")
        else:
            last_open = max((c.opens[-1] for c in dropped), default=fault_ended)
            reconnect = max(0.0, last_open - fault_ended)
        stop_clients.set()
        await asyncio.gather(*tasks)

        lost = sum(len(set(committed) - set(c.received)) for c in clients)
        if lost:
            self.explain_loss(committed, clients, fault_started, fault_ended)
        # Delivery: from the post's write in the database to a client's frame
        # (the poster's own send time would add the request's queueing).
        written = self.created_at(committed)
        offset = time.time() - time.monotonic()
        deliveries = {
            p: (
                written[p] - offset,
                [
                    (c.received[p] - written[p]) * 1000
                    for c in clients
                    if p in c.received
                ],
            )
            for p in committed
            if p in written
        }
        p99 = percentile(
            sorted(ms for _w, per_client in deliveries.values() for ms in per_client),
            99,
        )
        http = [(t, "POST", s) for t, s in poster.statuses]
        http += [(t, path, s) for t, path, s in reader.statuses]
        outcome = Outcome(
            name=name,
            committed=committed,
            lost=lost,
            fault_started=fault_started,
            fault_ended=fault_ended,
            reconnect_seconds=reconnect,
            disconnected_clients=len(dropped),
            http=http,
            refused=[r for c in clients for r in c.refused],
            close_codes=[code for c in clients for _t, code in c.closes],
            p99_ms=p99,
            clients=clients,
            server_errors=self.server_errors_since(log_sizes),
            stuck_consumers=sum(
                "took too long to shut down" in line
                for line in self._log_lines_since(log_sizes)
            ),
            deliveries=deliveries,
        )
        print(outcome.report(), flush=True)
        return outcome


def percentile(ordered: list[float], pct: float) -> float:
    """The nearest-rank percentile of sorted values (0 for none)."""
    if not ordered:
        return 0.0
    return ordered[max(0, min(len(ordered), math.ceil(len(ordered) * pct / 100)) - 1)]


def kill(pid: int, sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)


def wait_port_closed(port: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return
        time.sleep(0.05)
