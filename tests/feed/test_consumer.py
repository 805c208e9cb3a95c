"""The live feed socket, driven with Channels' WebsocketCommunicator over the real ASGI app."""

import pytest
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from channels.security.websocket import AllowedHostsOriginValidator
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import override_settings

from feed import services
from feed.consumers import FeedConsumer
from feed.events import PUBLIC_GROUP
from feed.models import FeedEvent
from intranet.asgi import application
from tests.feed.sockets import ORIGIN, until_resumed
from tests.feed.sockets import connect as _connect
from tests.feed.sockets import drain as _drain
from tests.feed.sockets import member as _member
from tests.feed.sockets import post as _post

pytestmark = pytest.mark.django_db(transaction=True)


async def test_each_socket_receives_exactly_what_its_audience_allows():
    author = await _member("employee")
    visitor, _ = await _connect(None)
    external, _ = await _connect(await _member("external"))
    employee, _ = await _connect(await _member("employee"))

    public = await _post(author, "public")
    community = await _post(author, "community")
    staff = await _post(author, "staff")

    def post_ids(messages):
        return {m["post_id"] for m in messages if m["type"] == "post_created"}

    assert post_ids(await _drain(visitor)) == {public.pk}
    assert post_ids(await _drain(external)) == {public.pk, community.pk}
    assert post_ids(await _drain(employee)) == {public.pk, community.pk, staff.pk}
    for communicator in (visitor, external, employee):
        await communicator.disconnect()


async def test_external_member_never_receives_staff_network_post():
    from profiles.models import Network, NetworkMembership

    @database_sync_to_async
    def network_with(*members):
        network = Network.objects.create(name="Makers", slug="makers")
        for user in members:
            NetworkMembership.objects.create(
                network=network, user=user, status=NetworkMembership.Status.ACTIVE
            )
        return network

    author = await _member("employee")
    outsider_in_network = await _member("external")
    network = await network_with(author, outsider_in_network)
    socket, _ = await _connect(outsider_in_network)
    staff_post = await _post(author, "staff", network=network)
    community_post = await _post(author, "community", network=network)
    ids = {m.get("post_id") for m in await _drain(socket)}
    assert community_post.pk in ids
    assert staff_post.pk not in ids
    await socket.disconnect()


async def test_live_fragment_is_rendered_once_and_carries_counts():
    author = await _member("employee")
    reader = await _member("external")
    socket, _ = await _connect(reader)
    post = await _post(author, "community", body="<p>Live <em>now</em></p>")
    (created,) = await _drain(socket)
    assert created["type"] == "post_created"
    assert created["id"] > 0
    assert f'id="post-{post.pk}"' in created["html"]
    assert "<em>now</em>" in created["html"]

    await database_sync_to_async(services.reaction_toggle)(
        post=post, user=reader, kind="applause"
    )
    changes = [m for m in await _drain(socket) if m["type"] == "reactions_changed"]
    assert changes[-1]["reaction_counts"] == {"applause": 1}
    await socket.disconnect()


async def test_a_broadcast_is_encoded_once_per_process_not_once_per_socket(
    monkeypatch, settings
):
    if settings.CHANNEL_LAYERS["default"]["BACKEND"].endswith("InMemoryChannelLayer"):
        pytest.skip("the Redis layer hands one message to all of a process's sockets")
    encoded = []
    original = FeedConsumer.encode_json.__func__

    async def counting(cls, content):
        encoded.append(content.get("type"))
        return await original(cls, content)

    monkeypatch.setattr(FeedConsumer, "encode_json", classmethod(counting))
    author = await _member("employee")
    sockets = [(await _connect(None))[0] for _n in range(3)]
    post = await _post(author, "public")
    for socket in sockets:
        (created,) = await _drain(socket)
        assert created["post_id"] == post.pk
        await socket.disconnect()
    assert encoded.count("post_created") == 1


async def test_bad_origin_is_refused():
    # RefuseWhenUnavailable( AllowedHostsOriginValidator( inner ) )
    inner = application.application_mapping["websocket"].application.application
    with override_settings(ALLOWED_HOSTS=["koers.test"]):
        guarded = AllowedHostsOriginValidator(inner)
    communicator, connected = await _connect(
        None, app=guarded, origin=(b"origin", b"http://evil.example")
    )
    assert not connected
    good, connected = await _connect(
        None, app=guarded, origin=(b"origin", b"http://koers.test")
    )
    assert connected
    await good.disconnect()


# Frame checks touch no data: no need to empty the database after each one.
FRAME_ONLY = pytest.mark.django_db


