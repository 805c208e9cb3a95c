"""bench/run.py finds every page issue 22 names from the site's own links."""

import pytest

SITE = {
    ("visitor", "/people/"): (
        '<a href="/people/me/">me</a><a href="/people/photos/">x</a>'
        '<a href="/people/?competence=Data%20%26%20AI">Data</a>'
        '<a href="/people/anna.dekker/">Anna</a>'
    ),
    ("employee", "/people/"): '<a href="/people/bram/">Bram</a>',
    ("visitor", "/people/competences/"): (
        '<a href="/people/competences/new/?x=1">propose</a>'
        '<a href="/people/competences/zorg-en-welzijn/">Zorg</a>'
    ),
    ("employee", "/people/competences/"): "",
    ("visitor", "/roadmaps/"): (
        '<a href="/roadmaps/">all</a><a href="http://testserver/roadmaps/wijkzorg/">W</a>'
    ),
    ("visitor", "/roadmaps/wijkzorg/"): (
        '<a href="/roadmaps/wijkzorg/timeline/">timeline</a>'
        '<h3 class="item-card__title"><a href="/roadmaps/wijkzorg/buurtteams-opzetten/">'
        "Buurtteams</a></h3>"
    ),
}


@pytest.fixture
def site(bench_run, monkeypatch):
    def fetch(url, cookie="", fresh=False):
        who = "employee" if cookie else "visitor"
        path = url.removeprefix("http://bench")
        return 200, SITE.get((who, path), "")

    monkeypatch.setattr(bench_run, "fetch", fetch)
    return bench_run


def test_every_page_is_found(site):
    pages = site.discover("http://bench", "sessionid=x", None)
    assert list(pages) == list(site.PAGES)
    assert pages == {
        "baseline": "/bench/baseline",
        "home": "/",
        "feed": "/feed/",
        "directory": "/people/",
        "people": "/people/?competence=Data%20%26%20AI",
        "competence": "/people/competences/zorg-en-welzijn/",
        "profile": "/people/anna.dekker/",
        "roadmaps": "/roadmaps/",
        "roadmap": "/roadmaps/wijkzorg/",
        "item": "/roadmaps/wijkzorg/buurtteams-opzetten/",
        "purpose": "/purpose/",
        "search": "/search/?q=zorg",
    }


def test_a_page_without_a_link_is_left_out(site, monkeypatch):
    monkeypatch.setitem(SITE, ("visitor", "/roadmaps/wijkzorg/"), "")
    pages = site.discover("http://bench", "sessionid=x", "plan")
    assert "item" not in pages
    assert pages["search"] == "/search/?q=plan"


def test_the_report_titles_every_measured_page(site, report):
    assert set(site.PAGES) == set(report.SCENARIO_TITLES)
    assert set(site.COMPARISON_PAGES) <= set(site.PAGES)


def test_wrk_gets_whole_seconds(bench_run, monkeypatch):
    """wrk refuses "0.5s" (its usage text, exit 1): durations go up to whole seconds."""
    seen = []

    class Done:
        stdout = (
            'WRKJSON {"requests": 3, "sent": 4, "duration_us": 1000000, "bytes": 30, '
            '"p50_us": 1, "p90_us": 1, "p99_us": 1, "max_us": 1, "mean_us": 1.0, '
            '"status_errors": 0, "connect_errors": 0, "read_errors": 0, '
            '"write_errors": 0, "timeouts": 0}\n'
        )

    def run(argv, **kwargs):
        seen.append(argv[argv.index("-d") + 1])
        return Done

    monkeypatch.setattr(bench_run.subprocess, "run", run)
    for seconds in (0.5, 1, 2.5):
        row = bench_run.wrk("http://bench/", "", seconds)
    assert seen == ["1s", "1s", "3s"]
    assert row["sent"] == 4 and row["requests"] == 3
