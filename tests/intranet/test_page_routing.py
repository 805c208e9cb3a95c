"""Page routing (intranet/page_routing.py) finds what Wagtail's routing finds, in two
queries whatever the depth, with the site remembered until a site changes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from wagtail.models import Page, Site

from intranet import page_routing
from tests.conftest import client_for
from tests.factories import make_item, make_roadmap

pytestmark = pytest.mark.django_db


def _wagtail_route(path):
    """Wagtail's own answer: (page pk, route args) or "404"."""
    request = RequestFactory().get("/" + path)
    site = Site.find_for_request(request)
    parts = [part for part in path.split("/") if part]
    try:
        page, args, kwargs = site.root_page.localized.specific.route(request, parts)
    except Http404:
        return "404"
    return page.pk, type(page), _view_name(args), kwargs


def _fast_route(path):
    request = RequestFactory().get("/" + path)
    try:
        page, args, kwargs = page_routing.route(request, path)
    except Http404:
        return "404"
    return page.pk, type(page), _view_name(args), kwargs


def _view_name(args):
    # A routable page's answer carries its bound view; compare the function.
    if args and callable(args[0]):
        view, view_args, view_kwargs = args
        return (view.__func__.__name__, view_args, view_kwargs)
    return args


@pytest.fixture
def tree(home_page):
    roadmap = make_roadmap("Open zorg", slug="open-zorg")
    item = make_item(roadmap, "Online afspraken", slug="online-afspraken")
    # An item whose slug is also one of the roadmap's own sub-URLs: the route wins.
    make_item(roadmap, "Tijdlijn", slug="timeline")
    draft = make_item(roadmap, "Concept", slug="concept")
    draft.unpublish()
    hidden = make_roadmap("Verborgen", slug="verborgen")
    make_item(hidden, "Onder een concept", slug="onder")
    hidden.unpublish()
    return roadmap, item


PATHS = [
    "",
    "purpose/",
    "roadmaps/",
    "roadmaps/open-zorg/",
    "roadmaps/open-zorg/timeline/",
    "roadmaps/open-zorg/ideas/12/",
    "roadmaps/open-zorg/ideas/12/vote/",
    "roadmaps/open-zorg/online-afspraken/",
    "roadmaps/open-zorg/online-afspraken/vote/",
    "roadmaps/open-zorg/online-afspraken/nothing-here/",
    "roadmaps/open-zorg/concept/",  # not live: 404
    "roadmaps/verborgen/",  # not live: 404
    "roadmaps/verborgen/onder/",  # a live item under a draft roadmap is served
    "roadmaps/open-zorg/no-such-item/",
    "no-such-page/",
    "roadmaps/open-zorg/online-afspraken/roles/3/volunteer/",
]


@pytest.mark.parametrize("path", PATHS)
def test_same_route_as_wagtail(tree, path):
    assert _fast_route(path) == _wagtail_route(path)


def test_route_takes_two_queries_at_any_depth(
    tree, django_assert_num_queries, home_page
):
    page_routing.site_for_request(RequestFactory().get("/"))  # the site, cached
    for path in ("roadmaps/", "roadmaps/open-zorg/online-afspraken/"):
        with django_assert_num_queries(2):
            page, _args, _kwargs = page_routing.route(RequestFactory().get("/"), path)
        assert page.slug == path.rstrip("/").rsplit("/", 1)[-1]


def test_site_is_forgotten_when_a_site_changes(tree, home_page):
    request = RequestFactory().get("/")
    assert page_routing.site_for_request(request).root_page_id == home_page.pk
    other = Page.objects.get(slug="roadmaps")
    Site.objects.filter(is_default_site=True).get().delete()
    Site.objects.create(hostname="testserver", root_page=other, is_default_site=True)
    assert page_routing.site_for_request(RequestFactory().get("/")).root_page_id == (
        other.pk
    )
    response = client_for(None).get("/")
    assert response.status_code == 200
    assert b"Open zorg" in response.content  # the roadmap index is now the home


def test_pages_are_served_through_the_fast_route(tree):
    roadmap, item = tree
    client = client_for(None)
    assert client.get(item.url).status_code == 200
    assert client.get(roadmap.url + "timeline/").status_code == 200
    assert client.get("/roadmaps/open-zorg/concept/").status_code == 404


def test_translated_trees_leave_routing_to_wagtail(tree, settings, monkeypatch):
    def not_here(request, path):
        raise AssertionError("routed outside Wagtail with translated trees on")

    monkeypatch.setattr(page_routing, "route", not_here)
    settings.WAGTAIL_I18N_ENABLED = True
    request = RequestFactory().get("/roadmaps/open-zorg/")
    request.user = AnonymousUser()
    response = page_routing.serve(request, "roadmaps/open-zorg/")
    assert response.status_code == 200
    assert request._wagtail_route_for_request[0].slug == "open-zorg"
