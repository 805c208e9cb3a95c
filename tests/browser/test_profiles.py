"""A member fills in their profile and adds a competence through the autocomplete; a
second member endorses it; a visitor sees the public profile without the staff phone."""

import pytest
from playwright.sync_api import expect

from profiles import services
from profiles.models import Endorsement, Profile
from tests.browser.conftest import login
from tests.factories import CompetenceFactory, RoleFactory, make_member
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "+31 6 1111 2222"


def test_edit_profile_add_competence_endorse_and_visitor_sees_public_profile(
    live_server, new_page, home_page
):
    CompetenceFactory(name="Python", slug="python")
    owner = make_member("employee")
    fan = make_member("external")
    Profile.objects.filter(user=fan).update(display_name="Femke Fan")
    services.role_assignment_create(
        profile=Profile.objects.get(user=owner),
        role=RoleFactory(name="Energy ambassador", slug="energy-ambassador"),
        context_label="Utrecht Oost",
    )

    # 1. The owner edits their profile and adds a competence via the autocomplete.
    page = new_page()
    login(page, live_server.url, owner.email, PASSWORD)
    page.goto(f"{live_server.url}/people/me/edit/")
    page.get_by_label("Headline").fill("Heat pump whisperer")
    page.get_by_label("Public profile").check()
    page.get_by_label("Phone", exact=True).fill(PHONE)
    assert page.get_by_label("Who sees your phone number").input_value() == "staff"
    page.get_by_role("button", name="Save profile").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your profile was saved.").is_visible()

    page.get_by_label("Competence", exact=True).press_sequentially("pyt", delay=40)
    page.get_by_role("option", name="Python").click()
    assert page.get_by_label("Competence", exact=True).input_value() == "Python"
    page.get_by_label("Level").select_option("expert")
    page.get_by_role("button", name="Add competence").click()
    page.wait_for_load_state()
    assert page.get_by_text("Python is on your profile (Expert).").is_visible()

    # 2. A second member endorses it.
    other = new_page()
    login(other, live_server.url, fan.email, PASSWORD)
    other.goto(f"{live_server.url}/people/{owner.username}/")
    other.get_by_role("button", name="Endorse Python").click()
    # In place: the competence updates without a page load.
    expect(other.get_by_text("1 endorsement", exact=True)).to_be_visible()
    expect(other.get_by_role("button", name="Endorsed ✓")).to_be_focused()
    assert other.locator(".competence__endorsers").get_by_text("Femke Fan").is_visible()
    assert Endorsement.objects.filter(endorser=fan).count() == 1

    # 3. A visitor sees roles and competences, but not the staff-only phone.
    visitor = new_page()
    visitor.goto(f"{live_server.url}/people/{owner.username}/")
    assert visitor.get_by_role("heading", level=1).is_visible()
    assert visitor.get_by_text("Heat pump whisperer").is_visible()
    assert visitor.get_by_text("Energy ambassador").is_visible()
    assert visitor.get_by_role("link", name="Python").is_visible()
    html = visitor.content()
    assert PHONE not in html and "1111 2222" not in html
    # while a colleague (staff) does see it
    page.goto(f"{live_server.url}/people/{owner.username}/")
    assert page.get_by_text(PHONE).is_visible()
