"""No page grows with the organisation: query plans at 10,000 people (issue 22).

One world (the permission matrix's, every page and persona) plus 10,000 members,
30,000 competence links, 30,000 follows, network memberships and 30,000 posts,
bulk-inserted and ANALYZEd inside one transaction that is rolled back at the end.
Every page each persona may see is rendered; every SELECT it runs is EXPLAINed
with sequential scans priced out, and none may still read a table that grows with
the organisation from end to end (no index serves it). Lists that an index serves
but that still count or sort all their rows are named in docs/benchmarks.md.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from profiles import selectors
from search.service import search
from tests.conftest import PERSONAS, client_for, require_or_skip
from tests.pages import template_pages
from tests.test_permission_matrix import build_world

from .org import build_large_organisation
from .plans import explain_text, full_scans, offending_statements, whole_list_work

pytestmark = [pytest.mark.django_db, pytest.mark.services]


@pytest.fixture(scope="module")
def large_world(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        require_or_skip(
            "KOERS_REQUIRE_SERVICES", "query plans are checked on PostgreSQL"
        )
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world["large"] = build_large_organisation(world)
        yield world
        transaction.set_rollback(True)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_page_reads_a_big_table_whole(large_world, persona):
    """Directory, profiles and their widgets, search, feed, roadmaps, networks…"""
    urls = template_pages(large_world)[persona]
    assert len(urls) > 10
    client = client_for(large_world[persona])
    offenders = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        offenders += [(url, t, sql) for t, sql in offending_statements(captured)]
    assert not offenders, "\n\n".join(
        f"{url}: Seq Scan on {', '.join(t)}\n{sql}\n{explain_text(sql)}"
        for url, t, sql in offenders
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_search_people_does_not_read_a_big_table_whole(large_world, persona):
    """A name, a name and a first name, a competence: the work follows the matches."""
    client = client_for(large_world[persona])
    name = large_world["large"]["profiles"][4242].display_name  # "Iris Brinkstra-…"
    for q in (name.split()[-1], name, "soil"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": q})
        assert response.status_code == 200
        assert not offending_statements(captured), q


def test_teachers_start_from_the_wanted_competences(large_world):
    viewer = large_world["employee"]
    profile = viewer.profile
    with CaptureQueriesContext(connection) as captured:
        teachers = list(selectors.teachers_for(viewer=viewer, profile=profile))
    assert teachers
    wanted = set(profile.learning_links.values_list("tag_id", flat=True))
    for teacher in teachers:
        assert teacher.pk != profile.pk
        assert teacher.competence_links.filter(
            tag_id__in=wanted, level__in=["practised", "expert"]
        ).exists()
    for query in captured:
        assert not full_scans(query["sql"]), explain_text(query["sql"])
    plans = "\n".join(explain_text(q["sql"]) for q in captured)
    assert "profiles_pc_tag_endorsed_idx" in plans or "unique_profile" in plans, plans


def test_teachers_cost_nothing_without_learning_interests(
    large_world, django_assert_num_queries
):
    viewer = large_world["external"]
    lazy = large_world["large"]["profiles"][1]  # odd index: no learning interests
    assert not lazy.learning_links.exists()
    # as the profile page loads it, with its learning interests prefetched
    someone = selectors.profile_for_page(viewer=viewer, username=lazy.user.username)
    with django_assert_num_queries(0):
        assert list(selectors.teachers_for(viewer=viewer, profile=someone)) == []


def test_people_search_is_bounded_by_the_matches(large_world):
    viewer = large_world["external"]
    with CaptureQueriesContext(connection) as captured:
        results = search(query="bergman", user=viewer)
    assert results.total
    for query in captured:
        assert not full_scans(query["sql"]), explain_text(query["sql"])


@pytest.mark.parametrize("persona", ["visitor", "employee"])
def test_people_lists_are_read_in_page_order(large_world, persona):
    """Popular competences, the competence index, a competence's holders and
    learners, the networks index and a network's members: each is read in page
    order from an index or a stored count; none sorts or counts all its rows."""
    viewer = large_world[persona] or AnonymousUser()
    popular = large_world["large"]["competences"][0]  # ~750 holders, ~125 learners
    network = selectors.networks_for(viewer=viewer).order_by("-member_count").first()
    assert network.member_count > 1000
    cache.delete(selectors.POPULAR_COMPETENCES_KEY)
    with CaptureQueriesContext(connection) as captured:
        selectors.popular_competences()
        list(selectors.competence_index()[:60])
        knowers, learners = selectors.competence_people(
            viewer=viewer, competence=popular
        )
        list(selectors.networks_for(viewer=viewer)[:24])
        members = selectors.network_members(viewer=viewer, network=network, limit=100)
    assert len(knowers) == 48 and len(learners) == 48 and len(members) == 100
    assert knowers[0].level == "expert"
    work = [(q["sql"], whole_list_work(q["sql"])) for q in captured]
    assert not [w for _, w in work if w], "\n\n".join(
        f"{w}\n{sql}\n{explain_text(sql)}" for sql, w in work if w
    )
