"""Adopting a proposal changes the purpose: a draft revision with the proposed text,
published by a manager, shows on /purpose/ and in its history, linked both ways."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry

from home.models import PurposePage
from purpose.services import proposal_decide
from tests.conftest import client_for
from tests.factories import ProposalFactory, make_member, make_purpose_page

pytestmark = pytest.mark.django_db


def test_adopting_creates_a_draft_that_publishing_makes_the_purpose(
    community_manager, external_member
):
    page = make_purpose_page()
    proposal = ProposalFactory(text="We help people live the life they choose.")
    proposal_decide(
        proposal=proposal, status="adopted", reason="Yes", by=community_manager
    )
    proposal.refresh_from_db()
    revision = proposal.revision
    assert revision is not None and revision.object_id == str(page.pk)
    assert "live the life they choose" in revision.content["statement"]
    live = PurposePage.objects.get(pk=page.pk)
    assert "truly helps people" in live.statement  # a draft, not yet live
    assert live.has_unpublished_changes
    reader = client_for(external_member)
    detail = reader.get(proposal.get_absolute_url()).content.decode()
    assert "waits for publication" in detail

    revision.publish(user=community_manager)
    purpose = reader.get("/purpose/").content.decode()
    assert "live the life they choose" in purpose
    history = reader.get("/purpose/history/").content.decode()
    assert f"From proposal #{proposal.pk}" in history
    detail = reader.get(proposal.get_absolute_url()).content.decode()
    assert "Published in version 2" in detail


def test_adopting_a_promise_proposal_drafts_the_promise(community_manager):
    page = make_purpose_page()
    promise = page.promises.first()
    proposal = ProposalFactory(
        target="promise", promise=promise, text="Clients choose and we follow."
    )
    proposal_decide(
        proposal=proposal, status="adopted", reason="", by=community_manager
    )
    promises = proposal.revision.content["promises"]
    assert any(p["description"] == "Clients choose and we follow." for p in promises)


def test_last_revised_is_the_last_published_change_not_a_republish():
    page = make_purpose_page()
    weeks_ago = timezone.now() - datetime.timedelta(days=21)
    PageLogEntry.objects.filter(page=page).update(timestamp=weeks_ago)
    page.save_revision().publish()  # same wording, published again today
    body = client_for(make_member("external")).get("/purpose/").content.decode()
    assert f"Last revised {weeks_ago:%-d %B %Y}" in body
