"""Render bench/results/latest.json into docs/benchmarks.md and PNG charts.

.venv/bin/python bench/report.py [results.json]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
CHARTS = ROOT / "docs" / "benchmarks"
FANOUT = ROOT / "bench" / "results" / "fanout.json"

# Targets from issues 8 and 22 (large data set, production configuration).
P99_TARGET_MS = 150
RATIO_TARGET = 0.10
GROWTH_TARGET = 1.5
FANOUT_P99_TARGET_MS = 1000
CPU_TARGET_MS = 15  # server CPU per rendered page (issue 22)

# Every page bench/run.py measures, in its order (bench/run.py PAGES).
SCENARIO_TITLES = {
    "baseline": "baseline (trivial view)",
    "home": "home page /",
    "feed": "/feed/",
    "directory": "/people/ (directory)",
    "people": "/people/?competence=…",
    "competence": "competence page",
    "profile": "profile page",
    "roadmaps": "/roadmaps/",
    "roadmap": "roadmap page",
    "item": "roadmap item page",
    "purpose": "/purpose/",
    "search": "/search/?q=…",
}


# Personas as bench/run.py measures them; "rendered" rows bypass the page cache.
PERSONAS = ("visitor", "employee", "visitor (rendered)", "employee (rendered)")
SERVED = ("visitor", "employee")
RENDERED = ("visitor (rendered)", "employee (rendered)")


def _fmt(value, digits=1):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def _ok(flag: bool) -> str:
    return "✅" if flag else "❌ missed"


def charts(results: dict) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    CHARTS.mkdir(parents=True, exist_ok=True)
    made = []

    sweep = results.get("sweep") or []
    if sweep:
        fig, ax = plt.subplots(figsize=(7, 4))
        for name in sorted({r["scenario"] for r in sweep}):
            rows = [r for r in sweep if r["scenario"] == name]
            xs = [r["concurrency"] for r in rows]
            ax.plot(xs, [r["p50_ms"] for r in rows], marker="o", label=f"{name} p50")
            ax.plot(
                xs,
                [r["p99_ms"] for r in rows],
                marker="s",
                linestyle="--",
                label=f"{name} p99",
            )
        ax.axhline(P99_TARGET_MS, color="red", linewidth=0.8, label="p99 target")
        ax.set_xscale("log", base=2)
        ax.set_xlabel("concurrent clients (wrk connections)")
        ax.set_ylabel("latency (ms)")
        ax.set_title("Latency against load (large data, gunicorn, signed-in employee)")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(CHARTS / "latency-vs-load.png", dpi=110)
        plt.close(fig)
        made.append("latency-vs-load.png")

    http = [
        r
        for r in results.get("http", [])
        if r.get("server") == "gunicorn" and "p99_ms" in r
    ]
    sizes = sorted({r["size"] for r in http}, key=lambda s: s != "demo")
    if len(sizes) >= 1 and http:
        keys = [
            (s, p)
            for s in SCENARIO_TITLES
            for p in PERSONAS
            if any(r["scenario"] == s and r["persona"] == p for r in http)
        ]
        fig, ax = plt.subplots(figsize=(max(13, 0.3 * len(keys)), 4.8))
        width = 0.8 / max(1, len(sizes))
        for i, size in enumerate(sizes):
            values = []
            for s, p in keys:
                row = next(
                    (
                        r
                        for r in http
                        if r["size"] == size
                        and r["scenario"] == s
                        and r["persona"] == p
                    ),
                    None,
                )
                values.append(row["p99_ms"] if row else 0)
            xs = [k + i * width for k in range(len(keys))]
            ax.bar(xs, values, width=width, label=f"{size} data, p99")
        ax.axhline(P99_TARGET_MS, color="red", linewidth=0.8, label="p99 target")
        ax.set_xticks([k + width * (len(sizes) - 1) / 2 for k in range(len(keys))])
        ax.set_xticklabels(
            [f"{s}\n{p.replace(' (', chr(10) + '(')}" for s, p in keys], fontsize=6
        )
        ax.set_yscale("log")
        ax.set_ylabel("p99 latency (ms, log scale)")
        ax.set_title("Latency against data size (8 concurrent clients, gunicorn)")
        ax.legend(fontsize=8)
        ax.grid(axis="y", alpha=0.3)
        fig.tight_layout()
        fig.savefig(CHARTS / "latency-vs-data-size.png", dpi=110)
        plt.close(fig)
        made.append("latency-vs-data-size.png")

    fan = [
        r for r in (results.get("fanout") or {}).get("levels") or [] if "error" not in r
    ]
    if fan:
        fig, ax = plt.subplots(figsize=(7, 4))
        xs = [r["clients"] for r in fan]
        for key, style in (("p50_ms", "o-"), ("p99_ms", "s--"), ("max_ms", "^:")):
            ax.plot(xs, [r[key] for r in fan], style, label=key.replace("_ms", ""))
        ax.axhline(FANOUT_P99_TARGET_MS, color="red", linewidth=0.8, label="p99 target")
        ax.set_xlabel("connected WebSocket clients (two daphne processes)")
        ax.set_ylabel("commit → delivery (ms)")
        ax.set_title("Live fan-out latency against connections")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
        fig.tight_layout()
        fig.savefig(CHARTS / "fanout.png", dpi=110)
        plt.close(fig)
        made.append("fanout.png")
    return made


def _title(scenario: str) -> str:
    return SCENARIO_TITLES.get(scenario, scenario)


def _row(rows: list[dict], size: str, scenario: str, persona: str) -> dict | None:
    return next(
        (
            r
            for r in rows
            if r["size"] == size
            and r["scenario"] == scenario
            and r["persona"] == persona
        ),
        None,
    )


def _http_table(rows: list[dict], sizes: list[str]) -> list[str]:
    out = [
        "| scenario | persona | "
        + " | ".join(
            f"{s}: req/s | {s}: p50 ms | {s}: p99 ms | {s}: × baseline | {s}: CPU ms"
            for s in sizes
        )
        + " | large ÷ demo p50 |",
        "|---|---|" + "---:|" * (5 * len(sizes) + 1),
    ]
    for scenario in SCENARIO_TITLES:
        for persona in PERSONAS:
            cells = []
            by_size = {}
            for size in sizes:
                row = _row(rows, size, scenario, persona)
                by_size[size] = row
                if row is None:
                    cells += ["–"] * 5
                elif "rps" not in row:
                    cells += [f"HTTP {row.get('status')}", "–", "–", "–", "–"]
                else:
                    cells += [
                        _fmt(row["rps"]),
                        _fmt(row["p50_ms"]),
                        _fmt(row["p99_ms"]),
                        _fmt(row.get("ratio"), 2),
                        _fmt(row.get("cpu_ms")),
                    ]
            growth = "–"
            demo, large = by_size.get("demo"), by_size.get("large")
            if demo and large and demo.get("p50_ms") and large.get("p50_ms"):
                growth = _fmt(large["p50_ms"] / demo["p50_ms"], 2)
            if any(by_size.values()):
                out.append(
                    f"| {_title(scenario)} | {persona} | "
                    + " | ".join(cells)
                    + f" | {growth} |"
                )
    return out


def _cpu_table(http: list[dict]) -> list[str]:
    """Server CPU per rendered page, per page and persona (issue 22), on gunicorn."""
    rows = [
        r
        for r in http
        if r["server"] == "gunicorn"
        and r["persona"] in RENDERED
        and r.get("cpu_ms") is not None
    ]
    if not rows:
        return []
    sizes = [s for s in ("demo", "large") if any(r["size"] == s for r in rows)]
    judged = "large" if "large" in sizes else sizes[-1]
    lines = [
        "### Server CPU per rendered page",
        "",
        "CPU time (user + system, from `/proc/<pid>/stat`) of the gunicorn master and "
        "its workers over each rendered row, from idle to idle again, divided by the "
        "requests wrk sent (the few still in flight at the end included: the servers "
        "finish them): "
        "what one fresh page costs the application servers (nginx, Redis and wrk are "
        "not in it). *db CPU* is the same for the PostgreSQL backends connected to the "
        "site's database; *requests* is what the figure is divided by (a row of few "
        "requests is coarse). The target is judged on the "
        f"{judged} data: at most {CPU_TARGET_MS} ms per page.",
        "",
        "| page | persona | "
        + " | ".join(f"{s}: CPU ms | {s}: db CPU ms | {s}: requests" for s in sizes)
        + f" | ≤ {CPU_TARGET_MS} ms |",
        "|---|---|" + "---:|" * (3 * len(sizes)) + "---|",
    ]
    for scenario in SCENARIO_TITLES:
        for persona in RENDERED:
            by_size = {s: _row(rows, s, scenario, persona) for s in sizes}
            if not any(by_size.values()):
                continue
            cells = []
            for size in sizes:
                r = by_size[size] or {}
                cells += [
                    _fmt(r.get("cpu_ms")),
                    _fmt(r.get("db_cpu_ms")),
                    f"{r.get('cpu_requests', r.get('requests', 0)):,}" if r else "–",
                ]
            mine = by_size.get(judged)
            ok = (
                "–"
                if scenario == "baseline" or not mine
                else ("✅" if mine["cpu_ms"] <= CPU_TARGET_MS else "❌")
            )
            lines.append(
                f"| {_title(scenario)} | {persona} | "
                + " | ".join(cells)
                + f" | {ok} |"
            )
    return [*lines, ""]


def _targets(results: dict) -> list[str]:
    http = results.get("http", [])
    lines = [
        "| target (large data, production configuration) | result |",
        "|---|---|",
        *_busy_targets(results),
    ]
    for personas, title in (
        (SERVED, "pages as served (page cache on)"),
        (RENDERED, "pages rendered for every request (`Cache-Control: no-cache`)"),
    ):
        chosen = [r for r in http if r["persona"] in personas]
        if chosen:
            lines.append(f"| **{title}** | |")
            lines += _page_targets(chosen, cpu=personas == RENDERED)
    lines += _fanout_targets(results)
    return lines


def _busy_targets(results: dict) -> list[str]:
    """The headline: every page's p99 on the busy site (issue 22)."""
    b = results.get("busy")
    rows = (b or {}).get("rows") or []
    if not rows:
        return []
    worst = max(rows, key=lambda r: r["p99_ms"])
    errors = sum(r["errors"] for r in rows)
    ok = all(r["p99_ms"] < P99_TARGET_MS for r in rows) and not errors
    cpu = b.get("cpu_ms")
    return [
        f"| **busy site ({b.get('size', 'large')} data, {b['rate']:g} writes/s, "
        f"{b['readers']} readers)** | |",
        f"| busy site: every page p99 < {P99_TARGET_MS} ms, no errors | {_ok(ok)} "
        f"worst: {_title(worst['page'])} ({worst['persona']}) "
        f"{_fmt(worst['p99_ms'])} ms; {errors} errors; page-cache hit rate "
        f"{100 * b['hit_rate']:.0f} %"
        + (f"; server CPU {_fmt(cpu)} ms per request" if cpu is not None else "")
        + " |",
    ]


