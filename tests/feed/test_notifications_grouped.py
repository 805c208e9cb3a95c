"""Notifications say who and what, grouped per post and kind, on the page and in
the e-mail digest."""

import pytest

from feed import services
from feed.digest import build_message
from tests.conftest import client_for
from tests.factories import PostFactory, make_member

pytestmark = pytest.mark.django_db


def _applaud(post, names):
    for name in names:
        fan = make_member("employee", username=name)
        services.reaction_toggle(post=post, user=fan, kind="applause")


def test_reactions_on_one_post_read_as_one_line_with_who_and_what():
    author = make_member("employee")
    post = PostFactory(
        author=author,
        audience="community",
        body="<p>Forty homes insulated this month</p>",
    )
    _applaud(post, ["anna", "ben", "cas", "dirk"])
    body = client_for(author).get("/feed/notifications/").content.decode()
    assert body.count("reacted to") == 1
    assert "and 3 others reacted to “Forty homes insulated this month”" in body
    assert f'href="/feed/posts/{post.pk}/"' in body


def test_two_actors_are_both_named():
    author = make_member("employee")
    post = PostFactory(author=author, audience="community", body="<p>Short</p>")
    _applaud(post, ["eva", "fien"])
    body = client_for(author).get("/feed/notifications/").content.decode()
    assert " and " in body and "reacted to “Short”" in body


def test_digest_groups_the_same_way():
    author = make_member("employee")
    post = PostFactory(author=author, audience="community", body="<p>Forty homes</p>")
    _applaud(post, ["gijs", "hans", "ilse"])
    message = build_message(author, frequency="daily")
    assert message.body.count("reacted to") == 1
    assert "and 2 others reacted to “Forty homes”" in message.body
    assert len(message.notification_ids) == 3
