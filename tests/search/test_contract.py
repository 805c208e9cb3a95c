"""The search contract: what every backend must do, run against each of them.

The database backend runs everywhere (SQLite and PostgreSQL); the
Elasticsearch run is enabled by setting ELASTICSEARCH_URL (marker
``elasticsearch``).
"""

import re

import pytest

from search.service import SearchFilters, autocomplete, parse_filters, search

from .conftest import post

pytestmark = pytest.mark.django_db


def run(backend, world, who, query, **kw):
    filters = kw.pop("filters", None) or SearchFilters()
    return search(query=query, user=world[who], filters=filters, backend=backend, **kw)


def facet(results, name):
    return {f.value: f.count for f in results.facets.get(name, [])}


def titles(results):
    return [h.title for h in results.hits]


def test_exact_name_match_ranks_first(backend, indexed):
    results = run(backend, indexed, "employee", "Anna de Vries")
    assert results.hits[0].title == "Anna de Vries"
    assert results.hits[0].type == "person"
    assert "Annabel de Vries-Smit" in titles(results)


def test_exact_name_match_ranks_first_whatever_the_case(backend, indexed):
    results = run(backend, indexed, "visitor", "anna DE vries")
    assert results.hits[0].title == "Anna de Vries"


def test_facets_count_what_the_member_may_see(backend, indexed):
    results = run(backend, indexed, "external", "solar")
    assert facet(results, "kind") == {
        "person": 2,
        "competence": 1,
        "post": 3,
        "roadmap_item": 1,
    }
    assert facet(results, "competence") == {"solar-power": 4, "python": 1}
    assert facet(results, "role") == {"coach": 1, "secret-squirrel": 1}
    assert facet(results, "post_kind") == {"result": 2, "idea": 1}
    assert results.total == 7


def test_employee_counts_the_staff_post_too(backend, indexed):
    results = run(backend, indexed, "employee", "solar")
    assert facet(results, "kind")["post"] == 4
    assert facet(results, "competence")["geheimkunde"] == 1


def test_visitor_sees_public_profiles_posts_and_pages_only(backend, indexed):
    results = run(backend, indexed, "visitor", "solar")
    assert facet(results, "kind") == {
        "person": 1,
        "competence": 1,
        "post": 1,
        "roadmap_item": 1,
    }
    assert "Sunny Bakker" not in titles(results)
    assert facet(results, "role") == {"coach": 1}
    assert facet(results, "competence") == {"solar-power": 2}


@pytest.mark.parametrize("who", ["visitor", "external"])
def test_staff_post_never_reaches_visitor_or_external_member(backend, indexed, who):
    results = run(backend, indexed, who, "staffgeheim")
    assert results.total == 0
    assert results.hits == []
    assert all(not values for values in results.facets.values())
    assert autocomplete(query="staffgeheim", user=indexed[who], backend=backend) == []
    assert "geheimkunde" not in facet(run(backend, indexed, who, "solar"), "competence")


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_staff_post_is_found_by_staff(backend, indexed, who):
    results = run(backend, indexed, who, "staffgeheim")
    assert [h.type for h in results.hits] == ["post"]


@pytest.mark.parametrize("who", ["visitor", "external"])
def test_private_and_staff_profile_fields_never_match(backend, indexed, who):
    for word in ("xylofoon", "bunker"):
        results = run(backend, indexed, who, word)
        assert results.total == 0, word
        assert all(not values for values in results.facets.values())
        assert autocomplete(query=word, user=indexed[who], backend=backend) == []
    # ...while the name still finds the person, without the hidden words.
    results = run(backend, indexed, who, "Xander")
    snippets = " ".join(str(h.snippet) for h in results.hits).lower()
    assert "xylofoon" not in snippets
    assert "bunker" not in snippets


def test_staff_field_matches_for_employee_private_field_only_for_manager(
    backend, indexed
):
    assert titles(run(backend, indexed, "employee", "bunker")) == ["Xander Geheim"]
    assert titles(run(backend, indexed, "employee", "xylofoon")) == []
    assert titles(run(backend, indexed, "manager", "xylofoon")) == ["Xander Geheim"]
    assert titles(run(backend, indexed, "external", "klingon")) == ["Xander Geheim"]
    assert titles(run(backend, indexed, "visitor", "klingon")) == []


