"""Proposals to the purpose: bad input, support once and retract, comments, decisions."""

import pytest
from django.test import override_settings

from purpose.models import Proposal, ProposalSupport
from purpose.services import proposal_decide
from tests.conftest import client_for
from tests.factories import ProposalFactory, make_member, make_purpose_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def purpose_page(db):
    return make_purpose_page()


def propose(client, **data):
    payload = {"target": "statement", "text": "Better words", "reasoning": "Clearer"}
    payload.update(data)
    return client.post("/purpose/proposals/new/", payload)


def test_member_proposes_a_change_to_a_promise(purpose_page, external_member):
    promise = purpose_page.promises.first()
    response = propose(
        client_for(external_member), target="promise", promise=promise.pk
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.promise == promise and proposal.status == "open"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": ""}, "Write the text you propose."),
        ({"text": "   "}, "Write the text you propose."),
        ({"reasoning": ""}, "Explain why you propose this."),
        ({"text": "x" * 2001}, "at most 2000 characters"),
        ({"reasoning": "x" * 4001}, "at most 4000 characters"),
        ({"target": "promise"}, "Choose the promise to change."),
        ({"target": "everything"}, "Select a valid choice."),
    ],
)
def test_bad_proposals_get_a_clear_message(
    purpose_page, external_member, data, message
):
    response = propose(client_for(external_member), **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_proposal_text_is_stored_as_plain_text(purpose_page, external_member):
    typed = "<script>alert(1)</script>Kind words"
    propose(client_for(external_member), text=typed)
    proposal = Proposal.objects.get()
    # Stored as typed, escaped once on output (issue 18): shown, never run.
    assert proposal.text == typed
    page = (
        client_for(external_member)
        .get(f"/purpose/proposals/{proposal.pk}/")
        .content.decode()
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Kind words" in page
    assert "<script>alert(1)" not in page


@override_settings(KOERS_RATE_LIMITS={"proposal": (2, 60)})
def test_proposals_are_rate_limited(purpose_page, external_member):
    client = client_for(external_member)
    assert propose(client).status_code == 302
    assert propose(client).status_code == 302
    response = propose(client)
    assert response.status_code == 429
    assert "too often" in response.content.decode()
    assert Proposal.objects.count() == 2


def test_support_once_then_retract(external_member):
    proposal = ProposalFactory()
    client = client_for(external_member)
    support_url = f"/purpose/proposals/{proposal.pk}/support/"
    assert client.post(support_url).status_code == 302
    twice = client.post(support_url)
    assert twice.status_code == 400
    assert "You already support this proposal." in twice.content.decode()
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    assert ProposalSupport.objects.count() == 1

    assert client.post(support_url, {"action": "retract"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.support_count == 0
    again = client.post(support_url, {"action": "retract"})
    assert again.status_code == 400
    assert "You do not support this proposal." in again.content.decode()


def test_decided_proposals_take_no_more_support(external_member, community_manager):
    proposal = ProposalFactory()
    proposal_decide(
        proposal=proposal, status="adopted", reason="Lovely", by=community_manager
    )
    response = client_for(external_member).post(
        f"/purpose/proposals/{proposal.pk}/support/"
    )
    assert response.status_code == 400
    assert "support is closed" in response.content.decode()


def test_declining_needs_a_reason(community_manager):
    from django.core.exceptions import ValidationError

    proposal = ProposalFactory()
    with pytest.raises(ValidationError):
        proposal_decide(
            proposal=proposal, status="declined", reason=" ", by=community_manager
        )


def test_members_discuss_a_proposal(external_member, employee):
    proposal = ProposalFactory()
    detail = f"/purpose/proposals/{proposal.pk}/"
    response = client_for(employee).post(detail, {"body": "Nice <i>idea</i>"})
    assert response.status_code == 302
    page = client_for(external_member).get(detail).content.decode()
    assert "Nice &lt;i&gt;idea&lt;/i&gt;" in page  # as typed, escaped once
    proposal.refresh_from_db()
    assert proposal.comment_count == 1
    empty = client_for(employee).post(detail, {"body": ""})
    assert empty.status_code == 400
    assert "Write a comment first." in empty.content.decode()
    too_long = client_for(employee).post(detail, {"body": "y" * 2001})
    assert too_long.status_code == 400


def test_manager_decides_in_the_wagtail_admin(community_manager):
    proposal = ProposalFactory()
    client = client_for(community_manager)
    edit = f"/admin/snippets/purpose/proposal/edit/{proposal.pk}/"
    assert client.get(edit).status_code == 200
    declined = client.post(edit, {"status": "declined", "decision_reason": ""})
    assert declined.status_code == 200  # the form again, with the message
    assert "Say why the proposal is declined." in declined.content.decode()
    client.post(edit, {"status": "adopted", "decision_reason": "In version 4"})
    proposal.refresh_from_db()
    assert proposal.status == "adopted"
    assert proposal.decided_by == community_manager
    assert proposal.decided_at is not None
    assert proposal.text.startswith("Proposed wording")  # read-only in the admin


def test_admin_offers_no_way_to_add_proposals_or_read_answers(community_manager):
    client = client_for(community_manager)
    assert client.get("/admin/snippets/purpose/proposal/add/").status_code in (
        302,
        403,
    )
    assert (
        client.get("/admin/snippets/purpose/purposeindexresponse/").status_code == 404
    )
    assert client.get("/admin/snippets/purpose/purposeindexround/").status_code == 200


def test_inventory_gathers_ideas_and_proposals(external_member):
    from tests.factories import PostFactory

    PostFactory(kind="idea", body="<p>Idea about gardens</p>", audience="community")
    PostFactory(kind="idea", body="<p>Staff-only idea</p>", audience="staff")
    ProposalFactory(text="Open proposal text")
    decided = ProposalFactory(text="Decided proposal text")
    proposal_decide(
        proposal=decided, status="declined", reason="Not now", by=make_member("manager")
    )
    page = client_for(external_member).get("/purpose/inventory/").content.decode()
    assert "Idea about gardens" in page
    assert "Staff-only idea" not in page
    assert "Open proposal text" in page
    assert "Decided proposal text" in page and "Not now" in page


def test_support_from_the_inventory_returns_there_but_never_off_site(external_member):
    proposal = ProposalFactory()
    client = client_for(external_member)
    url = f"/purpose/proposals/{proposal.pk}/support/"
    back = client.post(url, {"next": "/purpose/inventory/"})
    assert back["Location"] == "/purpose/inventory/"
    client.post(url, {"action": "retract"})
    away = client.post(url, {"next": "https://evil.example/"})
    assert away["Location"] == proposal.get_absolute_url()


def test_manager_adopts_or_declines_with_the_admin_actions(
    purpose_page, community_manager
):
    adopt, decline = ProposalFactory(), ProposalFactory()
    client = client_for(community_manager)
    listing = client.get("/admin/snippets/purpose/proposal/").content.decode()
    assert f"/admin/purpose/proposals/{adopt.pk}/adopt/" in listing

    form = client.get(f"/admin/purpose/proposals/{adopt.pk}/adopt/")
    assert form.status_code == 200
    assert "Adopting creates a draft of the purpose page" in form.content.decode()
    done = client.post(f"/admin/purpose/proposals/{adopt.pk}/adopt/", {"reason": ""})
    assert done.status_code == 302
    adopt.refresh_from_db()
    assert adopt.status == "adopted" and adopt.decided_by == community_manager

    refused = client.post(f"/admin/purpose/proposals/{decline.pk}/decline/", {})
    assert refused.status_code == 200
    assert "Say why it is declined." in refused.content.decode()
    client.post(
        f"/admin/purpose/proposals/{decline.pk}/decline/", {"reason": "Not now"}
    )
    decline.refresh_from_db()
    assert decline.status == "declined" and decline.decision_reason == "Not now"
    assert (
        client.get(f"/admin/purpose/proposals/{decline.pk}/maybe/").status_code == 404
    )


@pytest.mark.parametrize("kind", ["external", "employee"])
def test_only_managers_reach_the_decision_form(kind):
    proposal = ProposalFactory()
    response = client_for(make_member(kind)).post(
        f"/admin/purpose/proposals/{proposal.pk}/adopt/", {"reason": "x"}
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_an_empty_post_gets_messages_not_a_blank_form(purpose_page, external_member):
    client = client_for(external_member)
    response = client.post("/purpose/proposals/new/", {})
    assert response.status_code == 400
    assert "Write the text you propose." in response.content.decode()
    proposal = ProposalFactory()
    empty = client.post(f"/purpose/proposals/{proposal.pk}/", {})
    assert empty.status_code == 400
    assert "Write a comment first." in empty.content.decode()