def _page_targets(http: list[dict], cpu: bool = False) -> list[str]:
    """Target rows for one group of personas on the large data (gunicorn).

    "Every page" holds only when every page of SCENARIO_TITLES was measured: a
    page missing from the run, answering an error or completing no request in
    its row fails each target (and is named on a row of its own).
    """
    large = [r for r in http if r["size"] == "large" and r["server"] == "gunicorn"]
    demo = {
        (r["scenario"], r["persona"]): r
        for r in http
        if r["size"] == "demo" and r["server"] == "gunicorn" and r.get("p50_ms")
    }
    lines = []
    pages = [r for r in large if r["scenario"] != "baseline"]
    if not pages:
        return lines
    measured = [r for r in pages if r.get("requests")]
    skipped = [r for r in pages if not r.get("requests")]
    missing = [
        s
        for s in SCENARIO_TITLES
        if s != "baseline" and not any(r["scenario"] == s for r in pages)
    ]
    complete = not skipped and not missing
    worst = max(measured, key=lambda r: r["p99_ms"], default=None)
    if worst:
        lines.append(
            f"| every page p99 < {P99_TARGET_MS} ms at 8 clients | "
            f"{_ok(complete and all(r['p99_ms'] < P99_TARGET_MS for r in measured))} "
            f"worst: {_title(worst['scenario'])} ({worst['persona']}) "
            f"{_fmt(worst['p99_ms'])} ms |"
        )
        lowest = min(measured, key=lambda r: r.get("ratio") or 0)
        ratios_ok = all((r.get("ratio") or 0) >= RATIO_TARGET for r in measured)
        lines.append(
            f"| throughput ≥ {RATIO_TARGET:.0%} of the baseline | "
            f"{_ok(complete and ratios_ok)} "
            f"lowest: {_title(lowest['scenario'])} ({lowest['persona']}) "
            f"{_fmt((lowest.get('ratio') or 0) * 100)} % |"
        )
    with_cpu = [r for r in measured if r.get("cpu_ms") is not None]
    if cpu and with_cpu:
        heaviest = max(with_cpu, key=lambda r: r["cpu_ms"])
        cpu_ok = all(r["cpu_ms"] <= CPU_TARGET_MS for r in with_cpu)
        lines.append(
            f"| server CPU per rendered page ≤ {CPU_TARGET_MS} ms | "
            f"{_ok(complete and len(with_cpu) == len(measured) and cpu_ok)} worst: "
            f"{_title(heaviest['scenario'])} ({heaviest['persona']}) "
            f"{_fmt(heaviest['cpu_ms'])} ms |"
        )
    growths, unjudged = [], []
    for r in measured:
        d = demo.get((r["scenario"], r["persona"]))
        if d:
            growths.append((r["p50_ms"] / d["p50_ms"], r))
        else:
            unjudged.append(r)
    if growths:
        g, r = max(growths, key=lambda x: x[0])
        lines.append(
            f"| every page ≤ {GROWTH_TARGET}× slower on large than demo (p50) | "
            f"{_ok(complete and g <= GROWTH_TARGET and not unjudged)} worst: "
            f"{_title(r['scenario'])} ({r['persona']}) {g:.2f}×"
            + (
                "; no demo row for "
                + ", ".join(
                    f"{_title(u['scenario'])} ({u['persona']})" for u in unjudged
                )
                if unjudged
                else ""
            )
            + " |"
        )
    elif measured:
        lines.append(
            f"| every page ≤ {GROWTH_TARGET}× slower on large than demo (p50) | "
            "❌ not judged: no demo data in this run |"
        )
    if skipped:
        lines.append(
            "| pages not measured | "
            + ", ".join(
                f"{_title(r['scenario'])} ({r['persona']}: "
                + (
                    f"HTTP {r['status']})"
                    if r.get("status") != 200
                    else "no request completed)"
                )
                for r in skipped
            )
            + " |"
        )
    if missing:
        lines.append(
            "| pages missing from this run (no link found, or not measured) | "
            + ", ".join(_title(s) for s in missing)
            + " |"
        )
    return lines


