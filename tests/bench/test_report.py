"""bench/report.py renders what issue 22 asks: every page, CPU per rendered page,
the busy site as headline, and large ÷ demo for served and rendered rows."""

import pytest

RENDERED = ("visitor (rendered)", "employee (rendered)")
SERVED = ("visitor", "employee")


def _row(size, scenario, persona, p50=20.0, p99=40.0, cpu=5.0, server="gunicorn"):
    return {
        "size": size,
        "server": server,
        "scenario": scenario,
        "persona": persona,
        "url": f"/{scenario}/",
        "status": 200,
        "rps": 100.0,
        "requests": 500,
        "p50_ms": p50,
        "p99_ms": p99,
        "ratio": 0.5,
        "errors": 0,
        "cpu_ms": cpu,
        "db_cpu_ms": 1.0,
    }


@pytest.fixture
def results(report):
    http = [
        _row(size, scenario, persona)
        for size in ("demo", "large")
        for scenario in report.SCENARIO_TITLES
        for persona in (*SERVED, *RENDERED)
    ]
    return {
        "meta": {
            "command": "bench/run",
            "started": "2026-12-03T19:00:00+00:00",
            "finished": "2026-12-03T19:20:00+00:00",
            "seconds_per_measurement": 5,
            "concurrency": 8,
            "note": "",
            "machine": {
                "cpu": "test",
                "cores": 2,
                "memory_gb": 1,
                "os": "Linux",
                "python": "3.11",
                "git": "abc",
                "nginx": "nginx",
                "postgresql": "pg",
                "redis": "redis",
                "wrk": "wrk",
                "loadavg_start": ["1", "1", "1"],
                "loadavg_end": ["1", "1", "1"],
            },
        },
        "http": http,
        "sweep": [],
        "busy": {
            "size": "large",
            "seconds": 30,
            "readers": 8,
            "rate": 2,
            "writes": {"writes_per_second": 2, "error_count": 0},
            "requests": 1000,
            "hit_rate": 0.8,
            "cpu_ms": 3.0,
            "db_cpu_ms": 1.0,
            "rows": [
                {
                    "page": page,
                    "persona": persona,
                    "requests": 50,
                    "p50_ms": 10.0,
                    "p99_ms": 60.0,
                    "hit_rate": 0.8,
                    "errors": 0,
                }
                for page in report.SCENARIO_TITLES
                if page != "baseline"
                for persona in ("visitor", "employee")
            ],
        },
    }


def _line(lines, start):
    return next(line for line in lines if line.startswith(start))


def test_every_page_issue_22_names_has_a_title(report):
    assert {
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
    } <= set(report.SCENARIO_TITLES)


def test_cpu_target_names_the_worst_rendered_page_on_large(report, results):
    for r in results["http"]:
        if r["scenario"] == "item" and r["persona"] == "employee (rendered)":
            r["cpu_ms"] = 22.5 if r["size"] == "large" else 40.0
        if r["scenario"] == "feed" and r["persona"] == "employee":
            r["cpu_ms"] = 90.0  # served rows are not judged on CPU
    lines = report._targets(results)
    cpu = _line(lines, "| server CPU per rendered page ≤ 15 ms")
    assert "❌" in cpu
    assert "roadmap item page (employee (rendered)) 22.5 ms" in cpu
    assert sum("server CPU per rendered page" in line for line in lines) == 1


def test_cpu_target_passes_when_every_rendered_page_is_cheap(report, results):
    cpu = _line(report._targets(results), "| server CPU per rendered page")
    assert "✅" in cpu


def test_busy_site_is_the_first_target_and_names_the_worst_page(report, results):
    results["busy"]["rows"][3]["p99_ms"] = 151.0
    lines = report._targets(results)
    assert lines[2].startswith("| **busy site (large data")
    busy = lines[3]
    assert busy.startswith("| busy site: every page p99 < 150 ms")
    assert "❌" in busy and "151.0 ms" in busy and "hit rate 80 %" in busy


def test_busy_site_errors_fail_the_headline(report, results):
    results["busy"]["rows"][0]["errors"] = 2
    busy = _line(report._targets(results), "| busy site: every page")
    assert "❌" in busy and "2 errors" in busy


def test_growth_is_judged_for_served_and_rendered_rows(report, results):
    for r in results["http"]:
        if r["size"] == "large" and r["scenario"] == "purpose":
            r["p50_ms"] = 20.0 * (1.6 if r["persona"] == "visitor" else 1.2)
    lines = report._targets(results)
    growth = [line for line in lines if "slower on large than demo" in line]
    assert len(growth) == 2  # served, then rendered
    assert "❌" in growth[0] and "/purpose/ (visitor) 1.60×" in growth[0]
    assert "✅" in growth[1] and "1.20×" in growth[1]


def test_a_page_without_a_demo_row_is_not_judged_as_passing(report, results):
    results["http"] = [
        r
        for r in results["http"]
        if not (r["size"] == "demo" and r["scenario"] == "competence")
    ]
    growth = [line for line in report._targets(results) if "than demo" in line]
    assert all(
        "❌" in line and "no demo row for competence page" in line for line in growth
    )


def test_a_page_the_site_did_not_link_is_named(report, results):
    results["http"] = [r for r in results["http"] if r["scenario"] != "item"]
    missing = _line(report._targets(results), "| pages missing from this run")
    assert "roadmap item page" in missing


def test_tables_carry_cpu_per_page(report, results, tmp_path, monkeypatch):
    monkeypatch.setattr(report, "CHARTS", tmp_path / "charts")
    monkeypatch.setattr(report, "FANOUT", tmp_path / "no-fanout.json")
    doc = tmp_path / "benchmarks.md"
    report.write(results, doc)
    text = doc.read_text()
    assert (
        "| large: CPU ms |" in text.splitlines()[_index(text, "| scenario | persona |")]
    )
    assert "### Server CPU per rendered page" in text
    cpu_table = text.split("### Server CPU per rendered page")[1].split("\n\n")[2]
    pages = {line.split(" | ")[0].lstrip("| ") for line in cpu_table.splitlines()[2:]}
    assert pages == set(report.SCENARIO_TITLES.values())
    assert text.index("## Busy site (headline)") < text.index("## Targets")


def _index(text, start):
    return next(i for i, line in enumerate(text.splitlines()) if line.startswith(start))


def test_every_page_targets_fail_while_a_page_is_missing(report, results):
    results["http"] = [r for r in results["http"] if r["scenario"] != "purpose"]
    lines = report._targets(results)
    for start in (
        "| every page p99",
        "| throughput",
        "| server CPU",
        "| every page ≤ 1.5×",
    ):
        assert all("❌" in line for line in lines if line.startswith(start)), start


def test_a_row_that_completed_no_request_is_not_a_pass(report, results):
    for r in results["http"]:
        if r["size"] == "large" and r["scenario"] == "search":
            if r["persona"] == "employee (rendered)":
                r.update(requests=0, rps=0.0, p50_ms=0.0, p99_ms=0.0, cpu_ms=None)
    lines = report._targets(results)
    p99 = [line for line in lines if line.startswith("| every page p99")]
    assert "✅" in p99[0] and "❌" in p99[1]  # served fine, rendered not
    skipped = _line(lines, "| pages not measured")
    assert "/search/?q=… (employee (rendered): no request completed)" in skipped