def test_staff_roadmap_item_stays_with_staff(backend, indexed):
    assert run(backend, indexed, "external", "staffroadmap").total == 0
    # an item's hit names its roadmap (issue 19): "Roadmap › Item"
    assert titles(run(backend, indexed, "employee", "staffroadmap")) == [
        "Roadmap staff › Internal tender"
    ]


def test_hidden_profile_name_not_autocompleted_for_visitor(backend, indexed):
    assert autocomplete(query="Sunny", user=None, backend=backend) == []
    found = autocomplete(query="Sunny", user=indexed["external"], backend=backend)
    assert [r["label"] for r in found] == ["Sunny Bakker"]


def test_autocomplete_offers_people_and_competences(backend, indexed):
    found = autocomplete(query="sol", user=indexed["external"], backend=backend)
    assert ("competence", "Solar power") in {(r["type"], r["label"]) for r in found}
    people = autocomplete(query="anna", user=indexed["external"], backend=backend)
    assert people[0]["label"] == "Anna de Vries"
    assert all(r["url"].startswith("/") for r in found + people)


def test_matches_are_highlighted_and_everything_else_escaped(backend, indexed):
    post(
        indexed["employee"],
        "<p>Kwartel &lt;script&gt;alert(1)&lt;/script&gt; kwartel &amp; co</p>",
        audience="public",
    )
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild()
    results = run(backend, indexed, "visitor", "kwartel")
    snippet = str(results.hits[0].snippet)
    assert "<mark>Kwartel</mark>" in snippet
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet and "&amp;lt;" not in snippet
    assert "&amp; co" in snippet
    assert set(re.findall(r"</?(\w+)", snippet)) == {"mark"}


def test_person_snippet_highlights_the_matching_headline(backend, indexed):
    results = run(backend, indexed, "external", "almere")
    assert titles(results) == ["Anna de Vries"]
    assert "<mark>Almere</mark>" in str(results.hits[0].snippet)


def test_paging_walks_all_hits_once(backend, indexed):
    for n in range(25):
        post(indexed["employee"], f"<p>Pagineer bericht {n}</p>", audience="public")
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild()
    first = run(backend, indexed, "visitor", "pagineer", page=1)
    second = run(backend, indexed, "visitor", "pagineer", page=2)
    assert first.total == second.total == 25
    assert (len(first.hits), len(second.hits)) == (20, 5)
    assert first.has_next and not second.has_next
    assert not {h.url for h in first.hits} & {h.url for h in second.hits}


def test_page_past_the_end_is_calm(backend, indexed):
    results = run(backend, indexed, "visitor", "solar", page=9)
    assert results.hits == []
    assert results.total > 0
    assert results.notices


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "!!!",
        "%_%",
        "*:*",
        'title:foo AND (bar OR "baz")~2 -qux +quux^3 /re[gx]/',
        "a" * 1000,
        "solar " * 200,
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\x00\u202e\U0001f600",
        "&amp; &lt;",
    ],
    ids=lambda q: repr(q[:20]),
)
def test_junk_queries_answer_calmly(backend, indexed, query):
    results = run(backend, indexed, "external", query)
    assert results.total >= 0
    assert len(results.hits) <= results.per_page
    autocomplete(query=query, user=indexed["external"], backend=backend)


def test_symbol_only_query_says_what_to_type(backend, indexed):
    results = run(backend, indexed, "external", "!!! ???")
    assert results.total == 0
    assert results.notices


def test_unknown_facet_values_are_ignored_with_a_notice(backend, indexed):
    filters, notices = parse_filters(
        {
            "kind": "spaceship",
            "post_kind": "poem",
            "competence": "no such!",
            "date_from": "gisteren",
        }
    )
    assert filters == SearchFilters()
    assert len(notices) == 4
    results = run(backend, indexed, "external", "solar", filters=filters)
    assert results.total == 7


