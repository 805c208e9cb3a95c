"""Fault injection on the production topology: nothing committed is lost, every
client is back within 15 s of a fault's end, and no request gets a 500.

One topology (nginx, gunicorn, two daphne) on a PostgreSQL cluster and a Redis
server of its own (tests/faults/harness.py), shared by every experiment, in an
order where each leaves the system healthy for the next. In each: a dozen feed
clients behaving like static/js/feed.js (half signed in), a post every 0.5 s
through nginx, a visitor reading pages and /readyz, one fault of a few seconds.
Counted: committed posts in the database against what each client received,
live or by replay. 503 is allowed while a fault lasts (and briefly after
one, see each test); 500 and 502 never.

Runs only on PostgreSQL + Redis (CI's first pass); needs nginx, redis-server
and PostgreSQL's initdb/pg_ctl.
"""

# The experiments print what they measured (pytest -s shows it).
# ruff: noqa: T201

import asyncio
import os
import signal
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.conftest import require_or_skip
from tests.faults import harness
from tests.faults.harness import RECONNECT_BOUND, topology

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def system(tmp_path_factory, request):
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not (
        os.environ.get("REDIS_URL")
    ):
        pytest.skip("fault injection runs on PostgreSQL + Redis only")
    missing = harness.missing_binaries()
    if missing:
        require_or_skip("KOERS_REQUIRE_SERVICES", f"missing: {', '.join(missing)}")
    started = time.monotonic()
    # The test run's own database is migrated already: copy it, don't migrate.
    request.getfixturevalue("django_db_setup")
    test_db = connection.settings_dict
    user = quote(test_db["USER"] or "postgres")
    if test_db["PASSWORD"]:
        user += ":" + quote(test_db["PASSWORD"])
    host = f"{test_db['HOST'] or '127.0.0.1'}:{test_db['PORT'] or 5432}"
    migrated = f"postgresql://{user}@{host}/{test_db['NAME']}"
    sut = harness.System(tmp_path_factory.mktemp("faults"))
    try:
        sut.start(migrated)
        print(f"[faults] system up in {time.monotonic() - started:.1f} s", flush=True)
        yield sut
    finally:
        sut.stop()
        print(f"[faults] suite took {time.monotonic() - started:.1f} s", flush=True)


def assert_clean(outcome, *, grace: float = 0.0):
    """No loss, everyone back in time, no 500/502 and no server error logged;
    503 (pages, posts, WebSocket handshakes) only during the fault (plus
    ``grace`` seconds)."""
    assert outcome.committed, "nothing was committed: the experiment proves nothing"
    assert outcome.lost == 0, outcome.report()
    assert outcome.reconnect_seconds <= RECONNECT_BOUND, outcome.report()
    for moment, what, status in outcome.http:
        if status in (200, 302):
            continue
        assert status == 503, f"{what} answered {status}: {outcome.report()}"
        # A request sent just before the fault may be caught by it (IN_FLIGHT).
        assert (
            outcome.fault_started - IN_FLIGHT <= moment <= outcome.fault_ended + grace
        ), f"{what} answered 503 {moment - outcome.fault_ended:.1f} s after the fault"

    for moment, status in outcome.refused:
        assert status not in (500, 502), f"a WebSocket handshake got {status}"
        if status == 503:
            assert (
                outcome.fault_started - IN_FLIGHT
                <= moment
                <= outcome.fault_ended + grace
            ), (
                f"a handshake got 503 {moment - outcome.fault_ended:.1f} s after the fault"
            )
    assert not outcome.server_errors, "\n".join(outcome.server_errors[:5])


IN_FLIGHT = (
    3.0  # seconds a request may take (a busy CI box) when a fault starts under it
)


def test_flood_of_malformed_binary_and_resume_frames_leaves_normal_clients_served(
    system,
):
    """A few sockets sending garbage, binary frames, oversized frames and resume
    requests as fast as they can, next to normal clients: delivery to those is
    measured before the flood (quiet) and during it."""
    pids = [system.pid("daphne-1"), system.pid("daphne-2")]
    before = [harness.rss_mb(p) for p in pids]
    flood = harness.Flood(system.ws_url, system.origin, sockets=3)

    peak = list(before)

    async def flood_watching_memory():
        async def watch():
            while True:
                for i, pid in enumerate(pids):
                    peak[i] = max(peak[i], harness.rss_mb(pid))
                await asyncio.sleep(0.2)

        watching = asyncio.ensure_future(watch())
        try:
            await flood.run_for(4)
        finally:
            watching.cancel()

    outcome = system.experiment("flood", flood_watching_memory, settle=3.0, after=1.0)
    after = [harness.rss_mb(p) for p in pids]
    quiet = outcome.delivery_ms(99, end=outcome.fault_started)
    during = outcome.delivery_ms(99, outcome.fault_started, outcome.fault_ended)
    print(
        f"[flood] {flood.frames} frames from {flood.sockets} sockets; daphne RSS MB "
        f"before {[round(b) for b in before]} peak {[round(p) for p in peak]} "
        f"after {[round(a) for a in after]}; "
        f"p99 delivery quiet {quiet:.0f} ms, during the flood {during:.0f} ms",
        flush=True,
    )
    assert_clean(outcome)
    # Each bad frame costs its sender a new handshake: a few hundred in 4 s on an
    # idle machine, a hundred or two when it is busy (152 seen at load 18).
    assert flood.frames >= 25 * flood.sockets, "the flood did not flood"
    # Issue 14: memory stays within 50 MB of where it started, during and after.
    assert all(p - b < 50 for p, b in zip(peak, before, strict=True)), peak
    assert all(a - b < 50 for a, b in zip(after, before, strict=True)), after
    assert system.healthy()
    # Issue 14: normal clients' p99 below 500 ms during the flood. (With
    # channels-redis' core layer it was 1.3 s: each flood socket's consumer
    # took and dropped the process-wide receive lock; intranet/channel_layer.py.)
    assert during < 500.0, outcome.report()