async def _assert_refused(socket, code: str, close_code: int):
    """An error frame naming what was wrong, then the close with its code,
    held back a moment by daphne (``linger``: a flood pays for its handshakes)."""
    reply = await socket.receive_json_from(timeout=2)
    assert reply["type"] == "error" and reply["code"] == code and reply["message"]
    closed = await socket.receive_output(timeout=2)
    assert closed == {
        "type": "websocket.close",
        "code": close_code,
        "linger": settings.KOERS_FEED_REFUSE_LINGER,
    }


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ("not json", "malformed"),
        ("[" * 999, "malformed"),  # nesting too deep: a RecursionError inside json
        ('{"a":' * 600 + "1" + "}" * 600, "malformed"),
        ("[1, 2, 3]", "malformed"),
        ('{"no": "type"}', "malformed"),
        ('{"type": "dance"}', "unknown_type"),
        ('{"type": "resume", "cursor": "seven"}', "bad_cursor"),
        ('{"type": "resume", "cursor": -1}', "bad_cursor"),
        ('{"type": "resume", "cursor": true}', "bad_cursor"),
        ('{"type": "resume", "cursor": 1e400}', "bad_cursor"),
        ('{"type": "resume"}', "bad_cursor"),
    ],
)
@FRAME_ONLY
async def test_malformed_client_message_gets_an_error_frame_and_close_1008(frame, code):
    socket, _ = await _connect(None)
    await socket.send_to(text_data=frame)
    await _assert_refused(socket, code, 1008)


@FRAME_ONLY
async def test_oversized_frame_closes_with_1009():
    socket, _ = await _connect(None)
    await socket.send_to(text_data='{"type": "ping", "pad": "' + "x" * 5000 + '"}')
    await _assert_refused(socket, "too_big", 1009)


@FRAME_ONLY
async def test_oversized_in_bytes_though_not_in_characters_closes_with_1009():
    socket, _ = await _connect(None)
    await socket.send_to(text_data='{"type": "ping", "pad": "' + "é" * 2100 + '"}')
    await _assert_refused(socket, "too_big", 1009)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            [(b"accept-language", b"nl-NL,nl;q=0.9,en;q=0.5")],
            "Berichten moeten geldige JSON zijn.",
        ),
        ([(b"cookie", b"django_language=nl")], "Berichten moeten geldige JSON zijn."),
        ([(b"accept-language", b"en-GB")], "Messages must be valid JSON."),
        ([(b"accept-language", b"xx, ;;;q=bogus")], "Messages must be valid JSON."),
    ],
)
@FRAME_ONLY
async def test_error_frames_speak_the_browsers_language(headers, expected):
    communicator = WebsocketCommunicator(
        application, "/ws/feed/", headers=[ORIGIN, *headers]
    )
    connected, _code = await communicator.connect()
    assert connected
    assert (await communicator.receive_json_from())["type"] == "hello"
    await communicator.send_to(text_data="not json")
    assert (await communicator.receive_json_from(timeout=2))["message"] == expected
    await communicator.wait()


@FRAME_ONLY
async def test_binary_frame_closes_with_1003():
    socket, _ = await _connect(None)
    await socket.send_to(bytes_data=b"\x00\x01")
    await _assert_refused(socket, "binary", 1003)


@FRAME_ONLY
async def test_ping_answers_pong():
    socket, _ = await _connect(None)
    await socket.send_json_to({"type": "ping"})
    assert (await socket.receive_json_from(timeout=2)) == {"type": "pong"}
    await socket.disconnect()


async def test_reconnect_with_cursor_replays_what_was_missed_and_only_that(
    settings,
):
    settings.KOERS_FEED_REPLAY_OVERLAP = 0
    author = await _member("employee")
    reader = await _member("external")
    socket, _ = await _connect(reader)
    seen = await _post(author, "community", body="Seen")
    (first,) = await _drain(socket)
    await socket.disconnect()

    missed = await _post(author, "community", body="Missed")
    await _post(author, "staff", body="Never for externals")

    again, _ = await _connect(reader)
    await again.send_json_to({"type": "resume", "cursor": first["seq"]})
    replayed = await until_resumed(again)
    assert [m.get("post_id") for m in replayed if m["type"] == "post_created"] == [
        missed.pk
    ]
    assert replayed[-1]["type"] == "resumed" and replayed[-1]["count"] == 1
    assert replayed[-1]["cursor"] == replayed[0]["seq"] + 1  # past the staff post
    assert seen.pk != missed.pk
    await again.disconnect()


async def test_too_many_missed_events_answer_with_a_reload_hint(settings):
    settings.KOERS_FEED_REPLAY_LIMIT = 2
    settings.KOERS_RATE_LIMITS = {**settings.KOERS_RATE_LIMITS, "post": (100, 60)}
    author = await _member("employee")
    for n in range(3):
        await _post(author, "public", body=f"Post {n}")
    socket, _ = await _connect(None)
    await socket.send_json_to({"type": "resume", "cursor": 0})
    assert (await socket.receive_json_from(timeout=2)) == {
        "type": "reload",
        "reason": "too_many_missed",
    }
    await socket.disconnect()


