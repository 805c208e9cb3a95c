"""People search reads each word's matches first, yet stays exact (issue 22)."""

import pytest

from search.service import SearchFilters, search

from .conftest import person

pytestmark = pytest.mark.django_db


def _people(results):
    return {hit.title for hit in results.hits if hit.type == "person"}


def test_several_common_words_still_find_the_one_person(monkeypatch):
    """Bounding each word's matches before intersecting them would lose her."""
    monkeypatch.setattr("search.backends.database.COUNT_CAP", 3)
    for i in range(6):
        person(f"Anna Jansen {i}")
        person(f"Piet de Vries {i}")
    person("Anna de Boer")
    results = search(
        query="anna de boer", user=None, filters=SearchFilters(kind="person")
    )
    assert _people(results) == {"Anna de Boer"}


def test_one_common_word_is_capped_and_says_so(monkeypatch):
    monkeypatch.setattr("search.backends.database.COUNT_CAP", 3)
    for i in range(6):
        person(f"Anna Jansen {i}")
    results = search(query="anna", user=None, filters=SearchFilters(kind="person"))
    assert results.total == 3
    assert results.capped


def test_people_search_never_shows_a_profile_the_viewer_may_not_see(monkeypatch):
    monkeypatch.setattr("search.backends.database.COUNT_CAP", 3)
    person("Anna Verborgen", public=False)
    person("Anna Zichtbaar")
    results = search(query="anna", user=None, filters=SearchFilters(kind="person"))
    assert _people(results) == {"Anna Zichtbaar"}
