"""The busy-site workload: readers across the pages while writers write (issue 22).

Readers, half of them visitors and half the signed-in demo employee, walk the
benchmark's pages in turn over keep-alive connections, as browsers do (no
``Cache-Control: no-cache``: the page cache answers what it may); meanwhile
bench/writer.py posts, reacts, votes and edits profiles through the app's own
services at ``rate`` writes per second, so the caches forget as they would on
a busy site. Reports p50/p99 per page and persona and the page-cache hit rate
(from the ``X-Page-Cache`` header).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _reader(base, pages, cookie, stop, samples, lock):
    host = urllib.parse.urlparse(base).netloc
    conn = HTTPConnection(host, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    i = 0
    while not stop.is_set():
        name, path = pages[i % len(pages)]
        i += 1
        started = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            status, cached = resp.status, resp.getheader("X-Page-Cache", "")
        except OSError:
            conn.close()
            conn = HTTPConnection(host, timeout=30)
            status, cached = 0, ""
        took = (time.perf_counter() - started) * 1000
        with lock:
            samples.append((name, took, status, cached))
    conn.close()


def run(
    base: str,
    scenarios: dict[str, str],
    employee_cookie: str,
    env: dict,
    *,
    seconds: float = 10.0,
    readers: int = 8,
    rate: float = 2.0,
) -> dict:
    """Run the workload against ``base`` and return its summary."""
    pages = [(n, p) for n, p in scenarios.items() if n != "baseline"]
    writer = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "python"),
            str(ROOT / "bench" / "writer.py"),
            "--rate",
            str(rate),
            "--seconds",
            str(seconds),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    ready = json.loads(writer.stdout.readline() or "{}")
    if not ready.get("ready"):
        writer.kill()
        raise RuntimeError(f"writer did not start: {ready}")
    stop, lock = threading.Event(), threading.Lock()
    samples: dict[str, list] = {"visitor": [], "employee": []}
    threads = [
        threading.Thread(
            target=_reader,
            args=(
                base,
                pages[k % len(pages) :] + pages[: k % len(pages)],
                employee_cookie if k % 2 else "",
                stop,
                samples["employee" if k % 2 else "visitor"],
                lock,
            ),
            daemon=True,
        )
        for k in range(readers)
    ]
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=35)
    writes = json.loads(writer.stdout.readline() or "{}")
    writer.wait(timeout=30)
    rows = []
    for persona, rows_of in samples.items():
        for name, _path in pages:
            times = [s[1] for s in rows_of if s[0] == name]
            if not times:
                continue
            hits = sum(1 for s in rows_of if s[0] == name and s[3] == "hit")
            errors = sum(1 for s in rows_of if s[0] == name and s[2] != 200)
            rows.append(
                {
                    "page": name,
                    "persona": persona,
                    "requests": len(times),
                    "p50_ms": round(statistics.median(times), 1),
                    "p99_ms": round(_percentile(times, 0.99), 1),
                    "hit_rate": round(hits / len(times), 3),
                    "errors": errors,
                }
            )
    everything = samples["visitor"] + samples["employee"]
    return {
        "seconds": seconds,
        "readers": readers,
        "rate": rate,
        "writes": writes,
        "requests": len(everything),
        "hit_rate": round(
            sum(1 for s in everything if s[3] == "hit") / max(1, len(everything)), 3
        ),
        "rows": rows,
    }
