"""The iCal feeds (whole community and per network) validate and show only what the
feed's reader may see; a private feed token reads as its member."""

import icalendar
import pytest

from accounts.feed_tokens import feed_token_create, feed_token_revoke
from tests.conftest import client_for
from tests.factories import (
    NetworkFactory,
    add_network_member,
    make_gathering,
    make_member,
)

pytestmark = pytest.mark.django_db


def parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content
    lines = body.split(b"\r\n")
    assert lines[-1] == b"", "RFC 5545 ends every line with CRLF"
    assert all(len(line) <= 75 for line in lines), "lines are folded at 75 octets"
    calendar = icalendar.Calendar.from_ical(body)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"])
    for event in calendar.walk("VEVENT"):
        for required in ("uid", "dtstamp", "dtstart", "dtend", "summary"):
            assert required in event, required
        assert event.decoded("dtend") > event.decoded("dtstart")
    return calendar


def titles(response) -> set[str]:
    return {str(e["summary"]) for e in parse(response).walk("VEVENT")}


@pytest.fixture
def gatherings():
    return {
        audience: make_gathering(f"{audience} gathering", audience=audience)
        for audience in ("public", "community", "staff")
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("visitor", {"public gathering"}),
        ("external", {"public gathering", "community gathering"}),
        ("employee", {"public gathering", "community gathering", "staff gathering"}),
    ],
)
def test_community_feed_shows_only_what_the_reader_may_see(
    persona, expected, gatherings
):
    user = None if persona == "visitor" else make_member(persona)
    assert titles(client_for(user).get("/gatherings/calendar.ics")) == expected


def test_private_feed_token_reads_as_its_member_and_stops_when_revoked(gatherings):
    member = make_member("external")
    _token, secret = feed_token_create(user=member)
    url = f"/gatherings/calendar.ics?token={secret}"
    response = client_for(None).get(url)
    assert titles(response) == {"public gathering", "community gathering"}
    assert "no-store" in response["Cache-Control"]
    feed_token_revoke(user=member)
    assert client_for(None).get(url).status_code == 404


def test_network_feed_shows_the_networks_visible_gatherings_only():
    network = NetworkFactory(name="Wijkverpleging", slug="wijkverpleging")
    other = NetworkFactory(slug="ander-netwerk")
    make_gathering("Borrel wijkverpleging", networks=[network])
    make_gathering("Intern overleg", audience="staff", networks=[network])
    make_gathering("Elders", networks=[other])
    url = "/gatherings/networks/wijkverpleging/calendar.ics"
    calendar = parse(client_for(make_member("external")).get(url))
    assert {str(e["summary"]) for e in calendar.walk("VEVENT")} == {
        "Borrel wijkverpleging"
    }
    assert "Wijkverpleging" in str(calendar["x-wr-calname"])
    assert titles(client_for(make_member("employee")).get(url)) == {
        "Borrel wijkverpleging",
        "Intern overleg",
    }


def test_a_network_the_reader_may_not_see_is_a_404():
    NetworkFactory(slug="staf", audience="staff")
    NetworkFactory(slug="leden", audience="community")
    visitor = client_for(None)
    assert visitor.get("/gatherings/networks/staf/calendar.ics").status_code == 404
    assert visitor.get("/gatherings/networks/leden/calendar.ics").status_code == 404
    assert visitor.get("/gatherings/networks/nope/calendar.ics").status_code == 404
    member = client_for(make_member("external"))
    assert member.get("/gatherings/networks/staf/calendar.ics").status_code == 404
    assert member.get("/gatherings/networks/leden/calendar.ics").status_code == 200


def test_feed_answers_304_to_a_repeated_conditional_get(gatherings):
    client = client_for(None)
    first = client.get("/gatherings/calendar.ics")
    again = client.get("/gatherings/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_cancelled_gathering_is_in_the_feed_as_cancelled():
    from django.utils import timezone

    make_gathering("Afgelast", cancelled_at=timezone.now(), sequence=1)
    (event,) = parse(client_for(None).get("/gatherings/calendar.ics")).walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert int(event["sequence"]) == 1


def test_single_event_download_follows_the_audience(gatherings):
    staff = gatherings["staff"]
    assert (
        client_for(None).get(f"/gatherings/{staff.pk}/gathering.ics").status_code == 404
    )
    response = client_for(make_member("employee")).get(
        f"/gatherings/{staff.pk}/gathering.ics"
    )
    assert titles(response) == {"staff gathering"}


def test_text_with_commas_semicolons_and_long_lines_round_trips():
    description = "Koffie, thee; en een lange tekst " * 20
    make_gathering("Borrel; met, tekens", description=description.strip())
    (event,) = parse(client_for(None).get("/gatherings/calendar.ics")).walk("VEVENT")
    assert str(event["summary"]) == "Borrel; met, tekens"
    assert str(event["description"]).startswith(description.strip())


def test_network_member_of_a_network_sees_its_gatherings_in_the_network_feed():
    network = NetworkFactory(slug="mantelzorg")
    member = make_member("external")
    add_network_member(network, member)
    make_gathering("Mantelzorgcafé", audience="community", networks=[network])
    url = "/gatherings/networks/mantelzorg/calendar.ics"
    assert titles(client_for(member).get(url)) == {"Mantelzorgcafé"}
    # A visitor may not see a community network at all.
    assert client_for(None).get(url).status_code == 404


def test_online_link_is_only_in_the_calendar_file_of_those_with_a_place(
    mailoutbox, django_capture_on_commit_callbacks
):
    from gatherings.services import registration_create

    gathering = make_gathering(online_url="https://meet.example.org/geheim")
    feed = client_for(None).get("/gatherings/calendar.ics").content.decode()
    single = client_for(None).get(f"/gatherings/{gathering.pk}/gathering.ics")
    assert "meet.example.org" not in feed
    assert "meet.example.org" not in single.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        registration_create(user=make_member("external"), gathering=gathering)
    (message,) = mailoutbox
    (event,) = icalendar.Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")
    assert "https://meet.example.org/geheim" in str(event["location"])
