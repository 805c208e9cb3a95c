"""Roadmap pages run a fixed number of queries, whatever their size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roadmaps.models import Volunteer, Vote
from tests.conftest import client_for
from tests.factories import make_item, make_member, make_role

pytestmark = pytest.mark.django_db

MAX_ROADMAP_QUERIES = 24
MAX_ITEM_QUERIES = 32


def _grow(roadmap, owner, n_items, people):
    from feed.models import Post

    for i in range(n_items):
        item = make_item(
            roadmap,
            f"Item {roadmap.get_children().count()}-{i}",
            status=["idea", "planned", "in_progress", "done", "dropped"][i % 5],
            lane=f"Lane {i % 3}",
            period=f"2026-Q{1 + i % 4}",
            owner_user=owner,
        )
        role = make_role(item, "Tester", needed=len(people))
        Vote.objects.bulk_create([Vote(user=p, item=item) for p in people])
        Volunteer.objects.bulk_create(
            [
                Volunteer(role=role, user=p, status=Volunteer.Decision.ACCEPTED)
                for p in people
            ]
        )
        Post.objects.bulk_create(
            [
                Post(
                    author=owner,
                    kind=Post.Kind.RESULT,
                    body="<p>r</p>",
                    audience="public",
                    roadmap_item=item,
                )
                for _ in people
            ]
        )
        yield item


@pytest.mark.parametrize("persona", ["visitor", "external", "manager"])
def test_roadmap_page_queries_do_not_grow_with_items(
    public_roadmap, owner, persona, django_assert_max_num_queries
):
    user = None if persona == "visitor" else make_member(persona)
    client = client_for(user)
    people = [make_member("external") for _ in range(3)]
    subs = ["", "timeline/", "changes/", "feed.atom", "ideas/"]
    list(_grow(public_roadmap, owner, 2, people[:1]))
    small_counts = {}
    for sub in subs:
        client.get(public_roadmap.url + sub)  # warm caches (site, content types)
        with django_assert_max_num_queries(MAX_ROADMAP_QUERIES) as small:
            assert client.get(public_roadmap.url + sub).status_code == 200
        small_counts[sub] = len(small.captured_queries)
    list(_grow(public_roadmap, owner, 20, people))
    large_counts = {}
    for sub in subs:
        client.get(public_roadmap.url + sub)  # publishing cleared Wagtail's site cache
        with django_assert_max_num_queries(MAX_ROADMAP_QUERIES) as large:
            assert client.get(public_roadmap.url + sub).status_code == 200
        large_counts[sub] = len(large.captured_queries)
    assert large_counts == small_counts


def test_roadmap_board_same_query_count_at_two_sizes(
    public_roadmap, owner, django_assert_max_num_queries
):
    client = client_for(make_member("external"))
    people = [make_member("external") for _ in range(4)]
    list(_grow(public_roadmap, owner, 2, people[:1]))
    client.get(public_roadmap.url)
    with django_assert_max_num_queries(MAX_ROADMAP_QUERIES) as small:
        client.get(public_roadmap.url)
    list(_grow(public_roadmap, owner, 25, people))
    client.get(public_roadmap.url)  # publishing cleared Wagtail's site cache
    with django_assert_max_num_queries(MAX_ROADMAP_QUERIES) as large:
        body = client.get(public_roadmap.url).content.decode()
    assert len(large.captured_queries) == len(small.captured_queries)
    assert body.count('class="card card--flat item-card') == 27


def test_item_page_queries_do_not_grow_with_results_and_volunteers(
    public_roadmap, owner, django_assert_max_num_queries
):
    client = client_for(make_member("external"))
    (small_item,) = _grow(public_roadmap, owner, 1, [make_member("external")])
    client.get(small_item.url)
    with django_assert_max_num_queries(MAX_ITEM_QUERIES) as small:
        client.get(small_item.url)
    people = [make_member("external") for _ in range(12)]
    (big_item,) = _grow(public_roadmap, owner, 1, people)
    client.get(big_item.url)  # publishing cleared Wagtail's site cache
    for p in people[:5]:
        from roadmaps.models import ItemComment

        ItemComment.objects.create(author=p, item=big_item, body="hoi")
    with django_assert_max_num_queries(MAX_ITEM_QUERIES) as large:
        client.get(big_item.url)
    assert len(large.captured_queries) == len(small.captured_queries)


#: Exact query counts of the roadmap pages (issue 22: routing in two queries, page
#: privacy read once per request, the item's roadmap in one query). They may only go
#: down; a page that needs more has grown a per-request cost to look at.
PAGE_QUERIES = {
    # sub-URL: (visitor, external member)
    "": (10, 16),
    "timeline/": (10, 16),
    # + the result cards (feed/card_data.py); a member's own state (vote, follow,
    # volunteering, bell, account menu) is filled after the page cache, one query
    # per kind (intranet/viewer_state.py)
    "item": (17, 27),
    "index": (9, 14),
}


@pytest.mark.parametrize("page", list(PAGE_QUERIES))
def test_roadmap_pages_query_counts(public_roadmap, owner, page):
    people = [make_member("external") for _ in range(2)]
    (item,) = _grow(public_roadmap, owner, 1, people)
    url = {
        "item": item.url,
        "index": public_roadmap.get_parent().url,
    }.get(page, public_roadmap.url + page)
    counts = []
    for viewer in (None, make_member("external")):
        client = client_for(viewer)
        client.get(url)  # warm caches (site, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    visitor, member = PAGE_QUERIES[page]
    if connection.vendor == "sqlite":
        member += 1  # measured: a member's page runs one query more on SQLite
    assert tuple(counts) == (visitor, member)
