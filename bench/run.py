"""Koers benchmark: seed, start the topology, measure pages and live fan-out, report.

    bench/run                 # the full run (~22 minutes), writes docs/benchmarks.md
    bench/run --quick         # a short smoke run (small fan-out, 2 s per measurement)
    bench/run --only-fanout   # only the live fan-out (100 … 5,000 clients), on demo data

Everything runs on 127.0.0.1 only. Results go to bench/results/latest.json and
are rendered by bench/report.py into docs/benchmarks.md with PNG charts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import html
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
sys.path.insert(0, str(ROOT / "bench"))

import busy  # noqa: E402  (bench/busy.py)
import servercpu  # noqa: E402  (bench/servercpu.py)
import topology  # noqa: E402  (deploy/topology.py)

RESULTS = ROOT / "bench" / "results"
#: The last fan-out run (a full run or --only-fanout); docs/benchmarks.md shows it.
FANOUT = RESULTS / "fanout.json"
PG = os.environ.get("KOERS_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("KOERS_BENCH_REDIS_URL", "redis://127.0.0.1:6379/11")
SIZES = {
    "demo": {"people": 48, "posts": 320},
    "large": {"people": 10_000, "posts": 100_000},
}
EMPLOYEE = ("employee@example.org", "koers-demo")
CONCURRENCY = 8
#: wrk before each page row (whole seconds: wrk takes no fractions). CPU is
#: sampled idle to idle, so this only warms every worker on the page.
WARMUP_SECONDS = 1
# Who asks, and whether they ask for a fresh copy. "rendered" rows send
# Cache-Control: no-cache, which the page cache (intranet/cache.py) honours: the
# view runs for every request, as for the first visit after any change.
PERSONAS = {
    "visitor": {"signed_in": False, "fresh": False},
    "employee": {"signed_in": True, "fresh": False},
    "visitor (rendered)": {"signed_in": False, "fresh": True},
    "employee (rendered)": {"signed_in": True, "fresh": True},
}
FRESH_HEADER = "Cache-Control: no-cache"


def log(message: str) -> None:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%H:%M:%S")
    print(f"[bench {stamp}] {message}", flush=True)


#: Database names: <prefix>_demo, <prefix>_large (another prefix keeps two
#: benchmark runs on one server apart).
DATABASE_PREFIX = os.environ.get("KOERS_BENCH_DATABASE_PREFIX", "koers_bench")


def database_url(size: str) -> str:
    return f"{PG}/{DATABASE_PREFIX}_{size}"


# --- seeding --------------------------------------------------------------------


def seeded_counts(url: str) -> tuple[int, int]:
    """(members, posts) already in the database; zeros when the tables are missing."""
    import psycopg

    counts = []
    for table in ("accounts_user", "feed_post"):
        try:
            with psycopg.connect(
                url.replace("postgres://", "postgresql://", 1)
            ) as conn:
                counts.append(
                    conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                )
        except psycopg.Error:
            counts.append(0)
    return counts[0], counts[1]


def analyze(url: str) -> None:
    """Fresh planner statistics after a bulk load (as an operator would run)."""
    import psycopg

    with psycopg.connect(
        url.replace("postgres://", "postgresql://", 1), autocommit=True
    ) as conn:
        conn.execute("VACUUM ANALYZE")


def seed(size: str, port: int) -> float:
    """Migrate and seed the size's own database unless it holds that many members."""
    url = database_url(size)
    cfg = topology_config(size, port, "gunicorn")
    topology.ensure_database(url)
    started = time.monotonic()
    topology.manage(cfg, "migrate", "--noinput", "-v", "0")
    members, posts = seeded_counts(url)
    # The demo seeders decide how many posts the demo size gets; large must have them all.
    want_posts = SIZES[size]["posts"] * 0.9 if size == "large" else 1
    if members >= SIZES[size]["people"] and posts >= want_posts:
        log(f"{size}: {members} members, {posts} posts already seeded")
        analyze(url)
        return 0.0
    log(f"{size}: seed_demo --size {size} (this takes a while for large)")
    topology.manage(cfg, "seed_demo", "--size", size, "--quiet")
    analyze(url)
    took = time.monotonic() - started
    log(f"{size}: seeded in {took:.0f} s")
    return took


