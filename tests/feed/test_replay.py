"""Replay reflects the present: what was hidden, deleted, edited or erased since
never comes back as content; the cursor and the resume limits."""

import json

import pytest
from channels.db import database_sync_to_async
from django.conf import settings as django_settings
from django.test import Client

from feed import events, services
from feed.models import FeedEvent, Report
from profiles.services import account_delete
from tests.feed.sockets import connect, member, post, until_resumed

pytestmark = pytest.mark.django_db(transaction=True)


cursor_now = database_sync_to_async(events.current_cursor)


async def _resume(user, cursor):
    socket, _ = await connect(user)
    await socket.send_json_to({"type": "resume", "cursor": cursor})
    frames = await until_resumed(socket)
    await socket.disconnect()
    assert frames[-1]["type"] == "resumed"
    return frames[:-1]


def _about(frames, post_id):
    return [f for f in frames if f.get("post_id") == post_id]


async def test_resume_after_a_manager_hid_a_post_replays_a_removal_without_content():
    author = await member("employee")
    before = await cursor_now()
    secret = await post(author, "public", body="Words a manager will hide")
    await database_sync_to_async(services.post_hide)(
        post=secret, actor=await member("manager"), reason="Off topic"
    )
    for viewer in (None, await member("external")):
        frames = await _resume(viewer, before)
        about = _about(frames, secret.pk)
        assert about and {f["type"] for f in about} == {"post_deleted"}
        assert all(set(f) == {"id", "seq", "type", "post_id", "replay"} for f in about)
        assert "will hide" not in json.dumps(frames)


async def test_resume_after_the_author_deleted_a_post_replays_a_removal():
    author = await member("employee")
    before = await cursor_now()
    gone = await post(author, "community", body="Words the author takes back")
    await database_sync_to_async(services.comment_create)(
        post=gone, author=await member("employee"), body="A comment on it"
    )
    gone_id = gone.pk  # delete() clears it
    await database_sync_to_async(services.post_delete)(post=gone, actor=author)
    frames = await _resume(await member("external"), before)
    assert {f["type"] for f in _about(frames, gone_id)} == {"post_deleted"}
    text = json.dumps(frames)
    assert "takes back" not in text and "A comment on it" not in text


async def test_resume_after_an_edit_replays_only_the_current_version():
    author = await member("employee")
    before = await cursor_now()
    edited = await post(author, "public", body="<p>First version</p>")
    await database_sync_to_async(services.post_update)(
        post=edited, editor=author, body="<p>Second version</p>"
    )
    frames = await _resume(None, before)
    cards = [f for f in _about(frames, edited.pk) if "html" in f]
    assert [f["type"] for f in cards] == ["post_created", "post_updated"]
    assert all("Second version" in f["html"] for f in cards)
    assert "First version" not in json.dumps(frames)


async def test_resume_after_a_comment_was_hidden_replays_its_removal():
    author = await member("employee")
    commenter = await member("external")
    manager = await member("manager")
    before = await cursor_now()
    target = await post(author, "community", body="Fine post")

    @database_sync_to_async
    def comment_and_hide():
        comment = services.comment_create(
            post=target, author=commenter, body="Rude words"
        )
        report = Report.objects.create(reporter=author, comment=comment, reason="Rude")
        services.report_resolve(report=report, actor=manager, hide=True)
        return comment

    comment = await comment_and_hide()
    frames = await _resume(await member("external"), before)
    removals = [f for f in frames if f.get("comment_id") == comment.pk]
    assert removals and {f["type"] for f in removals} == {"comment_deleted"}
    assert "Rude words" not in json.dumps(frames)


