"""Contribute first, more ways: a visitor's reaction is kept through sign-up, and a
member may sign in with a code sent by e-mail instead of a password; the
contribution counts once, and bad input is explained."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from accounts.contributions import contribution_apply_pending
from feed import contributions as feed_kinds
from feed.models import Reaction
from feed.services import post_create, post_delete, reaction_toggle
from roadmaps.models import Vote
from tests.accounts.test_contribute_first import _kept, sign_up, verify
from tests.factories import make_item, make_member, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(db):
    return post_create(
        author=make_member("employee"),
        body="Nieuwe dagbesteding open",
        audience="public",
    )


def _offer(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:300]
    parts = urlsplit(response["Location"])
    assert parts.path == "/accounts/signup/"
    query = parse_qs(parts.query)
    return query["contribution"][0], query["next"][0]


def test_visitor_reaction_counts_once_the_address_is_verified(post, mailoutbox):
    client = Client()
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'action="/feed/posts/{post.pk}/react/"' in page, "visitors see the buttons"
    token, next_url = _offer(client, f"/feed/posts/{post.pk}/react/", {"kind": "like"})
    assert next_url == post.get_absolute_url()
    user = sign_up(client, token, next_url)
    assert not Reaction.objects.exists()
    location, landing = verify(client, mailoutbox)
    assert location == post.get_absolute_url()
    assert "Your reaction is on the post" in landing
    assert Reaction.objects.filter(post=post, user=user, kind="like").count() == 1
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 1}
    assert contribution_apply_pending(user=user, email=user.email) == []


def test_kept_reaction_never_takes_back_one_already_given(post):
    member = make_member("external")
    reaction_toggle(post=post, user=member, kind="applause")
    _kept(member, feed_kinds.REACTION, {"post": post.pk}, {"kind": "applause"})
    [outcome] = contribution_apply_pending(user=member, email=member.email)
    assert outcome.ok
    assert Reaction.objects.filter(post=post, user=member).count() == 1


def test_reaction_to_a_post_deleted_meanwhile_is_explained(post):
    member = make_member("external")
    _kept(member, feed_kinds.REACTION, {"post": post.pk}, {"kind": "like"})
    post_delete(post=post, actor=post.author)
    [outcome] = contribution_apply_pending(user=member, email=member.email)
    assert not outcome.ok
    assert "no longer there" in outcome.message
    assert not Reaction.objects.exists()


def test_visitor_reaction_bad_input(post):
    client = Client()
    assert (
        client.post(f"/feed/posts/{post.pk}/react/", {"kind": "angry"}).status_code
        == 400
    )
    staff = post_create(author=post.author, body="Intern", audience="staff")
    assert (
        client.post(f"/feed/posts/{staff.pk}/react/", {"kind": "like"}).status_code
        == 404
    )
    assert not Reaction.objects.exists()


# --- Sign in with a code sent by e-mail ------------------------------------------------


@pytest.fixture
def item(home_page):
    roadmap = make_roadmap("Zorg dichtbij", owner=make_member("employee"))
    return make_item(roadmap, "Online afspraken", status="in_progress")


def _code(mail) -> str:
    return re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mail.body, re.M).group(1)


def test_in_place_sign_up_offers_a_sign_in_code(item):
    response = Client().post(
        item.url + "vote/", {"action": "vote"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    match = re.search(r'href="(/accounts/login/code/\?[^"]+)"', html)
    assert match, "the in-place sign-up links to sign-in by code"
    assert "contribution=" in match.group(1) and "next=" in match.group(1)


def test_member_signs_in_with_a_code_and_the_vote_counts(item, mailoutbox):
    member = make_member("external", email="lotte@customer.test")
    client = Client()
    token, next_url = _offer(client, item.url + "vote/", {"action": "vote"})
    page = client.get(
        "/accounts/login/code/", {"contribution": token, "next": next_url}
    )
    assert "counts as soon as you have signed in" in page.content.decode()
    response = client.post(
        "/accounts/login/code/",
        {"email": member.email, "contribution": token, "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/confirm/")
    assert not Vote.objects.exists(), "nothing counts before the code is entered"
    assert f"Hello {member.get_full_name()}," in mailoutbox[-1].body
    code = _code(mailoutbox[-1])
    confirm = client.post(response["Location"], {"code": code, "next": next_url})
    assert confirm.status_code == 302
    assert confirm["Location"] == item.url
    assert "Your vote counts" in client.get(item.url).content.decode()
    assert Vote.objects.filter(item=item, user=member).count() == 1


def test_wrong_code_signs_nobody_in_and_applies_nothing(item, mailoutbox):
    member = make_member("external", email="sem@customer.test")
    client = Client()
    token, next_url = _offer(client, item.url + "vote/", {"action": "vote"})
    response = client.post(
        "/accounts/login/code/", {"email": member.email, "contribution": token}
    )
    wrong = client.post(response["Location"], {"code": "WRONG1"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    assert not Vote.objects.exists()


def test_tampered_token_on_the_code_page_is_refused_with_a_message(item):
    page = Client().get("/accounts/login/code/", {"contribution": "abc:def"})
    assert "not valid" in page.content.decode()
