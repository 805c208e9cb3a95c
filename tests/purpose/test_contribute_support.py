"""Contribute first: a visitor's support for a purpose proposal is kept through
sign-up and counts once the address is verified; decided meanwhile is explained."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from accounts.contributions import contribution_apply_pending
from purpose import contributions as kinds
from purpose.models import Proposal, ProposalSupport
from tests.accounts.test_contribute_first import _kept, sign_up, verify
from tests.factories import ProposalFactory, make_member

pytestmark = pytest.mark.django_db


def test_visitor_support_counts_once_the_address_is_verified(mailoutbox):
    proposal = ProposalFactory()
    client = Client()
    url = f"/purpose/proposals/{proposal.pk}/support/"
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/signup/?next=")
    query = parse_qs(urlsplit(response["Location"]).query)
    token, next_url = query["contribution"][0], query["next"][0]
    user = sign_up(client, token, next_url)
    assert not ProposalSupport.objects.exists()
    location, landing = verify(client, mailoutbox)
    assert location == proposal.get_absolute_url()
    assert "Your support counts" in landing
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert ProposalSupport.objects.filter(proposal=proposal, user=user).count() == 1
    assert contribution_apply_pending(user=user, email=user.email) == []


def test_support_kept_for_a_proposal_decided_meanwhile_is_explained():
    proposal = ProposalFactory()
    member = make_member("external")
    _kept(member, kinds.SUPPORT, {"proposal": proposal.pk})
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.DECLINED)
    [outcome] = contribution_apply_pending(user=member, email=member.email)
    assert not outcome.ok
    assert "support is closed" in outcome.message
    assert not ProposalSupport.objects.exists()


def test_support_kept_for_a_deleted_proposal_or_given_twice_counts_once():
    proposal = ProposalFactory()
    member = make_member("external")
    _kept(member, kinds.SUPPORT, {"proposal": proposal.pk})
    _kept(member, kinds.SUPPORT, {"proposal": proposal.pk}, next_url="/purpose/")
    outcomes = contribution_apply_pending(user=member, email=member.email)
    assert [o.ok for o in outcomes] == [True, True]
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    gone = ProposalFactory()
    _kept(member, kinds.SUPPORT, {"proposal": gone.pk})
    gone.delete()
    [outcome] = contribution_apply_pending(user=member, email=member.email)
    assert "no longer exists" in outcome.message