async def test_resume_after_account_erasure_returns_nothing_of_the_member():
    leaver = await member("employee")
    other = await member("employee")
    before = await cursor_now()
    their_post = await post(leaver, "public", body="Post by the leaver")
    others_post = await post(other, "public", body="Post by someone staying")
    await database_sync_to_async(services.comment_create)(
        post=others_post, author=leaver, body="Comment by the leaver"
    )
    await database_sync_to_async(services.reaction_toggle)(
        post=others_post, user=leaver, kind="like"
    )
    name = leaver.username
    await database_sync_to_async(account_delete)(user=leaver)

    remaining = await database_sync_to_async(
        FeedEvent.objects.filter(actor_id=leaver.pk).count
    )()
    assert remaining == 0
    frames = await _resume(await member("employee"), before)
    text = json.dumps(frames)
    assert "by the leaver" not in text and name not in text
    assert {f["type"] for f in _about(frames, their_post.pk)} == {"post_deleted"}
    assert any("someone staying" in f.get("html", "") for f in frames)


async def test_hello_and_the_page_carry_the_current_cursor():
    author = await member("employee")
    await post(author, "public", body="Something")
    top = await cursor_now()
    assert top > 0
    socket, _ = await connect(None, check_hello=False)
    assert await socket.receive_json_from() == {"type": "hello", "cursor": top}
    await socket.disconnect()
    page = await database_sync_to_async(Client().get)("/feed/")
    assert f'data-feed-cursor="{top}"' in page.content.decode()


async def test_event_whose_after_commit_step_never_ran_is_still_replayed(settings):
    settings.KOERS_FEED_REPLAY_OVERLAP = 0
    author = await member("employee")
    top = await cursor_now()

    @database_sync_to_async
    def orphan():
        target = services.post_create(
            author=author, kind="update", body="Orphaned event", audience="public"
        )
        # As if the process died between commit and numbering.
        FeedEvent.objects.filter(post_id=target.pk).update(seq=None)
        return target

    target = await orphan()
    frames = await _resume(None, top)
    assert [f["post_id"] for f in frames if f["type"] == "post_created"] == [target.pk]
    assert frames[0]["seq"] > top


async def test_second_resume_on_one_socket_is_refused_and_closes():
    socket, _ = await connect(None)
    await socket.send_json_to({"type": "resume", "cursor": 0})
    assert (await until_resumed(socket))[-1]["type"] == "resumed"
    await socket.send_json_to({"type": "resume", "cursor": 0})
    error = await socket.receive_json_from(timeout=2)
    assert error["code"] == "resume_once"
    assert await socket.receive_output(timeout=2) == {
        "type": "websocket.close",
        "code": 1008,
        "linger": django_settings.KOERS_FEED_REFUSE_LINGER,
    }


async def test_a_flood_of_messages_is_cut_off_at_the_budget(settings):
    settings.KOERS_FEED_MESSAGE_BURST = 5
    settings.KOERS_FEED_MESSAGE_RATE = 0.5
    socket, _ = await connect(None)
    for _n in range(50):
        await socket.send_json_to({"type": "ping"})
    frames = []
    while True:
        out = await socket.receive_output(timeout=2)
        if out["type"] == "websocket.close":
            break
        frames.append(json.loads(out["text"]))
    assert out["code"] == 1008
    assert [f["type"] for f in frames] == ["pong"] * 5 + ["error"]
    assert frames[-1]["code"] == "too_many_messages"


async def test_replay_is_bounded_by_the_limit(settings):
    settings.KOERS_FEED_REPLAY_LIMIT = 3
    settings.KOERS_FEED_REPLAY_OVERLAP = 0
    settings.KOERS_RATE_LIMITS = {**settings.KOERS_RATE_LIMITS, "post": (100, 60)}
    author = await member("employee")
    before = await cursor_now()
    for n in range(3):
        await post(author, "public", body=f"Post {n}")
    frames = await _resume(None, before)
    assert len(frames) == 3
    await post(author, "public", body="One too many")
    socket, _ = await connect(None)
    await socket.send_json_to({"type": "resume", "cursor": before})
    assert await until_resumed(socket) == [
        {"type": "reload", "reason": "too_many_missed"}
    ]
    await socket.disconnect()