async def test_notifications_reach_only_their_recipient_with_unread_count():
    author = await _member("employee")
    reader = await _member("external")
    other = await _member("external")
    reader_socket, _ = await _connect(reader)
    other_socket, _ = await _connect(other)
    author_socket, _ = await _connect(author)
    post = await _post(author, "community")
    await database_sync_to_async(services.comment_create)(
        post=post, author=await _member("employee"), body="Nice"
    )
    await database_sync_to_async(services.reaction_toggle)(
        post=post, user=reader, kind="like"
    )
    reader_types = [m["type"] for m in await _drain(reader_socket)]
    assert "notification" not in reader_types
    other_types = [m["type"] for m in await _drain(other_socket)]
    assert "notification" not in other_types
    notes = [m for m in await _drain(author_socket) if m["type"] == "notification"]
    assert [n["unread"] for n in notes] == [1, 2]
    assert "replied" in notes[0]["text"]
    for socket in (reader_socket, other_socket, author_socket):
        await socket.disconnect()
    count = await database_sync_to_async(
        FeedEvent.objects.filter(recipient=author).count
    )()
    assert count == 2  # the reply and the reaction, each for the author only


async def test_network_post_envelope_names_its_network():
    from profiles.models import Network, NetworkMembership

    @database_sync_to_async
    def network_with(user):
        network = Network.objects.create(name="Solar", slug="solar")
        NetworkMembership.objects.create(
            network=network, user=user, status=NetworkMembership.Status.ACTIVE
        )
        return network

    author = await _member("employee")
    network = await network_with(author)
    manager_socket, _ = await _connect(await _member("manager"))
    outsider_socket, _ = await _connect(await _member("employee"))
    post = await _post(author, "community", network=network)
    (envelope,) = await _drain(manager_socket)
    assert envelope["network_id"] == network.pk and envelope["post_id"] == post.pk
    assert await _drain(outsider_socket) == []
    await manager_socket.disconnect()
    await outsider_socket.disconnect()


async def test_resume_from_before_pruned_events_answers_reload():
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    author = await _member("employee")
    first = await _post(author, "public", body="Old")
    second = await _post(author, "public", body="Old too")
    await _post(author, "public", body="Recent")

    @database_sync_to_async
    def age_and_prune():
        old = FeedEvent.objects.filter(post_id__in=[first.pk, second.pk])
        old.update(created_at=timezone.now() - timedelta(days=30))
        call_command("prune_feed_events", "--days", "7")
        return FeedEvent.objects.exclude(type="floor").order_by("seq").first().seq

    oldest_left = await age_and_prune()
    socket, _ = await _connect(None)
    await socket.send_json_to({"type": "resume", "cursor": oldest_left - 2})
    assert (await socket.receive_json_from(timeout=2))["type"] == "reload"
    socket, _ = await _connect(None)  # one resume per connection
    await socket.send_json_to({"type": "resume", "cursor": oldest_left - 1})
    replayed = await until_resumed(socket)
    assert [m["type"] for m in replayed] == ["post_created", "resumed"]
    await socket.disconnect()


async def test_edit_comment_and_delete_reach_the_socket():
    author = await _member("employee")
    socket, _ = await _connect(await _member("external"))
    post = await _post(author, "community", body="Before")
    await database_sync_to_async(services.post_update)(
        post=post, editor=author, body="<p>After</p>"
    )
    await database_sync_to_async(services.comment_create)(
        post=post, author=author, body="<p>First comment</p>"
    )
    await database_sync_to_async(services.post_delete)(post=post, actor=author)
    messages = await _drain(socket)
    assert [m["type"] for m in messages] == [
        "post_created",
        "post_updated",
        "comment_created",
        "post_deleted",
    ]
    assert "After" in messages[1]["html"]
    assert "First comment" in messages[2]["html"] and messages[2]["comment_count"] == 1
    await socket.disconnect()


@FRAME_ONLY
async def test_a_channel_layer_that_lost_messages_closes_the_socket_1013():
    """intranet.channel_layer: the layer's Redis connection broke, so events may
    not have reached this socket; it closes and its client replays the gap."""
    socket, _ = await _connect(None)
    await get_channel_layer().group_send(PUBLIC_GROUP, {"type": "channel_layer.lost"})
    frame = await socket.receive_json_from(timeout=5)
    assert frame["type"] == "error" and frame["code"] == "unavailable"
    assert (await socket.receive_output(timeout=5)) == {
        "type": "websocket.close",
        "code": 1013,
    }