def _fanout_targets(results: dict) -> list[str]:
    lines = []
    fan = results.get("fanout") or {}
    levels = fan.get("levels") or []
    for r in levels:
        if "error" in r:
            lines.append(
                f"| fan-out {r['clients']:,} clients | ❌ failed: {r['error']} |"
            )
    levels = [r for r in levels if "error" not in r]
    top = max(levels, key=lambda r: r["clients"], default=None)
    if top:
        lines.append(
            f"| fan-out {top['clients']:,} clients p99 < 1 s, 0 lost | "
            f"{_ok(top['p99_ms'] < FANOUT_P99_TARGET_MS and top['lost'] == 0 and top['connected'] == top['clients'])} "
            f"p99 {_fmt(top['p99_ms'], 0)} ms, lost {top['lost']}, "
            f"connected {top['connected']:,} |"
        )
    rec = fan.get("reconnect")
    if rec and "error" in rec:
        lines.append(f"| reconnect catch-up | ❌ failed: {rec['error']} |")
    elif rec:
        lines.append(
            f"| reconnecting clients recover every missed post | "
            f"{_ok(rec['missing'] == 0)} {rec['recovered']}/{rec['expected']} |"
        )
    return lines


def _fanout_run(fan: dict) -> list[str]:
    run = fan.get("meta")
    if not run:
        return []
    return [
        "",
        f"This fan-out: `{run['command']}` ({run['started']} UTC, git `{run['git']}`, "
        f"load average {' / '.join(run.get('loadavg_start') or [])} at the start, "
        f"{' / '.join(run['loadavg_end'])} at the end).",
    ]


