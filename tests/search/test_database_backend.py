"""Database-backend specifics: PostgreSQL full text served by the GIN index."""

import pytest
from django.db.models import F

from feed.models import Post
from feed.search import PostBodyVector
from feed.search import tsquery as _tsquery
from search.service import SearchFilters, search

from .conftest import post

pytestmark = pytest.mark.django_db


def test_word_prefix_finds_longer_words(world):
    post(world["employee"], "<p>Vrijwilligers gezocht</p>", audience="public")
    results = search(query="vrijwillig", user=None, filters=SearchFilters(kind="post"))
    assert results.total == 1
    assert "<mark>Vrijwilligers</mark>" in str(results.hits[0].snippet)


def test_html_markup_is_not_searched_on_postgresql(world, uses_postgresql):
    post(
        world["employee"],
        '<p><a href="https://x.test">link</a> tekst</p>',
        audience="public",
    )
    assert search(query="href", user=None).total == 0


def test_post_search_uses_the_fulltext_index(world, uses_postgresql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
    try:
        plan = (
            Post.objects.annotate(vector=PostBodyVector(F("body")))
            .filter(vector=_tsquery(["solar"]))
            .explain()
        )
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = on")
    assert "search_post_body_fts" in plan


def test_ranking_prefers_posts_that_repeat_the_word(world, uses_postgresql):
    post(
        world["employee"],
        "<p>Kwak</p><p>niets</p>" + "<p>vul</p>" * 30,
        audience="public",
    )
    post(world["employee"], "<p>Kwak kwak kwak, kwak!</p>", audience="public")
    results = search(query="kwak", user=None, filters=SearchFilters(kind="post"))
    assert "Kwak kwak" in str(results.hits[0].snippet).replace("<mark>", "").replace(
        "</mark>", ""
    )


def test_counts_stop_at_the_cap_and_read_plus(world, monkeypatch):
    """Counting every match of a common word would grow with the community."""
    monkeypatch.setattr("search.backends.database.COUNT_CAP", 3)
    for i in range(5):
        post(world["employee"], f"<p>Gemeenschapstuin dag {i}</p>", audience="public")
    results = search(query="gemeenschapstuin", user=None)
    assert results.total == 3
    assert results.capped
    assert results.total_label == "3+"
    kinds = {f.value: f for f in results.facets["kind"]}
    assert kinds["post"].count_label == "3+"
    assert len(results.hits) == 3  # the newest matches, still ranked and shown


def test_uncapped_counts_read_plainly(world):
    post(world["employee"], "<p>Gemeenschapstuin</p>", audience="public")
    results = search(query="gemeenschapstuin", user=None)
    assert (results.total, results.capped, results.total_label) == (1, False, "1")
