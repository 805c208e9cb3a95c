"""A session's private live topic on the feed socket: members follow it and replay
what they missed; anyone else gets nothing, and a member who leaves stops."""

import json

import pytest
from channels.db import database_sync_to_async

from intervision import services
from intervision.phases import Phase
from tests.factories import make_circle, make_member, make_session, move_session_to
from tests.feed.sockets import connect, drain

pytestmark = pytest.mark.django_db(transaction=True)

TOPIC = "intervision.session"


@database_sync_to_async
def _session():
    session = make_session(make_circle())
    return session, [m.user for m in session.circle.memberships.select_related("user")]


@database_sync_to_async
def _move(session, phase):
    return move_session_to(session, phase)


@database_sync_to_async
def _contribute(session, author, body):
    session.refresh_from_db()
    return services.contribution_add(
        session=session, author=author, phase=session.phase, body=body
    )


async def _subscribe(socket, session, cursor=0):
    await socket.send_json_to(
        {"type": "subscribe", "topic": TOPIC, "key": session.pk, "cursor": cursor}
    )
    frames = []
    while not frames or frames[-1]["type"] not in (
        "subscribed",
        "unsubscribed",
        "topic_reload",
    ):
        frames.append(await socket.receive_json_from(timeout=10))
    return frames


async def test_members_see_phase_changes_and_contributions_live():
    session, members = await _session()
    socket, _ = await connect(members[2])
    frames = await _subscribe(socket, session)
    assert frames == [
        {"type": "subscribed", "topic": TOPIC, "key": session.pk, "cursor": 0}
    ]
    session = await _move(session, Phase.QUESTIONS)
    await _contribute(session, members[2], "Wat had je nodig?")
    live = await drain(socket)
    assert [f["type"] for f in live] == [
        "intervision_phase",
        "intervision_phase",
        "intervision_contribution",
    ]
    assert [f["position"] for f in live] == [1, 2, 3]
    assert live[-1]["body"] == "Wat had je nodig?" and live[-1]["key"] == session.pk
    # Topic frames never carry the feed's own cursor fields.
    assert not any("seq" in f or "id" in f for f in live)
    await socket.disconnect()


async def test_a_member_who_reconnects_replays_what_they_missed_as_it_is_now():
    session, members = await _session()
    session = await _move(session, Phase.QUESTIONS)  # positions 1, 2
    contribution = await _contribute(session, members[2], "Eerste vraag")  # 3
    await _contribute(session, members[2], "Tweede vraag")  # 4
    await database_sync_to_async(contribution.delete)()
    session = await _move(session, Phase.ANALYSIS)  # 5
    socket, _ = await connect(members[1])
    frames = await _subscribe(socket, session, cursor=2)
    assert [(f["type"], f["position"]) for f in frames[:-1]] == [
        ("intervision_contribution_removed", 3),
        ("intervision_contribution", 4),
        ("intervision_phase", 5),
    ]
    assert "Eerste vraag" not in json.dumps(frames)
    assert frames[-1] == {
        "type": "subscribed",
        "topic": TOPIC,
        "key": session.pk,
        "cursor": 5,
    }
    await socket.disconnect()


async def test_a_replay_past_the_bound_asks_for_a_reload(settings):
    settings.KOERS_FEED_REPLAY_LIMIT = 2
    session, members = await _session()
    await _move(session, Phase.ANALYSIS)  # 3 events
    socket, _ = await connect(members[0])
    frames = await _subscribe(socket, session)
    assert frames == [{"type": "topic_reload", "topic": TOPIC, "key": session.pk}]
    await socket.disconnect()


async def test_a_non_member_receives_nothing_of_the_session():
    session, members = await _session()
    for outsider in (await database_sync_to_async(make_member)("manager"), None):
        socket, _ = await connect(outsider)
        frames = await _subscribe(socket, session)
        assert frames == [{"type": "unsubscribed", "topic": TOPIC, "key": session.pk}]
        session = await _move(session, Phase.CASE)
        await _contribute(session, members[1], "Geheim verhaal")
        assert await drain(socket) == []
        await socket.disconnect()
        session = await database_sync_to_async(lambda s: type(s).objects.get(pk=s.pk))(
            session
        )


async def test_an_unknown_session_answers_as_a_forbidden_one():
    _session_obj, members = await _session()
    socket, _ = await connect(members[0])
    await socket.send_json_to(
        {"type": "subscribe", "topic": TOPIC, "key": 999999, "cursor": 0}
    )
    assert await socket.receive_json_from() == {
        "type": "unsubscribed",
        "topic": TOPIC,
        "key": 999999,
    }
    await socket.disconnect()


@pytest.mark.parametrize(
    "message",
    [
        {"type": "subscribe", "topic": "nope", "key": 1, "cursor": 0},
        {"type": "subscribe", "topic": TOPIC, "key": "1", "cursor": 0},
        {"type": "subscribe", "topic": TOPIC, "key": 1, "cursor": -1},
        {"type": "subscribe", "topic": TOPIC, "key": True, "cursor": 0},
    ],
)
async def test_a_malformed_subscribe_is_refused(message):
    _session_obj, members = await _session()
    socket, _ = await connect(members[0])
    await socket.send_json_to(message)
    frame = await socket.receive_json_from()
    assert frame["type"] == "error" and frame["code"] == "bad_subscribe"
    await socket.disconnect()


async def test_a_member_who_leaves_the_circle_stops_receiving():
    session, members = await _session()
    socket, _ = await connect(members[2])
    await _subscribe(socket, session)
    await database_sync_to_async(services.circle_leave)(
        circle=session.circle, user=members[2]
    )
    await drain(socket)  # the rights change is handled
    await _move(session, Phase.CASE)
    assert await drain(socket) == []
    await socket.disconnect()
