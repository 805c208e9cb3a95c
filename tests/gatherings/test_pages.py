"""The gatherings page and one gathering: what each persona sees, in a fixed number of
queries whatever the number of rows."""

import pytest

from tests.conftest import client_for
from tests.factories import (
    NetworkFactory,
    make_gathering,
    make_member,
    make_registration,
)

pytestmark = pytest.mark.django_db


def test_visitor_sees_public_gatherings_only():
    make_gathering("Open borrel", audience="public")
    make_gathering("Ledenavond", audience="community")
    make_gathering("Teamdag", audience="staff")
    page = client_for(None).get("/gatherings/").content.decode()
    assert "Open borrel" in page
    assert "Ledenavond" not in page and "Teamdag" not in page
    page = client_for(make_member("external")).get("/gatherings/").content.decode()
    assert "Ledenavond" in page and "Teamdag" not in page


def test_detail_shows_links_only_where_the_viewer_may_see_them():
    staff_network = NetworkFactory(name="Stafnetwerk", audience="staff")
    open_network = NetworkFactory(name="Open netwerk", audience="public")
    gathering = make_gathering(networks=[staff_network, open_network])
    page = client_for(None).get(gathering.get_absolute_url()).content.decode()
    assert "Open netwerk" in page
    assert "Stafnetwerk" not in page
    page = client_for(make_member("employee")).get(gathering.get_absolute_url())
    assert "Stafnetwerk" in page.content.decode()


def test_online_link_is_for_those_with_a_place():
    gathering = make_gathering(online_url="https://meet.example.org/koers-borrel")
    member = make_member("external")
    assert (
        "meet.example.org"
        not in client_for(member).get(gathering.get_absolute_url()).content.decode()
    )
    make_registration(gathering, member)
    assert (
        "meet.example.org"
        in client_for(member).get(gathering.get_absolute_url()).content.decode()
    )


def test_full_gathering_offers_the_waiting_list_and_shows_the_place_in_line():
    gathering = make_gathering(capacity=1)
    make_registration(gathering, make_member("external"))
    waiting = make_member("external")
    page = client_for(make_member("external")).get(gathering.get_absolute_url())
    assert "Join the waiting list" in page.content.decode()
    make_registration(gathering, waiting, status="waiting")
    page = client_for(waiting).get(gathering.get_absolute_url()).content.decode()
    assert "Number 1 in line" in page
    assert "Leave the waiting list" in page


def _fill(count):
    network = NetworkFactory()
    for n in range(count):
        gathering = make_gathering(f"Bijeenkomst {n}", networks=[network])
        make_registration(gathering, make_member("external"))


@pytest.mark.parametrize("persona", ["visitor", "external", "manager"])
def test_gatherings_page_queries_do_not_grow_with_rows(
    persona, django_assert_max_num_queries
):
    user = None if persona == "visitor" else make_member(persona)
    client = client_for(user)
    _fill(2)
    client.get("/gatherings/")  # warm caches (site, groups)
    with django_assert_max_num_queries(15) as small:
        assert client.get("/gatherings/").status_code == 200
    _fill(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/gatherings/").status_code == 200


def test_calendar_feed_queries_do_not_grow_with_rows(django_assert_max_num_queries):
    client = client_for(make_member("external"))
    _fill(2)
    client.get("/gatherings/calendar.ics")
    with django_assert_max_num_queries(10) as small:
        client.get("/gatherings/calendar.ics")
    _fill(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/gatherings/calendar.ics")
