"""Search builds its hits from plain values: no model or Wagtail page objects per hit,
ids reused as one parameter, page URLs and page privacy as Wagtail's own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from wagtail.models import Page, Site

from intranet.audience import page_paths_visible_to, pages_visible_to
from intranet.id_lists import IdsIn
from intranet.page_urls import page_urls
from profiles.models import Profile
from roadmaps.models import RoadmapItemPage
from search.service import SearchFilters, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(monkeypatch):
    """The models of the objects built from rows while the test runs (Wagtail's
    site root paths, kept in the cache between requests, read first)."""
    Site.get_site_root_paths()
    models = []
    original = Model.from_db.__func__

    def from_db(cls, db, field_names, values):
        models.append(cls)
        return original(cls, db, field_names, values)

    monkeypatch.setattr(Model, "from_db", classmethod(from_db))
    return models


@pytest.mark.parametrize("kind", ["", "person", "competence", "post", "roadmap_item"])
def test_hits_are_made_without_model_objects(world, built, kind):
    results = search(
        query="solar", user=world["employee"], filters=SearchFilters(kind=kind)
    )
    assert results.hits
    assert [h.snippet for h in results.hits]  # snippets made for the shown hits
    assert built == []


def test_roadmap_item_hit_reads_like_the_page(world):
    (hit,) = search(
        query="depot",
        user=world["external"],
        filters=SearchFilters(kind="roadmap_item"),
    ).hits
    item = world["item"]
    assert hit.url == item.url
    assert hit.title == f"Roadmap public › {item.title}"
    assert "<mark>depot</mark>" in hit.snippet


def test_page_urls_are_the_pages_own():
    pages = list(Page.objects.exclude(depth=1).specific())
    assert pages
    for page in pages:
        assert page_urls(type(page), [page.url_path]) == {page.url_path: page.url}
    assert page_urls(RoadmapItemPage, []) == {}


def test_page_paths_visible_to_agrees_with_pages_visible_to(world):
    paths = list(Page.objects.values_list("path", flat=True))
    for who in ("visitor", "external", "employee", "manager"):
        user = world[who] or AnonymousUser()
        expected = set(
            pages_visible_to(user, Page.objects.all()).values_list("path", flat=True)
        )
        assert page_paths_visible_to(user, paths) == expected
        staff = who in ("employee", "manager")
        assert (world["staff_item"].path in expected) == staff


def test_ids_in_matches_pk_in_with_one_parameter(world):
    ids = list(Profile.objects.values_list("pk", flat=True))
    assert len(ids) > 3
    assert set(
        Profile.objects.filter(IdsIn("pk", ids[:3])).values_list("pk", flat=True)
    ) == set(ids[:3])
    assert not Profile.objects.filter(IdsIn("pk", [])).exists()
    assert Profile.objects.exclude(IdsIn("pk", ids[:1])).count() == len(ids) - 1
    qs = Profile.objects.filter(IdsIn("pk", ids)).values_list("pk")
    _sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    assert len(params) == 1  # one parameter, whatever the number of ids