# --- topology -------------------------------------------------------------------


def topology_config(size: str, port: int, server: str) -> topology.Config:
    cfg = topology.Config(
        dir=Path(f"/tmp/koers-bench-{port}"),  # noqa: S108 - local benchmark scratch
        port=port,
        database_url=database_url(size),
        redis_url=REDIS,
        http_server=server,
        http_workers=int(os.environ.get("KOERS_HTTP_WORKERS", "3")),
        static_root=Path(f"/tmp/koers-bench-{port}/static"),  # noqa: S108
    )
    # wrk sends everything from one address: lift the per-visitor limits.
    cfg.extra_env = {"KOERS_BENCH_BASELINE": "True", "KOERS_RATE_LIMIT_SCALE": "1000"}
    return cfg


@contextlib.contextmanager
def running_topology(cfg: topology.Config, collectstatic: bool):
    topology.down(cfg)
    topology.up(cfg, migrate=False, collectstatic=collectstatic, timeout=90)
    try:
        yield cfg
    finally:
        topology.down(cfg)


#: The embedded default's SQLite file, one per database prefix (two runs apart).
EMBEDDED_DB = Path(
    f"/tmp/{DATABASE_PREFIX.replace('_', '-')}-embedded.sqlite3"  # noqa: S108 - scratch
)


def embedded_env(port: int) -> dict:
    """The embedded default: SQLite, no Redis (local-memory cache, in-memory layer).

    Static files come from the topology's collectstatic output (port - 10).
    """
    cfg = topology_config("demo", port, "gunicorn")
    cfg.static_root = topology_config("demo", port - 10, "gunicorn").static_dir
    env = cfg.django_env()
    for name in ("REDIS_URL", "CHANNEL_LAYER_PREFIX", "CACHE_KEY_PREFIX"):
        env.pop(name, None)
    env["DATABASE_URL"] = f"sqlite:///{EMBEDDED_DB}"
    return env


