"""A role earned on a roadmap item carries the item's audience: a staff item's
title, link and role name never reach visitors or external members."""

import pytest

from profiles.models import Profile, RoleAssignment
from roadmaps.services import volunteer_create, volunteer_decide
from tests.conftest import client_for
from tests.factories import make_member, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_volunteer(staff_item, owner):
    """An employee with a public profile, accepted for a role on a staff item."""
    role = make_role(staff_item, "Roosterregisseur")
    person = make_member("employee", username="helper")
    Profile.objects.filter(user=person).update(public_profile=True)
    volunteer_decide(
        volunteer=volunteer_create(user=person, role=role), by=owner, accept=True
    )
    return person


def _seen_by(user, person):
    client = client_for(user)
    profile = client.get(f"/people/{person.username}/")
    api = client.get(f"/api/v1/people/{person.username}/")
    listing = client.get("/api/v1/people/")
    search = client.get("/search/?q=Roosterregisseur")
    directory = client.get("/people/")
    assert profile.status_code == 200
    return (
        profile.content.decode(),
        api.content.decode() + listing.content.decode(),
        search.content.decode(),
        directory.content.decode(),
    )


@pytest.mark.parametrize("persona", ["visitor", "external"])
def test_staff_item_volunteer_profile_shows_nothing_of_the_item(
    persona, staff_volunteer, staff_item
):
    assignment = RoleAssignment.objects.get(profile__user=staff_volunteer)
    assert assignment.audience == "staff"
    viewer = None if persona == "visitor" else make_member("external")
    page, api, search, directory = _seen_by(viewer, staff_volunteer)
    for text in (page, api, directory):
        assert "Nieuw rooster" not in text
        assert staff_item.url not in text
        assert "Roosterregisseur" not in text
    # the search box repeats the query; the person must not be a hit for it
    assert f"/people/{staff_volunteer.username}/" not in search


def test_staff_item_volunteer_role_shows_to_employees_and_the_holder(
    staff_volunteer, staff_item
):
    page, api, search, _directory = _seen_by(make_member("employee"), staff_volunteer)
    assert "Nieuw rooster" in page and "Roosterregisseur" in api
    assert f"/people/{staff_volunteer.username}/" in search
    own, _api, _s, _d = _seen_by(staff_volunteer, staff_volunteer)
    assert "Nieuw rooster" in own


def test_staff_role_does_not_filter_the_directory_for_outsiders(staff_volunteer):
    role = RoleAssignment.objects.get(profile__user=staff_volunteer).role
    assert not role.is_public
    for viewer in (None, make_member("external")):
        page = client_for(viewer).get(f"/people/?role={role.slug}").content.decode()
        assert f"/people/{staff_volunteer.username}/" not in page
    page = client_for(make_member("employee")).get(f"/people/?role={role.slug}")
    assert f"/people/{staff_volunteer.username}/" in page.content.decode()


def test_public_item_volunteer_role_stays_public(item, owner):
    person = make_member("external")
    Profile.objects.filter(user=person).update(public_profile=True)
    role = make_role(item, "Proeflezer")
    volunteer_decide(
        volunteer=volunteer_create(user=person, role=role), by=owner, accept=True
    )
    page = client_for(None).get(f"/people/{person.username}/").content.decode()
    assert "Proeflezer" in page and "Online afspraken" in page