def _flood(f: dict) -> list[str]:
    """bench/flood.py's run (issue 14): normal clients next to a frame flood."""
    grew = [
        round(a - b) for a, b in zip(f["rss_mb_after"], f["rss_mb_before"], strict=True)
    ]
    peak = [
        round(p - b) for p, b in zip(f["rss_mb_peak"], f["rss_mb_before"], strict=True)
    ]
    return [
        "## Socket flood",
        "",
        f"`bench/flood.py` ({f['started']} UTC, git `{f['git']}`, load average "
        f"{' / '.join(map(str, f['loadavg_start']))} at the start): {f['clients']} "
        f"feed clients (half signed in) through nginx to the two daphne processes, a "
        f"member posting every 0.5 s, and for {f['flood_seconds']:g} s "
        f"{f['flood_sockets']} sockets sending malformed, binary, oversized and "
        "resume frames as fast as they can (each bad frame ends its socket, after a "
        "1 s pause, and they reopen at once). Delivery latency runs from the post's write in the "
        "database to each client's frame; *quiet* is the same run before the flood.",
        "",
        "| | p50 ms | p99 ms |",
        "|---|---:|---:|",
        f"| quiet | {_fmt(f['quiet_ms']['p50'], 0)} | {_fmt(f['quiet_ms']['p99'], 0)} |",
        f"| during the flood | {_fmt(f['flood_ms']['p50'], 0)} | "
        f"{_fmt(f['flood_ms']['p99'], 0)} |",
        "",
        f"{f['frames']:,} flood frames; {f['committed']} posts committed, "
        f"{f['lost']} lost; {f['server_errors']} server errors logged. daphne "
        f"resident memory: {' / '.join(map(str, f['rss_mb_before']))} MB before, "
        f"at most {' / '.join(f'+{g}' for g in peak)} MB during the flood, "
        f"{' / '.join(f'{g:+d}' for g in grew)} MB after it (issue 14: within 50 MB; "
        "p99 below 500 ms).",
        "",
    ]


