"""Names and titles link only where the viewer may go (intranet/templatetags/audience_links)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from feed import cards
from feed.models import Post
from feed.services import render_post
from intranet.audience import Audience, least_viewer
from tests.factories import PostFactory, make_member

pytestmark = pytest.mark.django_db

PERSON = Template("{% load audience_links %}{% person author %}")


def _hidden_author():
    author = make_member("employee")
    author.profile.public_profile = False
    author.profile.display_name = "Hidden Hanna"
    author.profile.save()
    return author


def test_a_name_links_only_for_viewers_who_may_see_the_profile():
    author = _hidden_author()
    shown = {}
    for who, viewer in (
        ("visitor", AnonymousUser()),
        ("member", make_member("external")),
    ):
        shown[who] = PERSON.render(Context({"author": author, "viewer": viewer}))
    assert shown["visitor"] == "Hidden Hanna"
    assert shown["member"] == f'<a href="/people/{author.username}/">Hidden Hanna</a>'


def test_a_public_post_card_shows_a_hidden_authors_name_as_text_to_visitors(rf):
    author = _hidden_author()
    post = PostFactory(author=author, audience=Audience.PUBLIC, kind=Post.Kind.RESULT)
    profile_url = f"/people/{author.username}/"
    # The cached card body differs per viewer kind; the live fragment (sent to visitors
    # too) does not link.
    posts = [Post.objects.get(pk=post.pk)]
    cards.attach_card_bodies(posts, AnonymousUser())
    assert "Hidden Hanna" in posts[0].card_body
    assert profile_url not in posts[0].card_body
    posts = [Post.objects.get(pk=post.pk)]
    cards.attach_card_bodies(posts, make_member("external"))
    assert profile_url in posts[0].card_body
    assert profile_url not in render_post(post)
    community = PostFactory(author=author, audience=Audience.COMMUNITY)
    assert profile_url in render_post(community)
    assert least_viewer(Audience.PUBLIC).is_authenticated is False
