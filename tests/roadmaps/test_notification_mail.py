"""Notification mails (roadmap news, role claim decisions) as a mail client reads them:
automatic-mail headers, the recipient's language, and one-click unfollow."""

import email
from email import policy

import pytest
from django.test import Client

from feed.models import Post
from profiles import services as profile_services
from roadmaps.models import ItemFollow
from roadmaps.services import item_follow
from tests.factories import RoleFactory, make_member

pytestmark = pytest.mark.django_db


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def test_item_news_in_the_followers_language_with_one_click_unfollow(
    item, owner, mailoutbox, django_capture_on_commit_callbacks
):
    dutch = make_member("external")
    dutch.language = "nl"
    dutch.save(update_fields=["language"])
    english = make_member("external")
    for follower in (dutch, english):
        item_follow(user=follower, item=item)
    with django_capture_on_commit_callbacks(execute=True):
        Post.objects.create(
            author=owner,
            kind="result",
            body="<p>Klaar</p>",
            audience="public",
            roadmap_item=item,
        )
    mails = {m.to[0]: parsed(m) for m in mailoutbox}
    nl, en = mails[dutch.email], mails[english.email]
    assert nl["Subject"] == "[Koers] Nieuw resultaat voor Online afspraken"
    assert en["Subject"] == "[Koers] New result for Online afspraken"
    for message in (nl, en):
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["Message-ID"].endswith("@testserver>")
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = nl.get_body(preferencelist=("plain",)).get_content()
    assert "Dit onderdeel niet meer volgen: http://testserver/unsubscribe/" in text
    url = nl["List-Unsubscribe"].strip()[1:-1]
    provider = Client(enforce_csrf_checks=True)
    response = provider.post(
        url.removeprefix("http://testserver"),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not ItemFollow.objects.filter(user=dutch).exists()
    assert ItemFollow.objects.filter(user=english).exists()


def test_role_claim_decision_in_the_members_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    member, manager = make_member(), make_member("manager")
    member.language = "nl"
    member.save(update_fields=["language"])
    role = RoleFactory(name="Mentor", slug="mentor")
    claim = profile_services.role_claim_create(profile=member.profile, role=role)
    with django_capture_on_commit_callbacks(execute=True):
        profile_services.role_claim_decide(
            claim=claim, decided_by=manager, approve=False, reason="Nog niet"
        )
    (message,) = [parsed(m) for m in mailoutbox]
    assert message["Subject"] == "[Koers] Je aanvraag voor de rol Mentor is afgewezen"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "List-Unsubscribe" not in message  # a reply to the member's own claim