def _busy(results: dict) -> list[str]:
    """The busy-site workload: the headline (issue 22)."""
    b = results.get("busy")
    if not b:
        return []
    w = b.get("writes") or {}
    cpu = b.get("cpu_ms")
    lines = [
        "## Busy site (headline)",
        "",
        f"{b['readers']} readers (half visitors, half the signed-in employee) walk every "
        f"page in turn for {b['seconds']:g} s on the {b.get('size', 'large')} data, as "
        "browsers do (the page cache answers what it may), while "
        f"bench/writer.py posts, reacts, votes and edits profiles through the services at "
        f"{b['rate']:g} writes/s (done: {w.get('writes_per_second', '?')}/s, "
        f"{w.get('error_count', '?')} refused). {b['requests']:,} requests, page-cache hit "
        f"rate {100 * b['hit_rate']:.0f} %"
        + (
            f"; the page servers spent {_fmt(cpu)} ms CPU per request (cached and "
            f"rendered pages mixed), the database {_fmt(b.get('db_cpu_ms'))} ms "
            "(the writes included)."
            if cpu is not None
            else "."
        ),
        "",
        f"| page | persona | requests | p50 ms | p99 ms | hit rate | errors | "
        f"p99 < {P99_TARGET_MS} ms |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    order = list(SCENARIO_TITLES)
    rows = sorted(
        b["rows"],
        key=lambda r: (
            order.index(r["page"]) if r["page"] in order else 99,
            r["persona"],
        ),
    )
    for r in rows:
        ok = "✅" if r["p99_ms"] < P99_TARGET_MS and not r["errors"] else "❌"
        lines.append(
            f"| {_title(r['page'])} | {r['persona']} | {r['requests']:,} | "
            f"{r['p50_ms']:.1f} | {r['p99_ms']:.1f} | {100 * r['hit_rate']:.0f} % | "
            f"{r['errors']} | {ok} |"
        )
    return [*lines, ""]


def write(results: dict, doc: Path = DOC) -> None:
    if FANOUT.exists():
        # The last fan-out run, from a full run or `bench/run --only-fanout`.
        results = {**results, "fanout": json.loads(FANOUT.read_text())}
    made = charts(results)
    meta = results["meta"]
    m = meta["machine"]
    http = results.get("http", [])
    sizes = [s for s in ("demo", "large") if any(r["size"] == s for r in http)]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `bench/run` (see [bench/README.md](../bench/README.md)); do not edit by hand.",
        "",
        f"- **Command:** `{meta['command']}` (`make bench`)",
        f"- **When:** {meta['started']} – {meta.get('finished', '?')} (UTC), git `{m.get('git')}`",
        f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB RAM, "
        f"{m['os']}, Python {m['python']}",
        f"- **Services:** {m['nginx']}; {m['postgresql']}; {m['redis']}; load tool {m['wrk']}",
        f"- **Load on the machine:** load average {' / '.join(m['loadavg_start'])} at the start, "
        f"{' / '.join(m.get('loadavg_end', ['?']))} at the end.",
    ]
    if meta.get("note"):
        lines.append(f"- **Note:** {meta['note']}")
    lines += [
        "",
        "Everything ran on this one machine: nginx, gunicorn, two daphne processes, PostgreSQL,",
        "Redis, the load generator (wrk, 2 threads) and the WebSocket clients share its cores,",
        "so absolute numbers are pessimistic; the ratios to the same-run baseline are the",
        "portable part.",
        "",
        *_busy(results),
        "## Targets",
        "",
        *_targets(results),
        "",
        "## Pages",
        "",
        f"`wrk` at a fixed {meta['concurrency']} connections for "
        f"{meta['seconds_per_measurement']:g} s per row (after a "
        f"{meta.get('warmup_seconds', 1):g} s warm-up), through nginx, "
        "production settings (PostgreSQL with the psycopg pool, Redis cache). "
        "*× baseline* is throughput relative to `/bench/baseline`, a trivial Django view "
        "served by the same server, settings and middleware in the same run. "
        "*CPU ms* is the page servers' CPU time (gunicorn's master and workers, or the "
        "daphne processes serving pages; user + system from `/proc`) over the row, "
        "divided by the requests wrk sent. "
        "The employee is signed in with a session cookie from a real login. "
        "Every page is measured on gunicorn; the daphne and embedded configurations, "
        "comparisons, measure the hot pages (feed, competence filter, profile, "
        "roadmap, search) to keep the run near 22 minutes.",
        "",
        "Pages are served from the page cache (`intranet/cache.py`) after the first hit: "
        "visitors share one copy per page, members share one per audience signature "
        "(their own state filled in per request), and a change makes stale only the "
        "pages that show its subject. *visitor* and *employee* rows measure that (a page "
        "re-opened while nothing changed). The *(rendered)* rows send "
        "`Cache-Control: no-cache`, which the cache honours, so the view renders every "
        "request: the cost of the first visit after a change, and of every visit on a "
        "busy site.",
        "",
    ]
    titles = {
        "gunicorn": "Production: nginx → gunicorn (3 workers), PostgreSQL, Redis",
        "daphne": "Production with daphne for pages: nginx → two daphne processes",
        "embedded": "Embedded default: one daphne process, SQLite, no Redis (no proxy)",
    }
    for server, title in titles.items():
        rows = [r for r in http if r["server"] == server]
        if not rows:
            continue
        srv_sizes = [s for s in sizes if any(r["size"] == s for r in rows)]
        lines += [f"### {title}", "", *_http_table(rows, srv_sizes), ""]
        if server == "gunicorn":
            lines += _cpu_table(rows)
    # daphne vs gunicorn on the same size
    gun = {
        (r["size"], r["scenario"], r["persona"]): r
        for r in http
        if r["server"] == "gunicorn" and "rps" in r
    }
    dap = [r for r in http if r["server"] == "daphne" and "rps" in r]
    if dap:
        lines += [
            "### daphne against gunicorn for pages",
            "",
            "| size | scenario | persona | gunicorn req/s | daphne req/s | gunicorn p99 "
            "| daphne p99 | gunicorn CPU ms | daphne CPU ms |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for r in dap:
            g = gun.get((r["size"], r["scenario"], r["persona"]))
            if g:
                lines.append(
                    f"| {r['size']} | {_title(r['scenario'])} | {r['persona']} | "
                    f"{_fmt(g['rps'])} | {_fmt(r['rps'])} | {_fmt(g['p99_ms'])} | "
                    f"{_fmt(r['p99_ms'])} | {_fmt(g.get('cpu_ms'))} | "
                    f"{_fmt(r.get('cpu_ms'))} |"
                )
        lines.append("")
    if "latency-vs-data-size.png" in made:
        lines += [
            "![p99 by scenario, demo against large](benchmarks/latency-vs-data-size.png)",
            "",
        ]
    if results.get("sweep"):
        lines += [
            "### Latency against load",
            "",
            "| scenario | clients | req/s | p50 ms | p99 ms | CPU ms |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for r in results["sweep"]:
            lines.append(
                f"| {r['scenario']} | {r['concurrency']} | {_fmt(r['rps'])} | "
                f"{_fmt(r['p50_ms'])} | {_fmt(r['p99_ms'])} | {_fmt(r.get('cpu_ms'))} |"
            )
        lines += ["", "![latency against load](benchmarks/latency-vs-load.png)", ""]
    fan = results.get("fanout") or {}
    if fan.get("levels"):
        lines += [
            "## Live fan-out",
            "",
            "asyncio clients (`websockets`) connect to `/ws/feed/` through nginx, which spreads",
            "them over two daphne processes (`least_conn`) sharing the Redis channel layer. For",
            "each level three public posts are committed through `feed.services.post_create`",
            "(bench/poster.py); latency runs from the transaction's commit to the moment each",
            "client has the message (same clock). Memory is the daphne processes' RSS growth over",
            "their warmed-up size, divided by the connections. Levels run one after the other; the",
            "next starts when the servers have closed every socket of the last.",
            "Since issue 22 the channel layer is channels-redis' pub/sub layer",
            "(intranet/channel_layer.py): one PUBLISH per post, decoded once per process.",
            *_fanout_run(fan),
            "",
            "| clients | connected | per process | connect time s | deliveries | lost | p50 ms | p99 ms | max ms | KiB / connection |",
            "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in fan["levels"]:
            if "error" in r:
                lines.append(f"| {r['clients']:,} | failed: {r['error']} |" + " |" * 8)
                continue
            spread = " / ".join(str(v) for v in r["per_process"].values())
            lines.append(
                f"| {r['clients']:,} | {r['connected']:,} | {spread} | "
                f"{_fmt(r['connect_seconds'])} | {r['deliveries']:,} | {r['lost']} | "
                f"{_fmt(r['p50_ms'], 0)} | {_fmt(r['p99_ms'], 0)} | {_fmt(r['max_ms'], 0)} | "
                f"{_fmt(r['kb_per_connection'], 0)} |"
            )
        rec = fan.get("reconnect")
        if rec and "error" not in rec:
            lines += [
                "",
                f"**Reconnect catch-up:** {rec['dropped']} clients (10 %) dropped, "
                f"{rec['posts_missed']} posts committed while they were away, the clients "
                f"reconnected with their last event id and recovered "
                f"{rec['recovered']} of {rec['expected']} missed posts"
                + (
                    f" within {rec['seconds']:.1f} s (all at once)."
                    if "seconds" in rec
                    else "."
                ),
            ]
        if "fanout.png" in made:
            lines += ["", "![fan-out latency](benchmarks/fanout.png)"]
        lines.append("")
    flood = ROOT / "bench" / "results" / "flood.json"
    if flood.exists():
        lines += _flood(json.loads(flood.read_text()))
    seeds = results.get("seed_seconds") or {}
    if any(seeds.values()):
        lines += [
            "## Seeding",
            "",
            *[f"- `seed_demo --size {k}`: {v:.0f} s" for k, v in seeds.items() if v],
            "",
        ]
    analysis = ROOT / "bench" / "analysis.md"
    if analysis.exists():
        lines += [analysis.read_text().strip(), ""]
    doc.write_text("\n".join(lines) + "\n")


def main() -> int:
    path = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench/results/latest.json"
    )
    write(json.loads(path.read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
