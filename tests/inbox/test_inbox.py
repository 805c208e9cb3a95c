"""The managers' inbox: every queue in one place, decisions through each app's
services, safe against deciding twice, in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from feed import services as feed_services
from feed.models import Comment, Notification, Post, Report
from profiles import services as profile_services
from profiles.models import NetworkMembership, RoleClaim
from roadmaps import services as roadmap_services
from tests.conftest import client_for
from tests.factories import (
    CommentFactory,
    NetworkFactory,
    PostFactory,
    RoleFactory,
    add_network_member,
    make_member,
)
from tests.factories.purpose import ProposalFactory
from tests.factories.roadmaps import make_item, make_roadmap, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return make_member("manager")


def _report_post(post, *, reason="Spam"):
    return feed_services.report_create(
        reporter=make_member("external"), post=post, reason=reason
    )


def _fill(n, roadmap):
    """n open items of every kind the inbox gathers."""
    for i in range(n):
        post = PostFactory(body=f"<p>Reported post {i}</p>", audience="public")
        _report_post(post)
        comment = CommentFactory(post=post, body=f"<p>Reported comment {i}</p>")
        feed_services.report_create(
            reporter=make_member("external"), comment=comment, reason="Rude"
        )
        roadmap_services.proposal_create(
            author=make_member("external"), roadmap=roadmap, title=f"Idea {i}"
        )
        item = make_item(roadmap, f"Item {post.pk}")
        roadmap_services.comment_create(
            author=make_member("external"), body=f"First comment {i}", item=item
        )
        roadmap_services.volunteer_create(
            user=make_member("external"), role=make_role(item, f"Role {i}")
        )
        profile_services.role_claim_create(
            profile=make_member().profile, role=RoleFactory()
        )
        ProposalFactory(text=f"Proposed purpose {i}")
        network = NetworkFactory(join_policy="approval")
        profile_services.network_join(network=network, user=make_member("external"))


def test_inbox_gathers_every_kind_with_previews(manager, home_page):
    _fill(1, make_roadmap("Zorg"))
    body = client_for(manager).get("/admin/inbox/").content.decode()
    for text in [
        "Reported post 0",
        "Reported comment 0",
        "Idea 0",
        "First comment 0",
        "offers to help as Role 0",
        "claims the role",
        "Proposed purpose 0",
        "asks to join",
        "Reported by",
    ]:
        assert text in body, text
    assert body.count('data-inbox-item="') == 8


def test_inbox_runs_a_fixed_number_of_queries(manager, home_page):
    roadmap = make_roadmap("Zorg")
    client = client_for(manager)
    _fill(1, roadmap)
    client.get("/admin/inbox/")  # warm the per-process caches (site root paths)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/inbox/").status_code == 200
    _fill(4, roadmap)
    with CaptureQueriesContext(connection) as many:
        body = client.get("/admin/inbox/").content.decode()
    assert body.count('data-inbox-item="') == 40
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_filter_by_kind_shows_only_that_kind(manager, home_page):
    _fill(1, make_roadmap("Zorg"))
    body = client_for(manager).get("/inbox/?kind=role_claim").content.decode()
    assert body.count('data-inbox-item="') == 1
    assert "claims the role" in body and "Reported post 0" not in body


def test_manager_hides_reported_comment_with_reason(manager):
    author, reader = make_member("external"), make_member("external")
    post = PostFactory(audience="community")
    comment = CommentFactory(post=post, author=author, body="<p>You fool</p>")
    feed_services.report_create(reporter=reader, comment=comment, reason="Insult")
    client = client_for(manager)
    body = client.get("/inbox/").content.decode()
    assert "You fool" in body and "Insult" in body
    response = client.post(
        "/inbox/decide/",
        {"item": f"comment_report:{comment.pk}", "action": "hide", "reason": "Be kind"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_at is not None
    assert Report.objects.get().status == Report.Status.HIDDEN
    note = Notification.objects.get(recipient=author)
    assert "Be kind" in note.text
    entry = ModelLogEntry.objects.get(action="moderation.decide")
    assert entry.user == manager and entry.data["reason"] == "Be kind"
    assert entry.data["action"] == "hide"
    page = client_for(reader).get(post.get_absolute_url()).content.decode()
    assert "You fool" not in page
    assert "Be kind" in client.get("/inbox/").content.decode()  # the audit log


def test_deciding_twice_gives_a_clear_message_and_changes_nothing(manager):
    post = PostFactory(audience="community")
    _report_post(post)
    other = make_member("manager")
    key = f"post_report:{post.pk}"
    first = client_for(other).post("/inbox/decide/", {"item": key, "action": "dismiss"})
    assert first.status_code == 302
    again = client_for(manager).post(
        "/inbox/decide/", {"item": key, "action": "hide", "reason": "Spam"}
    )
    assert again.status_code == 409
    assert "already decided" in again.content.decode()
    post.refresh_from_db()
    assert post.hidden_at is None
    assert Report.objects.get().status == Report.Status.DISMISSED
    assert ModelLogEntry.objects.filter(action="moderation.decide").count() == 1


def test_declining_a_proposal_needs_a_reason(manager):
    proposal = ProposalFactory()
    response = client_for(manager).post(
        "/inbox/decide/",
        {"item": f"purpose_proposal:{proposal.pk}", "action": "decline"},
    )
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == "open"


def test_bulk_approves_several_claims(manager):
    claims = [
        profile_services.role_claim_create(
            profile=make_member().profile, role=RoleFactory()
        )
        for _ in range(3)
    ]
    response = client_for(manager).post(
        "/inbox/decide/",
        {"items": [f"role_claim:{c.pk}" for c in claims[:2]], "action": "approve"},
    )
    assert response.status_code == 302
    statuses = sorted(RoleClaim.objects.values_list("status", flat=True))
    assert statuses == ["approved", "approved", "pending"]


def test_hosts_see_only_their_networks_join_requests(manager):
    host, other_host = make_member("external"), make_member("employee")
    mine = NetworkFactory(name="Mine", join_policy="approval")
    theirs = NetworkFactory(name="Theirs", join_policy="approval")
    hostless = NetworkFactory(name="Hostless", join_policy="approval")
    add_network_member(mine, host, host=True)
    add_network_member(theirs, other_host, host=True)
    asks = {
        n.name: add_network_member(n, make_member("external"), status="pending")
        for n in (mine, theirs, hostless)
    }
    host_client = client_for(host)
    body = host_client.get("/inbox/").content.decode()
    assert "Mine" in body and "Theirs" not in body and "Hostless" not in body
    manager_body = client_for(manager).get("/inbox/").content.decode()
    assert "Hostless" in manager_body and "Mine" not in manager_body
    refused = host_client.post(
        "/inbox/decide/",
        {"item": f"network_join:{asks['Theirs'].pk}", "action": "approve"},
    )
    assert refused.status_code == 409
    assert asks["Theirs"].__class__.objects.get(pk=asks["Theirs"].pk).status == (
        "pending"
    )
    let_in = host_client.post(
        "/inbox/decide/",
        {"item": f"network_join:{asks['Mine'].pk}", "action": "approve"},
    )
    assert let_in.status_code == 302
    assert NetworkMembership.objects.get(pk=asks["Mine"].pk).status == "active"
    assert host_client.get("/admin/inbox/").status_code == 302  # no admin access


def test_three_members_reporting_hides_a_post_before_any_manager_acts(manager):
    author = make_member("employee")
    post = PostFactory(author=author, audience="community", body="<p>Buy now</p>")
    first = make_member("external")
    _report_post(post)
    feed_services.report_create(reporter=first, post=post, reason="Spam")
    feed_services.report_create(reporter=first, post=post, reason="Spam again")
    post.refresh_from_db()
    assert post.hidden_at is None  # two distinct members so far
    _report_post(post)
    post.refresh_from_db()
    assert post.hidden_at is not None
    assert not Post.objects.visible_to(make_member("external")).filter(pk=post.pk)
    note = Notification.objects.get(recipient=author)
    assert "appeal" in note.text
    client = client_for(manager)
    body = client.get("/inbox/").content.decode()
    assert "Hidden until reviewed" in body and "Restore" in body
    client.post(
        "/inbox/decide/", {"item": f"post_report:{post.pk}", "action": "restore"}
    )
    post.refresh_from_db()
    assert post.hidden_at is None
    assert set(Report.objects.values_list("status", flat=True)) == {"dismissed"}


def test_threshold_hides_a_comment_too(settings):
    settings.KOERS_REPORT_HIDE_THRESHOLD = 2
    comment = CommentFactory()
    for _ in range(2):
        feed_services.report_create(
            reporter=make_member("employee"), comment=comment, reason="Rude"
        )
    assert Comment.objects.get(pk=comment.pk).hidden_at is not None


def test_dashboard_and_menu_show_the_waiting_count(manager, home_page):
    _report_post(PostFactory(audience="public"))
    profile_services.role_claim_create(
        profile=make_member().profile, role=RoleFactory()
    )
    body = client_for(manager).get("/admin/").content.decode()
    assert 'data-inbox-total="2"' in body
    assert "Inbox (2)" in body
    admin_menu = client_for(make_member("admin")).get("/admin/").content.decode()
    assert '"label": "Page reports"' in admin_menu
    assert '"label": "Reports"' not in admin_menu
