"""A staff-only field never reaches visitors or external members: HTML, JSON, search."""

import json

import pytest

from profiles import services
from profiles.models import Profile
from tests.conftest import client_for
from tests.factories import RoleFactory, make_member

pytestmark = pytest.mark.django_db

PHONE = "+31 6 5555 0199"


@pytest.fixture
def staff_phone_owner():
    owner = make_member("employee")
    Profile.objects.filter(user=owner).update(
        display_name="Petra Phone",
        headline="Energy coach",
        public_profile=True,
        phone=PHONE,
        phone_audience="staff",
        location="Utrecht",
        location_audience="private",
        bio="<p>Public bio</p>",
        bio_audience="public",
    )
    services.profile_competence_set(profile=owner.profile, name="Coaching")
    services.role_assignment_create(
        profile=owner.profile, role=RoleFactory(name="Coach", slug="coach")
    )
    return owner


@pytest.mark.parametrize("persona", ["visitor", "external"])
def test_staff_phone_is_absent_from_profile_html(staff_phone_owner, persona):
    viewer = None if persona == "visitor" else make_member("external")
    body = client_for(viewer).get(f"/people/{staff_phone_owner.username}/").content
    body = body.decode()
    assert "Petra Phone" in body and "Coaching" in body and "Coach" in body
    assert "Public bio" in body
    assert PHONE not in body and "5555" not in body
    assert "Utrecht" not in body  # private: owner and managers only


@pytest.mark.parametrize(
    ("persona", "sees_phone", "sees_location"),
    [("employee", True, False), ("manager", True, True)],
)
def test_staff_and_managers_see_what_their_audience_allows(
    staff_phone_owner, persona, sees_phone, sees_location
):
    body = client_for(make_member(persona)).get(
        f"/people/{staff_phone_owner.username}/"
    )
    body = body.content.decode()
    assert (PHONE in body) is sees_phone
    assert ("Utrecht" in body) is sees_location


def test_owner_sees_own_private_fields(staff_phone_owner):
    body = client_for(staff_phone_owner).get(f"/people/{staff_phone_owner.username}/")
    assert "Utrecht" in body.content.decode()


@pytest.mark.parametrize("persona", ["visitor", "external"])
def test_staff_phone_is_absent_from_directory_and_json(staff_phone_owner, persona):
    viewer = None if persona == "visitor" else make_member("external")
    client = client_for(viewer)
    for url in [
        "/people/",
        "/people/?q=Petra",
        "/people/competences/coaching/",
        "/people/competences/autocomplete/?q=coa",
        f"/people/{staff_phone_owner.username}/followers/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "5555" not in response.content.decode(), url


@pytest.mark.parametrize("persona", ["visitor", "external"])
def test_profile_data_for_json_leaves_out_staff_fields(staff_phone_owner, persona):
    from profiles.selectors import profile_data

    viewer = None if persona == "visitor" else make_member("external")
    from django.contrib.auth.models import AnonymousUser

    data = profile_data(
        profile=Profile.objects.get(user=staff_phone_owner),
        viewer=viewer or AnonymousUser(),
    )
    assert "phone" not in data and "location" not in data
    assert data["bio"] == "<p>Public bio</p>"
    assert "5555" not in json.dumps(data)


@pytest.mark.parametrize("persona", ["visitor", "external"])
def test_staff_phone_is_absent_from_search_results(staff_phone_owner, persona):
    viewer = None if persona == "visitor" else make_member("external")
    client = client_for(viewer)
    response = client.get("/search/", {"q": "Petra"})
    if response.status_code == 404:
        pytest.skip("the search page is not wired yet")
    assert response.status_code == 200
    assert "5555" not in response.content.decode()
    # searching for the number itself must not find its owner
    response = client.get("/search/", {"q": "5555"})
    assert f"/people/{staff_phone_owner.username}/" not in response.content.decode()


def test_export_is_only_for_the_owner_and_has_no_other_members_fields(
    staff_phone_owner,
):
    fan = make_member("external")
    services.follow_create(follower=fan, followed=staff_phone_owner)
    data = client_for(fan).get("/people/me/export/").content.decode()
    assert "5555" not in data and staff_phone_owner.username in data


def test_script_in_bio_or_context_link_never_reaches_the_page():
    owner = make_member()
    Profile.objects.filter(user=owner).update(
        bio="<p>hi</p><script>alert('x')</script>", bio_audience="public"
    )
    assignment = services.role_assignment_create(
        profile=Profile.objects.get(user=owner),
        role=RoleFactory(),
        context_label="Somewhere",
        context_url="javascript:alert(1)",
    )
    assert assignment.safe_context_url == ""
    body = client_for(make_member()).get(f"/people/{owner.username}/").content.decode()
    assert "alert(" not in body and "Somewhere" in body
