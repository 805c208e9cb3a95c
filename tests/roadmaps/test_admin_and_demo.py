"""Wagtail admin for roadmaps (queues, item editing) and the demo seeder."""

import pytest

from roadmaps.models import (
    IdeaProposal,
    ItemComment,
    Moderation,
    RoadmapItemPage,
    RoadmapPage,
    Status,
    Volunteer,
)
from roadmaps.services import comment_create, proposal_create, volunteer_create
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_item_edit_form_shows_open_roles_inline(item, role):
    admin = make_member("admin")
    response = client_for(admin).get(f"/admin/pages/{item.pk}/edit/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Open roles" in body and role.title in body


def test_roadmap_edit_form_renders(public_roadmap):
    admin = make_member("admin")
    response = client_for(admin).get(f"/admin/pages/{public_roadmap.pk}/edit/")
    assert response.status_code == 200
    assert "Lanes" in response.content.decode()


def test_manager_answers_waiting_volunteer_from_admin(role):
    manager = make_member("manager")
    volunteer = volunteer_create(user=make_member("external"), role=role)
    client = client_for(manager)
    listing = client.get("/admin/roadmaps/volunteers/")
    assert volunteer.user.profile.display_name in listing.content.decode()
    response = client.post(
        f"/admin/roadmaps/volunteers/{volunteer.pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Decision.ACCEPTED


def test_manager_moderates_and_converts_ideas_from_admin(public_roadmap, item):
    manager = make_member("manager")
    newcomer = make_member("external")
    idea = proposal_create(author=newcomer, roadmap=public_roadmap, title="Buurtkoffie")
    comment = comment_create(author=newcomer, item=item, body="Eerste reactie")
    client = client_for(manager)
    queue = client.get("/admin/roadmaps/moderation/").content.decode()
    assert "Buurtkoffie" in queue and "Eerste reactie" in queue
    client.post(f"/admin/roadmaps/moderation/idea/{idea.pk}/", {"decision": "publish"})
    client.post(
        f"/admin/roadmaps/moderation/comment/{comment.pk}/", {"decision": "reject"}
    )
    idea.refresh_from_db()
    comment.refresh_from_db()
    assert idea.state == IdeaProposal.State.OPEN
    assert comment.moderation == Moderation.REJECTED
    response = client.post(
        f"/admin/roadmaps/ideas/{idea.pk}/convert/", {"status": "planned"}
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.item.status == "planned"
    bad = client.post(f"/admin/roadmaps/ideas/{idea.pk}/convert/", {})
    assert bad.status_code == 302  # back to the queue with a message, not a 500


def test_employee_cannot_use_roadmap_admin_queues():
    response = client_for(make_member("employee")).get("/admin/roadmaps/moderation/")
    assert response.status_code == 302


def test_demo_seeds_every_audience_and_status_and_is_idempotent(home_page):
    from django.core.management import call_command

    from intranet.audience import page_audience

    call_command("seed_demo", "--size", "6", "--quiet")
    roadmaps = list(RoadmapPage.objects.all())
    assert {str(page_audience(r)) for r in roadmaps} == {"public", "community", "staff"}
    assert set(RoadmapItemPage.objects.values_list("status", flat=True)) == set(
        Status.values
    )
    assert Volunteer.objects.exists()
    assert ItemComment.objects.exists()
    counts = (RoadmapPage.objects.count(), RoadmapItemPage.objects.count())
    call_command("seed_demo", "--size", "6", "--quiet")
    assert (RoadmapPage.objects.count(), RoadmapItemPage.objects.count()) == counts
