"""A team's reflections never reach anyone outside the team, on any surface: its
pages, search, the API, the feed, the live socket and other members' data export."""

import json

import pytest
from channels.db import database_sync_to_async

from purpose.reflections import reflection_round_open, reflection_submit
from tests.conftest import client_for
from tests.factories import make_member, make_purpose_page, make_team
from tests.feed.sockets import connect, drain

#: Searched for; the search page echoes the query, so pages are checked for MARK,
#: which only the reflections hold.
SECRET = "zuurstofflesvergeten"
MARK = "kraanwatergeheim"


def _team_with_reflections():
    promise = make_purpose_page().promises.first()
    lead = make_member("employee")
    member = make_member("external")
    team = make_team("Wijkteam Zuid", leads=[lead], members=[member])
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    reflection_submit(
        round=round_,
        member=member,
        score=2,
        seen=f"We zien {SECRET} {MARK}",
        felt=f"{SECRET} {MARK}",
        adjust=f"{SECRET} {MARK}",
        action=f"{SECRET} {MARK}",
    )
    return team, round_, lead, member


def outsiders():
    return [
        None,
        make_member("external"),
        make_member("employee"),
        make_member("manager"),
    ]


@pytest.mark.django_db
def test_member_sees_the_reflections_on_the_team_pages():
    team, round_, lead, member = _team_with_reflections()
    for url in (f"/purpose/teams/{team.slug}/", round_.get_absolute_url()):
        assert MARK in client_for(lead).get(url).content.decode()


@pytest.mark.django_db
def test_reflections_never_reach_non_members_on_pages_search_api_and_feed():
    team, round_, lead, member = _team_with_reflections()
    promise = round_.promise
    urls = [
        f"/purpose/teams/{team.slug}/",
        round_.get_absolute_url(),
        f"/api/v1/purpose/teams/{team.slug}/reflections/",
        f"/search/?q={SECRET}",
        f"/api/v1/posts/?q={SECRET}",
        "/feed/",
        f"/purpose/promises/{promise.slug}/",
        f"/people/{member.username}/",
        "/",
    ]
    for viewer in outsiders():
        client = client_for(viewer)
        for url in urls:
            response = client.get(url, follow=True)
            assert MARK not in response.content.decode(), (viewer, url)
        assert client.get(f"/purpose/teams/{team.slug}/").status_code in (302, 404)
        assert client.get(round_.get_absolute_url()).status_code in (302, 404)
        api = client.get(f"/api/v1/purpose/teams/{team.slug}/reflections/")
        assert api.status_code == 404


@pytest.mark.django_db
def test_another_members_export_holds_no_teammates_reflections():
    team, round_, lead, member = _team_with_reflections()
    data = client_for(lead).get("/people/me/export/")
    body = b"".join(data.streaming_content) if data.streaming else data.content
    assert SECRET not in body.decode()
    own = client_for(member).get("/people/me/export/")
    own_body = b"".join(own.streaming_content) if own.streaming else own.content
    assert SECRET in own_body.decode()
    exported = json.loads(own_body)
    assert exported["purpose_team_reflections"][0]["score"] == 2


@pytest.mark.django_db(transaction=True)
async def test_reflections_never_reach_non_members_live():
    @database_sync_to_async
    def setup():
        promise = make_purpose_page().promises.first()
        lead = make_member("employee")
        member = make_member("external")
        outsider = make_member("manager")
        team = make_team("Wijkteam Oost", leads=[lead], members=[member])
        return promise, lead, member, outsider, team

    promise, lead, member, outsider, team = await setup()
    member_socket, _ = await connect(member)
    outsider_socket, _ = await connect(outsider)

    @database_sync_to_async
    def reflect():
        round_ = reflection_round_open(team=team, promise=promise, by=lead)
        reflection_submit(round=round_, member=member, score=3, seen=SECRET)

    await reflect()
    to_member = await drain(member_socket)
    to_outsider = await drain(outsider_socket)
    assert any(m["type"] == "notification" for m in to_member)
    assert to_outsider == [] or all(SECRET not in json.dumps(m) for m in to_outsider)
    assert not any(m["type"] == "notification" for m in to_outsider)
    for socket in (member_socket, outsider_socket):
        await socket.disconnect()