def test_unknown_competence_slug_finds_nothing(backend, indexed):
    filters = SearchFilters(competence="does-not-exist")
    assert run(backend, indexed, "external", "solar", filters=filters).total == 0


def test_kind_filter_keeps_the_kind_facet_whole(backend, indexed):
    results = run(
        backend, indexed, "external", "solar", filters=SearchFilters(kind="person")
    )
    assert {h.type for h in results.hits} == {"person"}
    assert results.total == 2
    assert facet(results, "kind")["post"] == 3


def test_competence_and_role_filters(backend, indexed):
    by_competence = run(
        backend,
        indexed,
        "external",
        "solar",
        filters=SearchFilters(competence="python"),
    )
    assert titles(by_competence) == ["Sunny Bakker"]
    by_role = run(
        backend, indexed, "external", "solar", filters=SearchFilters(role="coach")
    )
    assert titles(by_role) == ["Anna de Vries"]
    hidden_role = run(
        backend,
        indexed,
        "visitor",
        "solar",
        filters=SearchFilters(role="secret-squirrel"),
    )
    assert hidden_role.total == 0


def test_post_kind_and_date_filters(backend, indexed):
    import datetime as dt

    ideas = run(
        backend, indexed, "external", "solar", filters=SearchFilters(post_kind="idea")
    )
    assert [h.type for h in ideas.hits] == ["post"]
    today = dt.date.today()
    future = run(
        backend,
        indexed,
        "external",
        "solar",
        filters=SearchFilters(date_from=today + dt.timedelta(days=2)),
    )
    assert future.total == 0
    recent = run(
        backend,
        indexed,
        "external",
        "solar",
        filters=SearchFilters(date_from=today - dt.timedelta(days=1), kind="post"),
    )
    assert recent.total == 3


def test_network_posts_only_for_network_members(backend, indexed):
    from profiles.models import Network, NetworkMembership

    network = Network.objects.create(
        name="Zonnekring", slug="zonnekring", audience="community"
    )
    post(indexed["employee"], "<p>Kringgesprek over zon</p>", network=network)
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild()
    assert run(backend, indexed, "external", "kringgesprek").total == 0
    NetworkMembership.objects.create(network=network, user=indexed["external"])
    if backend.name == "elasticsearch":
        from search.indexing import rebuild

        rebuild()
    assert run(backend, indexed, "external", "kringgesprek").total == 1
    in_network = run(
        backend,
        indexed,
        "external",
        "kringgesprek",
        filters=SearchFilters(network="zonnekring"),
    )
    assert in_network.total == 1


# --- Speak-up signals (purpose, issue 20) ----------------------------------------------


@pytest.mark.parametrize(
    "who, expected",
    [
        ("visitor", ["Tilliftformulier kwijt"]),
        ("external", ["Tilliftformulier kwijt"]),
        ("employee", ["Tilliftformulier intern", "Tilliftformulier kwijt"]),
        ("manager", ["Tilliftformulier intern", "Tilliftformulier kwijt"]),
    ],
)
def test_signals_are_found_under_their_audience(backend, indexed, who, expected):
    results = run(
        backend, indexed, who, "tilliftformulier", filters=SearchFilters(kind="signal")
    )
    assert sorted(titles(results)) == expected
    assert {h.type for h in results.hits} == {"signal"}


@pytest.mark.parametrize("who", ["visitor", "external", "employee", "manager"])
def test_a_hidden_authors_name_never_finds_or_shows_their_signal(backend, indexed, who):
    results = run(backend, indexed, who, "Wendelien Verborgen")
    assert "signal" not in {h.type for h in results.hits}
    shown = run(backend, indexed, who, "tilliftformulier kwijt")
    for hit in shown.hits:
        assert "Verborgen" not in f"{hit.title} {hit.snippet} {hit.label}"


def test_signal_filters_follow_the_database_rules(backend, indexed):
    # A post kind, competence or role filter is about posts and people: no signals.
    for filters in (
        SearchFilters(post_kind="idea"),
        SearchFilters(competence="solar-power"),
    ):
        results = run(backend, indexed, "manager", "tilliftformulier", filters=filters)
        assert "signal" not in {h.type for h in results.hits}
