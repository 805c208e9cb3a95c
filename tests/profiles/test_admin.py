"""Curation in the Wagtail admin: claims queue, competence merge, dashboard panel."""

import pytest
from django.core import mail

from profiles import services
from profiles.models import Competence, ProfileCompetence, RoleClaim
from tests.conftest import client_for
from tests.factories import CompetenceFactory, RoleFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client():
    return client_for(make_member("manager"))


def test_dashboard_shows_pending_claims_count(manager_client):
    for _ in range(2):
        services.role_claim_create(profile=make_member().profile, role=RoleFactory())
    body = manager_client.get("/admin/").content.decode()
    assert "Role claims: 2" in body  # the inbox panel


def test_claims_queue_lists_claims_with_decide_actions(manager_client):
    claim = services.role_claim_create(
        profile=make_member().profile, role=RoleFactory(name="Scout", slug="scout")
    )
    body = manager_client.get("/admin/snippets/profiles/roleclaim/").content.decode()
    assert "Scout" in body
    assert f"/admin/people/claims/{claim.pk}/approve/" in body


def test_manager_approves_claim_in_admin_and_member_is_emailed(
    manager_client, django_capture_on_commit_callbacks
):
    member = make_member()
    claim = services.role_claim_create(
        profile=member.profile, role=RoleFactory(name="Scout", slug="scout")
    )
    url = f"/admin/people/claims/{claim.pk}/approve/"
    assert manager_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, {"reason": "Welcome!"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == RoleClaim.Status.APPROVED
    assert member.profile.role_assignments.filter(role__slug="scout").exists()
    assert mail.outbox[0].to == [member.email]
    assert "approved" in mail.outbox[0].subject
    # deciding twice is refused with a message, not an error
    response = manager_client.post(url, {}, follow=True)
    assert "already been decided" in response.content.decode()


def test_manager_declines_claim_in_admin(manager_client):
    claim = services.role_claim_create(
        profile=make_member().profile, role=RoleFactory()
    )
    manager_client.post(f"/admin/people/claims/{claim.pk}/decline/", {"reason": "No"})
    claim.refresh_from_db()
    assert claim.status == RoleClaim.Status.DECLINED and claim.reason == "No"


def test_employee_cannot_decide_claims():
    claim = services.role_claim_create(
        profile=make_member().profile, role=RoleFactory()
    )
    response = client_for(make_member("employee")).post(
        f"/admin/people/claims/{claim.pk}/approve/"
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == RoleClaim.Status.PENDING


def test_manager_merges_duplicate_competences_in_admin(manager_client):
    upper = CompetenceFactory(name="Python", slug="python")
    lower = CompetenceFactory(name="python3", slug="python3")
    member, fan = make_member(), make_member()
    link = ProfileCompetence.objects.create(content_object=member.profile, tag=lower)
    services.endorsement_create(endorser=fan, profile_competence=link)
    url = f"/admin/people/competences/{lower.pk}/merge/"
    assert "Merge into" in manager_client.get(url).content.decode()
    response = manager_client.post(url, {"target": upper.pk})
    assert response.status_code == 302
    assert not Competence.objects.filter(pk=lower.pk).exists()
    link.refresh_from_db()
    assert link.tag_id == upper.pk and link.endorsements.count() == 1
    # merging into itself is not offered
    response = manager_client.post(
        f"/admin/people/competences/{upper.pk}/merge/", {"target": upper.pk}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_assignment_form_uses_a_searchable_profile_chooser(manager_client):
    member = make_member()
    Profile = member.profile.__class__
    Profile.objects.filter(user=member).update(display_name="Zora Zoekbaar")
    form = manager_client.get("/admin/snippets/profiles/roleassignment/add/")
    assert form.status_code == 200
    assert "Zora Zoekbaar" not in form.content.decode()  # no drop-down of everyone
    chooser = manager_client.get(
        "/admin/snippets/choose/profiles/profile/", {"q": "Zoekbaar"}
    )
    assert chooser.status_code == 200
    assert "Zora Zoekbaar" in chooser.json()["html"]


def test_manager_assigns_a_role_in_admin(manager_client):
    member, role = make_member(), RoleFactory(name="Scout", slug="scout")
    response = manager_client.post(
        "/admin/snippets/profiles/roleassignment/add/",
        {
            "profile": member.profile.pk,
            "role": role.pk,
            "context_label": "Heat roadmap",
            "context_url": "",
            "audience": "public",
            "since": "2026-01-01",
            "until": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = member.profile.role_assignments.get()
    assert assignment.context_label == "Heat roadmap"
    assert assignment.assigned_by is not None


def test_competence_list_shows_how_many_declared_it(manager_client):
    services.profile_competence_set(profile=make_member().profile, name="Python")
    body = manager_client.get("/admin/snippets/profiles/competence/").content.decode()
    assert "Declared by" in body