def test_kill_9_of_one_daphne_loses_nothing(system):
    async def fault():
        harness.kill(system.pid("daphne-1"))
        await asyncio.sleep(2)  # the unit's RestartSec=2
        topology.start(system.cfg, "daphne-1")
        ok = await asyncio.to_thread(
            topology.wait_process_ready, system.cfg, system.cfg.ws_ports[0]
        )
        assert ok, "daphne-1 did not come back"

    outcome = system.experiment("kill -9 daphne-1", fault)
    assert_clean(outcome)
    assert outcome.disconnected_clients >= 1, "no client was on the killed daphne"
    assert system.healthy()


def test_rolling_restart_of_both_daphnes_through_nginx_is_lossless(system):
    """docs/deployment.md's procedure (deploy/topology roll = the units'
    ExecStartPost wait): no 502, no loss, everyone back."""

    async def fault():
        await asyncio.to_thread(topology.roll, system.cfg)

    outcome = system.experiment("rolling restart", fault)
    assert_clean(outcome)
    assert not [s for _t, s in outcome.refused if s == 502], outcome.report()
    assert outcome.disconnected_clients == len(outcome.clients)
    assert system.healthy()


def test_sigterm_of_one_daphne_closes_with_going_away_and_clients_resume(system):
    async def fault():
        await asyncio.to_thread(topology.stop, system.cfg, "daphne-1", signal.SIGTERM)
        topology.start(system.cfg, "daphne-1")
        ok = await asyncio.to_thread(
            topology.wait_process_ready, system.cfg, system.cfg.ws_ports[0]
        )
        assert ok

    outcome = system.experiment("SIGTERM daphne-1", fault)
    assert_clean(outcome)
    assert outcome.disconnected_clients >= 1, "no client was on the stopped daphne"
    # Every socket says goodbye: 1001 (going away), or 1012 (restart). A 1006
    # means one was cut off without a close frame (docs/realtime.md).
    assert 1001 in outcome.close_codes, outcome.report()
    assert set(outcome.close_codes) <= {1001, 1012}, outcome.report()
    assert system.healthy()


def test_redis_restart_under_load_keeps_pages_and_posts_and_loses_nothing(system):
    async def fault():
        system.redis.kill()
        await asyncio.sleep(3)
        system.redis.start()

    outcome = system.experiment("Redis restart", fault)
    posts_during = [
        s
        for t, w, s in outcome.http
        if w == "POST" and outcome.fault_started + 0.5 < t < outcome.fault_ended
    ]
    assert posts_during and set(posts_during) == {302}, "posting stops without Redis"
    pages_during = [
        s
        for t, w, s in outcome.http
        if w in ("/", "/feed/") and outcome.fault_started < t < outcome.fault_ended
    ]
    assert pages_during and set(pages_during) == {200}, "pages stop without Redis"
    # Open sockets close with 1013 (try again later), handshakes are refused with
    # 503 while Redis is down; then everyone is back and has replayed the gap.
    assert_clean(outcome, grace=3)
    assert system.healthy()


def test_read_only_database_gives_503_then_heals_by_itself(system):
    db = system.dbname

    async def fault():
        system.pg.execute(f"ALTER DATABASE {db} SET default_transaction_read_only = on")
        system.pg.terminate_backends(db)
        await asyncio.sleep(4)
        # Writable again; the pooled read-only sessions must heal by themselves.
        system.pg.execute(f"ALTER DATABASE {db} RESET default_transaction_read_only")

    outcome = system.experiment("read-only database", fault, after=4)
    readyz = [
        s
        for t, w, s in outcome.http
        if w == "/readyz" and outcome.fault_started + 0.5 < t < outcome.fault_ended
    ]
    assert 503 in readyz, "/readyz did not report the read-only database"
    assert_clean(outcome)
    assert system.healthy()


def test_postgresql_restart_gives_503_not_500_and_loses_nothing(system):
    async def fault():
        await asyncio.to_thread(system.pg.stop)
        await asyncio.sleep(3)
        await asyncio.to_thread(system.pg.start)

    outcome = system.experiment("PostgreSQL restart", fault)
    during = [s for t, _w, s in outcome.http if t < outcome.fault_ended - 1]
    assert 503 in during, "the outage was never seen: the experiment proves nothing"
    assert_clean(outcome, grace=1)
    assert system.healthy()
