"""The search page and the autocomplete endpoint: calm on bad input, bounded in queries."""

import pytest

from tests.conftest import client_for

from .conftest import person, post

pytestmark = pytest.mark.django_db


def get(user, url, data=None):
    return client_for(user).get(url, data or {})


def test_search_page_shows_highlighted_hits_tabs_and_facets(world):
    response = get(world["external"], "/search/", {"q": "solar"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Solar</mark>" in html
    assert "Anna de Vries" in html
    assert "staffgeheim" not in html.lower()
    assert "kind=person" in html and "competence=solar-power" in html


def test_staff_post_absent_from_visitor_page(world):
    html = get(None, "/search/", {"q": "staffgeheim"}).content.decode()
    assert "<mark>" not in html
    assert "Nothing found" in html


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": ""},
        {"q": "!!!"},
        {"q": "x" * 1000},
        {"q": 'a:b AND (c OR "d")*'},
        {"q": "solar", "kind": "spaceship"},
        {"q": "solar", "competence": "<script>"},
        {"q": "solar", "date_from": "31-31-2026", "date_to": "yesterday"},
        {"q": "solar", "page": "abc"},
        {"q": "solar", "page": "-4"},
        {"q": "solar", "page": "99999999999999999999"},
        {"q": "solar", "page": "7"},
        {"q": "solar", "network": "no-such-network"},
    ],
    ids=lambda p: "&".join(f"{k}={v[:12]}" for k, v in p.items()) or "none",
)
def test_bad_input_gives_a_calm_page(world, params):
    response = get(world["external"], "/search/", params)
    assert response.status_code == 200


def test_unknown_facet_is_explained(world):
    html = get(world["external"], "/search/", {"q": "solar", "kind": "spaceship"})
    assert "Unknown result type ignored." in html.content.decode()


def test_page_past_end_offers_the_way_back(world):
    html = get(world["external"], "/search/", {"q": "solar", "page": "7"}).content
    assert b"There are no more results past this page." in html
    assert b"Go to the last page" in html


def test_search_page_is_get_only(world):
    assert client_for(world["external"]).post("/search/", {"q": "x"}).status_code == 405


def test_autocomplete_returns_people_and_competences_as_json(world):
    response = get(world["external"], "/search/autocomplete/", {"q": "sun"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    labels = [r["label"] for r in response.json()["results"]]
    assert labels == ["Sunny Bakker"]
    competences = get(world["external"], "/search/autocomplete/", {"q": "pyth"}).json()
    assert competences["results"][0] == {
        "type": "competence",
        "label": "Python",
        "detail": "Competences",
        "url": "/people/?competence=python",
    }


@pytest.mark.parametrize("q", ["", "a", "!!", "x" * 1000])
def test_autocomplete_junk_is_empty_not_an_error(world, q):
    response = get(None, "/search/autocomplete/", {"q": q})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_autocomplete_hides_non_public_people_from_visitors(world):
    assert get(None, "/search/autocomplete/", {"q": "sunny"}).json()["results"] == []


def _grow(world, n):
    for i in range(n):
        p = person(f"Solar person {i}", competences=["Solar power", f"Skill {i}"])
        post(p.user, f"<p>Solar post {i}</p>", competences=[f"Skill {i}"])


@pytest.mark.parametrize("extra", [0, 30])
def test_search_page_queries_stay_bounded(world, extra, django_assert_max_num_queries):
    _grow(world, extra)
    client = client_for(world["employee"])
    # ~17 for search itself (six result types, signals the sixth; the bodies of
    # shown page hits) plus the request's and the base template's own (session,
    # user, groups, notifications), plus one or two (SQLite's full-text search reads
    # its ids first): does the query match the viewer's own profile (their private
    # fields match only for them, so that page is never shared,
    # intranet/viewer_state.py); no more with 30 more matches.
    with django_assert_max_num_queries(27):
        response = client.get("/search/", {"q": "solar"})
    assert response.status_code == 200


@pytest.mark.parametrize("extra", [0, 30])
def test_autocomplete_queries_stay_bounded(world, extra, django_assert_max_num_queries):
    _grow(world, extra)
    client = client_for(world["external"])
    with django_assert_max_num_queries(6):
        client.get("/search/autocomplete/", {"q": "solar"})


def test_directory_selector_matches_visible_fields_only(world):
    from profiles.models import Profile
    from search.service import profile_ids_matching

    def names(query, who):
        ids = profile_ids_matching(query, world[who])
        return sorted(
            Profile.objects.filter(pk__in=ids).values_list("display_name", flat=True)
        )

    assert names("solar", "external") == ["Anna de Vries", "Sunny Bakker"]
    assert names("solar", "visitor") == ["Anna de Vries"]
    assert names("xylofoon", "external") == []
    assert names("xylofoon", "manager") == ["Xander Geheim"]
    assert names("!!!", "external") == []
