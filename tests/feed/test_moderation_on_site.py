"""Moderation on the site: managers hide and restore comments in place, reporting
is a small action, and curation says what changed."""

import pytest

from feed.models import Comment, Notification
from tests.conftest import client_for
from tests.factories import CommentFactory, PostFactory, make_member

pytestmark = pytest.mark.django_db


def test_manager_hides_and_restores_a_comment_in_place():
    manager, reader, author = (
        make_member("manager"),
        make_member("external"),
        make_member("external"),
    )
    post = PostFactory(audience="community")
    comment = CommentFactory(post=post, author=author, body="<p>Off the rails</p>")
    client = client_for(manager)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f"/feed/comments/{comment.pk}/curate/" in page
    response = client.post(
        f"/feed/comments/{comment.pk}/curate/",
        {"action": "hide", "reason": "Off-topic"},
        follow=True,
    )
    assert "Comment hidden" in response.content.decode()
    assert Comment.objects.get(pk=comment.pk).hidden_at is not None
    assert "Off-topic" in Notification.objects.get(recipient=author).text
    assert (
        "Off the rails"
        not in client_for(reader).get(post.get_absolute_url()).content.decode()
    )
    manager_page = client.get(post.get_absolute_url()).content.decode()
    assert "Off the rails" in manager_page and "comment--hidden" in manager_page
    client.post(f"/feed/comments/{comment.pk}/curate/", {"action": "unhide"})
    assert Comment.objects.get(pk=comment.pk).hidden_at is None
    assert (
        "Off the rails"
        in client_for(reader).get(post.get_absolute_url()).content.decode()
    )


def test_reporting_is_a_small_action_not_an_open_form():
    post = PostFactory(audience="community")
    CommentFactory(post=post)
    page = client_for(make_member("external")).get(post.get_absolute_url())
    body = page.content.decode()
    assert '<details class="report-action small">' in body
    assert '<details class="comment__report">' in body
    assert "Reply or report" not in body


def test_curation_confirms_what_changed():
    post = PostFactory(audience="community")
    client = client_for(make_member("manager"))
    url = f"/feed/posts/{post.pk}/curate/"
    body = client.post(url, {"action": "feature"}, follow=True).content.decode()
    assert "Featured on the home page." in body
    body = client.post(url, {"action": "lock"}, follow=True).content.decode()
    assert "Comments locked" in body
    assert "Done." not in body
