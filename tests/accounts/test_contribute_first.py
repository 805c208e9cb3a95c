"""Contribute first, sign up after: a visitor's vote, offer to help or idea survives
sign-up (or sign-in) and counts once the address is verified; bad input is explained."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import signing
from django.test import Client
from django.utils import timezone

from accounts.contributions import (
    contribution_apply_pending,
    contribution_keep,
    offer_token,
)
from accounts.models import PendingContribution
from roadmaps import contributions as kinds
from roadmaps.models import IdeaProposal, Volunteer, Vote
from tests.accounts.test_signup import GOOD_PASSWORD, confirmation_link
from tests.factories import make_item, make_member, make_roadmap, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def roadmap(home_page):
    return make_roadmap("Zorg dichtbij", owner=make_member("employee"))


@pytest.fixture
def item(roadmap):
    return make_item(roadmap, "Online afspraken", status="in_progress")


@pytest.fixture
def role(item):
    return make_role(item, "Tester", needed=1)


def offer(client, url, data):
    """A visitor presses the button: the answer is the sign-up page with the offer."""
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:500]
    parts = urlsplit(response["Location"])
    assert parts.path == "/accounts/signup/"
    query = parse_qs(parts.query)
    return query["contribution"][0], query["next"][0]


def sign_up(client, token, next_url, email="noor@customer.test", name="Noor Bakker"):
    page = client.get(
        "/accounts/signup/", {"contribution": token, "next": next_url}
    ).content.decode()
    assert "counts as soon as you have confirmed" in page
    response = client.post(
        "/accounts/signup/",
        {
            "email": email,
            "name": name,
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
            "contribution": token,
            "next": next_url,
        },
    )
    assert response.status_code == 302
    return get_user_model().objects.get(email=email)


def verify(client, mailoutbox):
    response = client.post(confirmation_link(mailoutbox[-1]))
    assert response.status_code == 302
    landing = client.get(response["Location"])
    return response["Location"], landing.content.decode()


def journey(kind, item, role):
    """(button URL, form data, check that it counted, where the member lands)."""
    roadmap = item.get_parent().specific
    return {
        "vote": (
            item.url + "vote/",
            {"action": "vote"},
            lambda user: Vote.objects.filter(item=item, user=user).count() == 1,
            item.url,
            "Your vote counts",
        ),
        "volunteer": (
            item.url + f"roles/{role.pk}/volunteer/",
            {"message": "Ik plan al jaren online."},
            lambda user: (
                Volunteer.objects.filter(
                    role=role, user=user, message="Ik plan al jaren online."
                ).count()
                == 1
            ),
            item.url + f"#role-{role.pk}",
            "Thank you for offering to help as Tester",
        ),
        "idea": (
            roadmap.sub_url("ideas"),
            {"title": "Afspraken via WhatsApp", "description": "Veel cliënten vragen"},
            lambda user: (
                IdeaProposal.objects.filter(
                    author=user, title="Afspraken via WhatsApp"
                ).count()
                == 1
            ),
            roadmap.sub_url("ideas"),
            "Your idea is waiting for a community manager",
        ),
    }[kind]


@pytest.mark.parametrize("kind", ["vote", "volunteer", "idea"])
def test_visitor_contribution_counts_once_the_address_is_verified(
    kind, item, role, mailoutbox
):
    url, data, counted, lands_on, confirmation = journey(kind, item, role)
    client = Client()
    token, next_url = offer(client, url, data)
    user = sign_up(client, token, next_url)
    assert not counted(user), "nothing counts before the address is verified"
    assert "Noor" in mailoutbox[-1].body

    location, landing = verify(client, mailoutbox)
    assert location == lands_on
    assert counted(user)
    assert confirmation in landing
    # Confirming again (a second click, a replayed form) applies nothing twice.
    assert contribution_apply_pending(user=user, email=user.email) == []
    assert counted(user)


def test_member_with_an_account_signs_in_and_the_vote_counts(item):
    member = make_member("external", email="lotte@customer.test")
    member.set_password(GOOD_PASSWORD)
    member.save()
    client = Client()
    token, next_url = offer(client, item.url + "vote/", {"action": "vote"})
    login_page = client.get(
        "/accounts/login/", {"contribution": token, "next": next_url}
    )
    assert "counts as soon as you have signed in" in login_page.content.decode()
    response = client.post(
        "/accounts/login/",
        {
            "login": member.email,
            "password": GOOD_PASSWORD,
            "contribution": token,
            "next": next_url,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == item.url
    assert "Your vote counts" in client.get(item.url).content.decode()
    assert Vote.objects.filter(item=item, user=member).count() == 1

    # The same token again (a replayed form): refused, still one vote.
    client.post(
        "/accounts/logout/",
    )
    response = client.post(
        "/accounts/login/",
        {"login": member.email, "password": GOOD_PASSWORD, "contribution": token},
        follow=True,
    )
    assert "already made" in response.content.decode()
    assert Vote.objects.filter(item=item, user=member).count() == 1


def _kept(user, kind, target, payload=None, next_url="/"):
    token = offer_token(kind=kind, target=target, payload=payload, next_url=next_url)
    return contribution_keep(user=user, email=user.email, token=token)


def test_item_deleted_before_verification_is_explained(item):
    user = make_member("external")
    _kept(user, kinds.ITEM_VOTE, {"item": item.pk}, next_url=item.url)
    item.delete()
    [outcome] = contribution_apply_pending(user=user, email=user.email)
    assert not outcome.ok
    assert "no longer exists" in outcome.message
    assert outcome.url == "/roadmaps/"
    assert not Vote.objects.exists()


def test_role_filled_meanwhile_is_explained(role):
    user = make_member("external")
    _kept(user, kinds.VOLUNTEER, {"role": role.pk}, {"message": ""})
    Volunteer.objects.create(
        role=role, user=make_member("external"), status=Volunteer.Decision.ACCEPTED
    )
    [outcome] = contribution_apply_pending(user=user, email=user.email)
    assert not outcome.ok
    assert "already filled" in outcome.message
    assert not Volunteer.objects.filter(user=user).exists()


def test_voting_closed_meanwhile_is_explained(item):
    user = make_member("external")
    _kept(user, kinds.ITEM_VOTE, {"item": item.pk})
    item.status = "done"
    item.save_revision().publish()
    [outcome] = contribution_apply_pending(user=user, email=user.email)
    assert not outcome.ok
    assert "Voting is closed" in outcome.message
    assert not Vote.objects.exists()


def test_visitor_cannot_start_a_vote_on_a_closed_item(roadmap):
    done = make_item(roadmap, "Klaar", status="done")
    response = Client().post(done.url + "vote/", {"action": "vote"})
    assert response.status_code == 400
    assert "Voting is closed" in response.content.decode()


def test_kept_contribution_past_its_time_is_refused(item):
    user = make_member("external")
    row = _kept(user, kinds.ITEM_VOTE, {"item": item.pk})
    PendingContribution.objects.filter(pk=row.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    [outcome] = contribution_apply_pending(user=user, email=user.email)
    assert not outcome.ok
    assert "expired" in outcome.message
    assert not Vote.objects.exists()


def test_only_the_verified_address_applies_it(item):
    user = make_member("external")
    _kept(user, kinds.ITEM_VOTE, {"item": item.pk})
    assert contribution_apply_pending(user=user, email="other@customer.test") == []
    assert not Vote.objects.exists()


def _expired_token(monkeypatch, item):
    past = timezone.now().timestamp() - 2 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: past)
    token = offer_token(kind=kinds.ITEM_VOTE, target={"item": item.pk})
    monkeypatch.undo()
    return token


@pytest.mark.parametrize("bad", ["expired", "tampered", "unknown kind"])
def test_bad_token_is_refused_with_a_message_and_sign_up_still_works(
    bad, item, monkeypatch, mailoutbox
):
    if bad == "expired":
        token, message = _expired_token(monkeypatch, item), "has expired"
    elif bad == "tampered":
        good = offer_token(kind=kinds.ITEM_VOTE, target={"item": item.pk})
        token, message = good[:-3] + "xyz", "not valid"
    else:
        token = signing.dumps(
            {"k": "nope", "t": {}}, salt="koers.accounts.contribution"
        )
        message = "not valid"
    page = Client().get("/accounts/signup/", {"contribution": token})
    assert message in page.content.decode()
    assert 'name="contribution"' not in page.content.decode()

    client = Client()
    response = client.post(
        "/accounts/signup/",
        {
            "email": "noor@customer.test",
            "name": "Noor Bakker",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
            "contribution": token,
        },
        follow=True,
    )
    assert message in response.content.decode()
    assert not PendingContribution.objects.exists()
    verify(client, mailoutbox)
    assert not Vote.objects.exists()


def test_in_place_sign_up_for_htmx(item):
    response = Client().post(
        item.url + "vote/", {"action": "vote"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert response["HX-Reselect"] == "#contribute-signup"
    html = response.content.decode()
    assert 'id="contribute-signup"' in html
    token = re.search(r'name="contribution" value="([^"]+)"', html).group(1)
    assert f'name="next" value="{item.url}"' in html
    assert "Sign in instead" in html and "contribution=" in html
    assert token


def test_join_and_sign_in_links_carry_next(item):
    html = Client().get(item.url).content.decode()
    assert f"/accounts/login/?next={item.url}" in html
    assert f"/accounts/signup/?next={item.url}" in html


def test_vote_on_a_board_card_returns_to_the_board(roadmap, item):
    member = make_member("external")
    client = Client()
    client.force_login(member)
    board = client.get(roadmap.url).content.decode()
    assert f'id="item-card-vote-{item.pk}" aria-pressed="false"' in board
    response = client.post(
        item.url + "vote/", {"action": "vote", "next": roadmap.url + "?lane="}
    )
    assert response["Location"] == roadmap.url + "?lane="
    board = client.get(roadmap.url).content.decode()
    assert f'id="item-card-vote-{item.pk}" aria-pressed="true"' in board
    assert Vote.objects.filter(item=item, user=member).count() == 1
    # A visitor's card vote asks them to sign up, then brings them to the item.
    token, next_url = offer(Client(), item.url + "vote/", {"action": "vote"})
    assert next_url == item.url


def test_board_sorts_by_votes_newest_or_changed_and_refuses_an_unknown_order(
    roadmap,
):
    first = make_item(roadmap, "Eerste plan", status="planned")
    second = make_item(roadmap, "Tweede plan", status="planned")
    Vote.objects.create(item=second, user=make_member("external"))
    client = Client()

    def order(sort):
        html = client.get(roadmap.url, {"sort": sort}).content.decode()
        return html.index(first.title) < html.index(second.title)

    assert order("")  # the roadmap's own order
    assert not order("votes")
    assert not order("newest")
    response = client.get(roadmap.url, {"sort": "loudest"})
    assert response.status_code == 400
    assert "There is no order" in response.content.decode()


def test_item_shows_its_official_response_before_the_discussion(item):
    item.official_response = "<p>We starten in september met twee wijken.</p>"
    item.save_revision().publish()
    html = Client().get(item.url).content.decode()
    assert "Official response" in html
    assert html.index("We starten in september") < html.index('id="comments"')
    # Phone first: the actions come before results and the discussion.
    assert html.index('id="item-actions"') < html.index('id="results-heading"')
