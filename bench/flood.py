"""The socket flood of issue 14, as a benchmark: normal feed clients next to
sockets that send malformed, binary, oversized and resume frames as fast as
they can. Writes bench/results/flood.json; bench/report.py puts it into
docs/benchmarks.md.

    .venv/bin/python bench/flood.py                      # 100 clients, 20 flood sockets
    .venv/bin/python bench/flood.py --copy-from postgres://postgres@127.0.0.1:5432/koers_bench_demo

It runs the fault suite's harness (tests/faults/harness.py): a PostgreSQL
cluster and a redis-server of its own on free ports, the production topology
on top (nginx, gunicorn, two daphne), clients that behave like
static/js/feed.js and a member posting every 0.5 s. Delivery latency runs from
the post's write in the database to each client's frame; the quiet phase
before the flood is the same run's baseline. Everything stays on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults import harness  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "flood.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--sockets", type=int, default=20, help="flood sockets")
    parser.add_argument("--seconds", type=float, default=10.0, help="flood length")
    parser.add_argument(
        "--copy-from", help="a migrated PostgreSQL database to copy (else migrate)"
    )
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.production")
    started = dt.datetime.now(dt.UTC)
    load_start = os.getloadavg()
    system = harness.System(Path(tempfile.mkdtemp(prefix="koers-flood-")))
    try:
        system.start(args.copy_from)
        pids = [system.pid("daphne-1"), system.pid("daphne-2")]
        before = [harness.rss_mb(p) for p in pids]
        flood = harness.Flood(system.ws_url, system.origin, sockets=args.sockets)
        peak = list(before)

        async def fault():
            print("[flood] start", flush=True)  # a profiler may attach now
            watch = asyncio.ensure_future(_watch_rss(pids, peak))
            await flood.run_for(args.seconds)
            watch.cancel()

        outcome = system.experiment(
            "flood", fault, clients=args.clients, settle=5.0, after=2.0
        )
        time.sleep(2)  # let the last sockets close before reading memory
        after = [harness.rss_mb(p) for p in pids]
    finally:
        system.stop()
    fault_window = (outcome.fault_started, outcome.fault_ended)
    quiet = {f"p{p}": outcome.delivery_ms(p, end=fault_window[0]) for p in (50, 99)}
    during = {f"p{p}": outcome.delivery_ms(p, *fault_window) for p in (50, 99)}
    result = {
        "started": started.isoformat(timespec="seconds"),
        "git": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip(),  # fmt: skip
        "loadavg_start": [round(v, 2) for v in load_start],
        "loadavg_end": [round(v, 2) for v in os.getloadavg()],
        "clients": args.clients,
        "flood_sockets": args.sockets,
        "flood_seconds": args.seconds,
        "frames": flood.frames,
        "committed": len(outcome.committed),
        "lost": outcome.lost,
        "server_errors": len(outcome.server_errors),
        "quiet_ms": quiet,
        "flood_ms": during,
        "rss_mb_before": [round(v, 1) for v in before],
        "rss_mb_peak": [round(v, 1) for v in peak],
        "rss_mb_after": [round(v, 1) for v in after],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0 if outcome.lost == 0 else 1


async def _watch_rss(pids, peak):
    while True:
        for i, pid in enumerate(pids):
            peak[i] = max(peak[i], harness.rss_mb(pid))
        await asyncio.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