def seed_embedded(port: int) -> None:
    import sqlite3

    env = embedded_env(port)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    with contextlib.closing(sqlite3.connect(EMBEDDED_DB)) as db:
        members = db.execute("SELECT count(*) FROM accounts_user").fetchone()[0]
    if members < SIZES["demo"]["people"]:
        log("embedded: seed_demo --size demo into SQLite")
        subprocess.run(
            [python, "manage.py", "seed_demo", "--size", "demo", "--quiet"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


@contextlib.contextmanager
def embedded_server(port: int):
    """One daphne process on SQLite, no proxy: what a fresh checkout runs."""

    class Embedded:
        base_url = f"http://127.0.0.1:{port}"

    env = embedded_env(port)
    log_path = Path(f"/tmp/koers-bench-{port}/logs/embedded.log")  # noqa: S108
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as out:
        proc = subprocess.Popen(
            [
                str(ROOT / ".venv" / "bin" / "daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "--websocket-max-message-size",
                "4096",
                "-v",
                "0",
                "intranet.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while topology.get(Embedded.base_url + "/healthz") != 200:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"embedded server did not start; see {log_path}")
            time.sleep(0.3)
        Embedded.pids = [proc.pid]
        yield Embedded
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


# --- HTTP -----------------------------------------------------------------------


def fetch(url: str, cookie: str = "", fresh: bool = False) -> tuple[int, str]:
    headers = {"Cookie": cookie} if cookie else {}
    if fresh:
        headers["Cache-Control"] = "no-cache"
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - 127.0.0.1
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:  # noqa: S310 - 127.0.0.1
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def login(base: str, email: str, password: str) -> str:
    """Sign in through the real login form; return the Cookie header for wrk.

    Production marks cookies Secure, which an HTTP client over plain HTTP would
    drop, so the cookies are carried by hand.
    """
    host = urllib.parse.urlparse(base).netloc
    conn = HTTPConnection(host, timeout=30)
    conn.request("GET", "/accounts/login/")
    resp = conn.getresponse()
    page = resp.read().decode()
    cookies = _cookies(resp)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if resp.status != 200 or not token:
        raise RuntimeError(f"login page: HTTP {resp.status}")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token.group(1), "login": email, "password": password}
    )
    conn.request(
        "POST",
        "/accounts/login/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Origin": base,
            "Referer": base + "/accounts/login/",
        },
    )
    resp = conn.getresponse()
    resp.read()
    cookies.update(_cookies(resp))
    if resp.status != 302 or "sessionid" not in cookies:
        raise RuntimeError(f"login failed: HTTP {resp.status}")
    return f"sessionid={cookies['sessionid']}"


def _cookies(resp) -> dict:
    jar = {}
    for header in resp.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


#: Pages measured on every size and persona, in the order the report lists them
#: (issue 22: every page). Index pages have stable public URLs (ARCHITECTURE.md);
#: the rest are discovered from the site's own links by ``discover``.
PAGES = (
    "baseline",
    "home",
    "feed",
    "directory",
    "people",
    "competence",
    "profile",
    "roadmaps",
    "roadmap",
    "item",
    "purpose",
    "search",
)
#: The pages the comparison configurations (daphne for pages, the embedded
#: default) measure: the hot pages, which keeps the full run near 22 minutes on
#: 2 cores. The targets are judged on gunicorn, which measures all of PAGES.
COMPARISON_PAGES = ("baseline", "feed", "people", "profile", "roadmap", "search")
#: Path segments under /people/ that are not member profiles.
RESERVED_PEOPLE = {
    "me",
    "edit",
    "networks",
    "roles",
    "competences",
    "settings",
    "new",
    "photos",
}


def _links(text: str, pattern: str) -> list[str]:
    """Site-relative hrefs in ``text`` whose path matches ``pattern`` (a regex
    for the path after the host; absolute links to the same site count too)."""
    found = re.findall(r'href="(?:https?://[^/"]+)?(' + pattern + r')"', text)
    return [html.unescape(link) for link in dict.fromkeys(found)]


def discover(base: str, cookie: str, search_q: str | None) -> dict[str, str]:
    """Find a real URL for each page of PAGES from the pages themselves.

    A page whose link is not found is left out (the report names what was not
    measured); an index page that answers an error is reported with its status.
    """
    scenarios = {
        "baseline": "/bench/baseline",
        "home": "/",
        "feed": "/feed/",
        "directory": "/people/",
    }
    pages = {
        (who, path): fetch(base + path, cookie if who == "employee" else "")[1]
        for who in ("visitor", "employee")
        for path in ("/people/", "/people/competences/")
    }
    everything = "\n".join(pages.values())
    competence = re.search(r'href="[^"]*\?competence=([^"&]+)', everything)
    scenarios["people"] = (
        f"/people/?competence={html.unescape(competence.group(1))}"
        if competence
        else "/people/"
    )
    # The first competence page a visitor can open, else one members can.
    competences = _links(
        pages[("visitor", "/people/competences/")], r"/people/competences/[^/\"?]+/"
    ) or _links(
        pages[("employee", "/people/competences/")], r"/people/competences/[^/\"?]+/"
    )
    if competences:
        scenarios["competence"] = competences[0]

    def profiles_in(text):
        found = _links(text, r"/people/[\w.@+-]+/")
        return [p for p in found if p.split("/")[2] not in RESERVED_PEOPLE]

    # A profile visitors may see when there is one, else one employees see.
    public = profiles_in(pages[("visitor", "/people/")])
    members = profiles_in(pages[("employee", "/people/")])
    if public or members:
        scenarios["profile"] = (public or members[1:] or members)[0]
    scenarios["roadmaps"] = "/roadmaps/"
    _, roadmaps = fetch(base + "/roadmaps/")
    slugs = _links(roadmaps, r"/roadmaps/[\w-]+/")
    if slugs:
        scenarios["roadmap"] = slugs[0]
        # An item of that roadmap a visitor can open: the title link of an item
        # card on the roadmap's board (its other links are the board's own views).
        _, roadmap = fetch(base + slugs[0])
        items = re.findall(
            r'class="item-card__title"><a href="(?:https?://[^/"]+)?('
            + re.escape(slugs[0])
            + r'[\w-]+/)"',
            roadmap,
        )
        if items:
            scenarios["item"] = items[0]
    scenarios["purpose"] = "/purpose/"
    scenarios["search"] = "/search/?q=" + urllib.parse.quote(search_q or "zorg")
    return {name: scenarios[name] for name in PAGES if name in scenarios}


def wrk(
    url: str,
    cookie: str,
    seconds: float,
    connections: int = CONCURRENCY,
    fresh: bool = False,
) -> dict:
    argv = [
        "wrk",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{max(1, math.ceil(seconds))}s",  # wrk takes whole seconds only
        "--timeout",
        "10s",
        "-s",
        str(ROOT / "bench" / "wrk_report.lua"),
    ]
    if cookie:
        argv += ["-H", f"Cookie: {cookie}"]
    if fresh:
        argv += ["-H", FRESH_HEADER]
    out = subprocess.run(
        [*argv, url], capture_output=True, text=True, timeout=seconds + 30, check=True
    ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    data = json.loads(line[len("WRKJSON ") :])
    secs = data["duration_us"] / 1e6
    errors = sum(
        data[k]
        for k in (
            "status_errors",
            "connect_errors",
            "read_errors",
            "write_errors",
            "timeouts",
        )
    )
    return {
        "rps": data["requests"] / secs if secs else 0.0,
        "requests": data["requests"],
        # completed, plus those in flight at the end (the servers finish them)
        "sent": data["sent"],
        "p50_ms": data["p50_us"] / 1000,
        "p90_ms": data["p90_us"] / 1000,
        "p99_ms": data["p99_us"] / 1000,
        "max_ms": data["max_us"] / 1000,
        "errors": errors,
        "bytes_per_request": data["bytes"] / data["requests"]
        if data["requests"]
        else 0,
    }


def serving_pids(cfg: topology.Config) -> list[int]:
    """The processes that answer page requests: gunicorn's master (its workers
    are its children), or both daphne processes when daphne serves pages."""
    procs = topology.running(cfg)
    names = ["gunicorn"] if cfg.http_server == "gunicorn" else ["daphne-1", "daphne-2"]
    return [procs[name] for name in names if name in procs]


class DatabaseBackends:
    """Lists the PostgreSQL backends connected to ``url``'s database (the servers'
    pool; not this connection), over one connection kept for the configuration."""

    def __init__(self, url: str):
        self.dsn = url.replace("postgres://", "postgresql://", 1)
        self.conn = None

    def __call__(self) -> list[int]:
        import psycopg

        if self.conn is None or self.conn.closed:
            self.conn = psycopg.connect(self.dsn, autocommit=True)
        rows = self.conn.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        return [pid for (pid,) in rows]

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()


@contextlib.contextmanager
def metering(cfg: topology.Config):
    """A Meter of the configuration's page servers and database backends."""
    backends = DatabaseBackends(cfg.database_url)
    try:
        yield servercpu.Meter(serving_pids(cfg), backends)
    finally:
        backends.close()


def measured(
    meter: servercpu.Meter,
    url: str,
    cookie: str,
    seconds: float,
    connections: int = CONCURRENCY,
    fresh: bool = False,
) -> dict:
    """One wrk row with the servers' CPU per request over it.

    The servers start idle (the warm-up's requests done) and are sampled again
    once they have finished the requests wrk left in flight, so the CPU is that
    of every request wrk sent, and is divided by that count.
    """
    meter.settle()
    before = meter.sample()
    row = wrk(url, cookie, seconds, connections=connections, fresh=fresh)
    meter.settle()
    row.update(meter.per_request(before, row["sent"]))
    return row


def measure_pages(
    cfg,
    label: dict,
    seconds: float,
    search_q: str | None,
    meter: servercpu.Meter,
    personas=tuple(PERSONAS),
    pages=PAGES,
) -> list[dict]:
    base = cfg.base_url
    cookie = login(base, *EMPLOYEE)
    scenarios = {
        name: path
        for name, path in discover(base, cookie, search_q).items()
        if name in pages
    }
    log(f"scenarios: {scenarios}")
    rows = []
    for persona in personas:
        persona_cookie = cookie if PERSONAS[persona]["signed_in"] else ""
        fresh = PERSONAS[persona]["fresh"]
        baseline = None
        for name, path in scenarios.items():
            status, body = fetch(base + path, persona_cookie, fresh)
            row = {**label, "scenario": name, "persona": persona, "url": path}
            row["status"] = status
            if status != 200:
                log(f"  {persona:<19} {name:<10} {path}: HTTP {status}, skipped")
                rows.append(row)
                continue
            # Warm every worker up on this page (the status fetch above already
            # filled the page cache for the served rows).
            wrk(base + path, persona_cookie, min(WARMUP_SECONDS, seconds), fresh=fresh)
            row.update(
                measured(meter, base + path, persona_cookie, seconds, fresh=fresh)
            )
            if name == "baseline":
                baseline = row["rps"]
            row["ratio"] = row["rps"] / baseline if baseline else None
            log(
                f"  {persona:<19} {name:<10} {row['rps']:7.1f} req/s  "
                f"p50 {row['p50_ms']:6.1f} ms  p99 {row['p99_ms']:6.1f} ms  "
                f"CPU {_ms(row['cpu_ms'])} ms (db {_ms(row.get('db_cpu_ms'))})  "
                f"errors {row['errors']}"
            )
            rows.append(row)
    return rows


def _ms(value) -> str:
    return "   –" if value is None else f"{value:4.1f}"


def sweep(cfg: topology.Config, scenarios: dict, seconds: float, levels) -> list[dict]:
    """Latency (and server CPU per request) against load for the signed-in
    employee: the baseline, the feed as served (page cache) and the feed
    rendered for every request."""
    cookie = login(cfg.base_url, *EMPLOYEE)
    rows = []
    with metering(cfg) as meter:
        for name, path, fresh in (
            ("baseline", scenarios["baseline"], False),
            ("feed", scenarios["feed"], False),
            ("feed (rendered)", scenarios["feed"], True),
        ):
            for c in levels:
                result = measured(
                    meter, cfg.base_url + path, cookie, seconds, c, fresh=fresh
                )
                rows.append({"scenario": name, "concurrency": c, **result})
                log(
                    f"  sweep {name:<15} c={c:<3} {result['rps']:7.1f} req/s "
                    f"p99 {result['p99_ms']:.1f} ms CPU {_ms(result['cpu_ms'])} ms"
                )
    return rows


# --- live fan-out ---------------------------------------------------------------


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def established(port: int) -> int:
    out = subprocess.run(
        ["ss", "-Htn", "state", "established", f"( sport = :{port} )"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    return len([ln for ln in out.splitlines() if ln.strip()])


class Poster:
    """A Django process (bench/poster.py) that commits posts through the feed service."""

    def __init__(self, cfg: topology.Config):
        self.proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "python"), str(ROOT / "bench" / "poster.py")],
            cwd=ROOT,
            env=cfg.django_env(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        ready = json.loads(self.proc.stdout.readline())
        if not ready.get("ready"):
            raise RuntimeError(f"poster did not start: {ready}")

    def post(self) -> dict:
        self.proc.stdin.write("post\n")
        self.proc.stdin.flush()
        reply = json.loads(self.proc.stdout.readline())
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply

    def close(self):
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.close()
        self.proc.wait(timeout=10)


async def fanout(cfg: topology.Config, levels, posts_per_level: int) -> dict:
    import feedclient

    poster = Poster(cfg)
    # The clients' process holds thousands of sockets too: the same collector
    # tuning as daphne's, so its full collections do not delay the receive
    # times it records (intranet.daphne_patches.tune_collector).
    gc.freeze()
    gc.set_threshold(50_000, 20, 10)
    url = cfg.base_url.replace("http://", "ws://") + "/ws/feed/"
    daphne_pids = {
        name: int((cfg.run_dir / f"{name}.pid").read_text())
        for name in ("daphne-1", "daphne-2")
    }
    results = {
        "levels": [],
        "reconnect": None,
        "loadavg_start": Path("/proc/loadavg").read_text().split()[:3],
    }
    try:
        # Warm both processes (imports, first-connection allocations) before measuring memory.
        warm = feedclient.Swarm(url, cfg.base_url)
        await warm.connect(20)
        await warm.close()
        await settle(cfg)
        # Memory per connection: growth over the warmed-up processes' RSS. (Python
        # keeps freed memory, so the delta from the previous level would undercount.)
        rss_initial = {k: rss_kb(p) for k, p in daphne_pids.items()}
        for n in levels:
            try:
                row = await fanout_level(
                    cfg, poster, url, daphne_pids, n, posts_per_level, rss_initial
                )
            except Exception as exc:  # noqa: BLE001 - record and go on with the next level
                log(f"  fan-out {n}: failed: {exc}")
                results["levels"].append({"clients": n, "error": str(exc)})
                continue
            results["levels"].append(row["row"])
            if n == max(levels):
                try:
                    results["reconnect"] = await reconnect(row["swarm"], poster)
                except Exception as exc:  # noqa: BLE001
                    log(f"  reconnect failed: {exc}")
                    results["reconnect"] = {"error": str(exc)}
            await row["swarm"].close()
            await settle(cfg)
    finally:
        poster.close()
    return results


async def settle(cfg: topology.Config, timeout: float = 60) -> None:
    """Let the servers finish closing the last level's sockets (each consumer leaves
    its groups) before the next level starts, so levels do not disturb each other."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if sum(established(port) for port in cfg.ws_ports) == 0:
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(2)


async def fanout_level(
    cfg, poster, url, daphne_pids, n, posts_per_level, rss_before
) -> dict:
    """Connect n clients, commit posts, time every delivery; the swarm stays open."""
    import feedclient

    swarm = feedclient.Swarm(url, cfg.base_url)
    started = time.monotonic()
    await swarm.connect(n)
    connect_s = time.monotonic() - started
    connected = swarm.connected
    await asyncio.sleep(1.0)
    per_process = {
        name: established(port)
        for name, port in zip(daphne_pids, cfg.ws_ports, strict=True)
    }
    rss_after = {k: rss_kb(p) for k, p in daphne_pids.items()}
    delta = sum(rss_after.values()) - sum(rss_before.values())
    commits, late = [], 0
    for _ in range(posts_per_level):
        commit = await asyncio.to_thread(poster.post)
        got, expected = await swarm.wait_for(commit["post_id"], timeout=15)
        commits.append((commit, expected))
        late += expected - len(got)
        await asyncio.sleep(0.5)
    if late:  # give stragglers a last chance before calling them lost
        for commit, _ in commits:
            await swarm.wait_for(commit["post_id"], timeout=10)
    latencies, lost = [], 0
    for commit, expected in commits:
        got = [
            c.received[commit["post_id"]]
            for c in swarm.clients
            if commit["post_id"] in c.received
        ]
        lost += max(0, expected - len(got))
        latencies += [t - commit["committed"] for t in got]
    row = {
        "clients": n,
        "connected": connected,
        "connect_seconds": connect_s,
        "per_process": per_process,
        "posts": posts_per_level,
        "deliveries": len(latencies),
        "lost": lost,
        "late_after_15s": late,
        "rss_before_kb": rss_before,
        "rss_after_kb": rss_after,
        "kb_per_connection": delta / max(1, swarm.connected),
        **_stats_ms(latencies),
    }
    log(
        f"  fan-out {n:>5}: p50 {row['p50_ms']:.0f} ms p99 {row['p99_ms']:.0f} ms "
        f"max {row['max_ms']:.0f} ms lost {lost} "
        f"{row['kb_per_connection']:.0f} KiB/conn spread {per_process}"
    )
    return {"row": row, "swarm": swarm}


async def reconnect(swarm, poster: Poster, posts: int = 3) -> dict:
    """Drop 10% of the clients, post, reconnect them with their last event id."""
    dropped = await swarm.drop(fraction=0.10)
    await asyncio.sleep(0.5)
    missed = []
    for _ in range(posts):
        commit = await asyncio.to_thread(poster.post)
        missed.append(commit["post_id"])
        await swarm.wait_for(commit["post_id"], timeout=15)
    await asyncio.sleep(0.5)
    started = time.monotonic()
    # They all come back at the same instant (as after a daphne restart), and
    # each replay is rendered for its member in the process's one database
    # thread: give them a minute, and report how long it took.
    recovered = await swarm.resume(dropped, missed, timeout=60)
    expected = len(dropped) * len(missed)
    row = {
        "dropped": len(dropped),
        "posts_missed": len(missed),
        "expected": expected,
        "recovered": recovered,
        "missing": expected - recovered,
        "seconds": time.monotonic() - started,
    }
    log(f"  reconnect: {row}")
    return row


def _stats_ms(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    ordered = sorted(values)
    q = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "p50_ms": q[49] * 1000,
        "p99_ms": q[98] * 1000,
        "max_ms": ordered[-1] * 1000,
    }


# --- the run --------------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with contextlib.suppress(OSError):
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    loadavg = Path("/proc/loadavg").read_text().split()[:3]

    def version(cmd):
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
            return (out.stdout or out.stderr).strip().splitlines()[0]
        return "?"

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "loadavg_start": loadavg,
        "nginx": version(["nginx", "-v"]),
        "postgresql": version(["psql", "--version"]),
        "redis": version(["redis-server", "--version"]),
        "wrk": version(["wrk", "--version"]),
        "git": version(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"]),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Koers benchmark")
    parser.add_argument("--quick", action="store_true", help="short smoke run")
    parser.add_argument("--seconds", type=float, default=None, help="per measurement")
    parser.add_argument("--sizes", default="demo,large")
    parser.add_argument("--fanout", default=None, help="client counts, e.g. 100,1000")
    parser.add_argument("--port", type=int, default=8580)
    parser.add_argument("--search-q", default=None)
    parser.add_argument("--skip-daphne-http", action="store_true")
    parser.add_argument("--skip-fanout", action="store_true")
    parser.add_argument(
        "--only-fanout",
        action="store_true",
        help="only the live fan-out, on demo data; keeps the page results",
    )
    parser.add_argument("--skip-embedded", action="store_true")
    parser.add_argument("--skip-busy", action="store_true")
    parser.add_argument(
        "--busy-rate", type=float, default=2.0, help="writes per second (busy site)"
    )
    parser.add_argument(
        "--no-seed",
        action="store_true",
        help="use the databases as they are (no migrate, seeding or VACUUM ANALYZE)",
    )
    parser.add_argument(
        "--rendered-only",
        action="store_true",
        help="measure pages only as rendered (Cache-Control: no-cache)",
    )
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--note", default="", help="shown in docs/benchmarks.md")
    parser.add_argument("--out", default=str(RESULTS / "latest.json"))
    args = parser.parse_args(argv)

    seconds = args.seconds or (2.0 if args.quick else 5.0)
    fan_levels = [
        int(x)
        for x in (
            args.fanout or ("50,200" if args.quick else "100,1000,2000,5000")
        ).split(",")
    ]
    sizes = [s for s in args.sizes.split(",") if s]
    if args.only_fanout:
        return only_fanout(args, fan_levels)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    topology.raise_fd_limit()
    log(f"file descriptors: {resource.getrlimit(resource.RLIMIT_NOFILE)}")

    results = {
        "meta": {
            "command": "bench/run "
            + " ".join(argv if argv is not None else sys.argv[1:]),
            "started": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "machine": machine(),
            "seconds_per_measurement": seconds,
            "warmup_seconds": WARMUP_SECONDS,
            "concurrency": CONCURRENCY,
            "note": args.note,
        },
        "seed_seconds": {},
        "http": [],
        "sweep": [],
        "fanout": None,
        "busy": None,
    }
    if not args.no_seed:
        for size in sizes:
            results["seed_seconds"][size] = seed(size, args.port)
        if not args.skip_embedded:
            seed_embedded(args.port + 10)

    try:
        run_configurations(args, results, sizes, seconds, fan_levels)
    except Exception as exc:  # noqa: BLE001 - keep what was measured, say what failed
        log(f"run stopped early: {exc!r}")
        results["meta"]["error"] = repr(exc)
    finally:
        results["meta"]["finished"] = dt.datetime.now(dt.timezone.utc).isoformat(
            timespec="seconds"
        )
        results["meta"]["machine"]["loadavg_end"] = (
            Path("/proc/loadavg").read_text().split()[:3]
        )
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2))
        log(f"results: {out}")
    if not args.no_report:
        import report

        report.write(results)
        log("wrote docs/benchmarks.md")
    return 0


def only_fanout(args, fan_levels) -> int:
    """The fan-out alone (issue 22's 5,000 clients) on the demo data: written to
    bench/results/fanout.json, and docs/benchmarks.md rendered again from the
    last full run's page results with this fan-out."""
    import report

    topology.raise_fd_limit()
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    seed("demo", args.port)
    cfg = topology_config("demo", args.port, "gunicorn")
    log(f"== live fan-out {fan_levels} through nginx to two daphne processes")
    with running_topology(cfg, collectstatic=True):
        fan = asyncio.run(fanout(cfg, fan_levels, posts_per_level=3))
    fan["meta"] = {
        "command": "bench/run " + " ".join(sys.argv[1:]),
        "started": started,
        "git": git_revision(),
        "loadavg_start": fan.get("loadavg_start"),
        "loadavg_end": Path("/proc/loadavg").read_text().split()[:3],
        "machine": machine(),
    }
    FANOUT.write_text(json.dumps(fan, indent=2))
    log(f"results: {FANOUT}")
    if not args.no_report:
        latest = RESULTS / "latest.json"
        results = json.loads(latest.read_text()) if latest.exists() else {}
        report.write(results)
        log("wrote docs/benchmarks.md")
    return 0


def git_revision() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip()


def run_configurations(args, results, sizes, seconds, fan_levels) -> None:
    first = True
    personas = tuple(
        p for p in PERSONAS if PERSONAS[p]["fresh"] or not args.rendered_only
    )
    for size in sizes:
        servers = ["gunicorn"]
        if size == sizes[-1] and not args.skip_daphne_http:
            servers.append("daphne")
        for server in servers:
            cfg = topology_config(size, args.port, server)
            log(f"== {size} data, HTTP by {server}")
            with running_topology(cfg, collectstatic=first):
                first = False
                label = {"size": size, "server": server}
                with metering(cfg) as meter:
                    rows = measure_pages(
                        cfg,
                        label,
                        seconds,
                        args.search_q,
                        meter,
                        personas=personas,
                        pages=PAGES if server == "gunicorn" else COMPARISON_PAGES,
                    )
                results["http"] += rows
                if size == sizes[-1] and server == "gunicorn":
                    scenarios = {r["scenario"]: r["url"] for r in rows}
                    results["sweep"] = sweep(cfg, scenarios, seconds, [1, 2, 4, 8, 16])
                    if not args.skip_busy:
                        log(f"== busy site: readers while writing {args.busy_rate:g}/s")
                        results["busy"] = busy_site(cfg, size, scenarios, seconds, args)
                    if not args.skip_fanout:
                        log("== live fan-out through nginx to two daphne processes")
                        results["fanout"] = asyncio.run(
                            fanout(cfg, fan_levels, posts_per_level=3)
                        )
                        FANOUT.write_text(json.dumps(results["fanout"], indent=2))
    if not args.skip_embedded:
        log("== embedded default: one daphne, SQLite, no Redis, demo data")
        with embedded_server(args.port + 10) as server:
            label = {"size": "demo", "server": "embedded"}
            results["http"] += measure_pages(
                server,
                label,
                seconds,
                args.search_q,
                servercpu.Meter(server.pids),  # SQLite runs inside daphne
                personas=personas,
                pages=COMPARISON_PAGES,
            )


def busy_site(
    cfg: topology.Config, size: str, scenarios: dict, seconds: float, args
) -> dict:
    """The busy-site workload (bench/busy.py), with the servers' CPU per request
    over it (served and rendered pages mixed, as the page cache answered them;
    the database's includes the writer's writes)."""
    base = f"http://127.0.0.1:{cfg.port}"
    cookie = login(base, *EMPLOYEE)
    with metering(cfg) as meter:
        meter.settle()  # the sweep's last requests are done; busy's readers end theirs
        before = meter.sample()
        result = busy.run(
            base,
            scenarios,
            cookie,
            cfg.django_env(),
            seconds=max(10.0, seconds * 6),
            readers=CONCURRENCY,
            rate=args.busy_rate,
        )
        result.update(meter.per_request(before, result["requests"]))
    result["size"] = size
    log(
        f"  busy: {result['requests']} requests, hit rate {result['hit_rate']:.0%}, "
        f"CPU {_ms(result['cpu_ms'])} ms/request"
    )
    return result


if __name__ == "__main__":
    sys.exit(main())
