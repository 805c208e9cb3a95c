"""Contribute first, sign up after, on a 390 px phone: a visitor votes, offers to help or
proposes an idea, signs up in place, opens the link from the captured mail and is back
where they were with the contribution counted, with no other click; a visitor with an
account signs in instead."""

import re

import pytest
from playwright.sync_api import expect

from roadmaps.models import IdeaProposal, Volunteer, Vote
from tests.factories import make_item, make_member, make_roadmap, make_role

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PASSWORD = "Purposeful-Work-2026"


@pytest.fixture
def world(home_page):
    roadmap = make_roadmap("Zorg dichtbij", owner=make_member("employee"))
    item = make_item(roadmap, "Online afspraken", status="in_progress")
    role = make_role(item, "Tester", needed=2)
    member = make_member("external", email="lotte@customer.test", first_name="Lotte")
    member.set_password(PASSWORD)
    member.save()
    return {"roadmap": roadmap, "item": item, "role": role, "member": member}


def _to_item(page, base, world):
    """Home → Roadmaps → the roadmap → the item, by the links a visitor sees."""
    page.goto(f"{base}/")
    page.get_by_role("link", name="See what we are working on").click()
    page.get_by_role("link", name=re.compile("Zorg dichtbij")).click()
    page.get_by_role("link", name="Online afspraken").click()
    page.wait_for_url(f"**{world['item'].url}")


def _vote(page, base, world):
    _to_item(page, base, world)
    page.get_by_role("button", name="Vote", exact=True).click()


def _volunteer(page, base, world):
    _to_item(page, base, world)
    page.get_by_label(re.compile("A short message")).fill("Ik plan al jaren online.")
    page.get_by_role("button", name="Volunteer").click()


def _idea(page, base, world):
    _to_item(page, base, world)
    page.get_by_role("link", name="Zorg dichtbij").click()
    page.get_by_role("link", name="Ideas").click()
    page.get_by_label("Your idea in one line").fill("Afspraken via WhatsApp")
    page.get_by_role("button", name="Send idea").click()


JOURNEYS = {
    "vote": (
        _vote,
        lambda w, user: Vote.objects.filter(item=w["item"], user=user).count() == 1,
        lambda w: w["item"].url,
        "Your vote counts",
    ),
    "volunteer": (
        _volunteer,
        lambda w, user: (
            Volunteer.objects.filter(role=w["role"], user=user).count() == 1
        ),
        lambda w: w["item"].url,
        "Thank you for offering to help as Tester",
    ),
    "idea": (
        _idea,
        lambda w, user: IdeaProposal.objects.filter(author=user).count() == 1,
        lambda w: w["roadmap"].url + "ideas/",
        "Your idea is waiting for a community manager",
    ),
}


@pytest.mark.parametrize("journey", ["vote", "volunteer", "idea", "sign in instead"])
def test_visitor_contributes_then_signs_up_and_is_back_with_it_counted(
    journey, live_server, new_page, mailoutbox, world
):
    base = live_server.url
    page = new_page(viewport=PHONE)
    if journey == "sign in instead":
        _vote(page, base, world)
        page.get_by_role("link", name="Sign in instead").click()
        page.get_by_label("Email").fill("lotte@customer.test")
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"**{world['item'].url}")
        assert page.get_by_text("Your vote counts").is_visible()
        assert page.get_by_role("button", name="Withdraw my vote").is_visible()
        assert Vote.objects.filter(item=world["item"], user=world["member"]).count()
        # In place from here on: no navigation (the marker survives), the status is
        # announced in the live region.
        page.evaluate("window.koersMarker = 1")
        page.get_by_role("button", name="Withdraw my vote").click()
        expect(page.locator("#messages")).to_contain_text("Your vote is withdrawn.")
        expect(page.get_by_role("button", name="Vote", exact=True)).to_be_visible()
        assert page.evaluate("window.koersMarker") == 1
        assert not Vote.objects.filter(item=world["item"]).exists()
        # A refused action (the role filled meanwhile) says why, and the page stays.
        for other in ("a@customer.test", "b@customer.test"):
            Volunteer.objects.create(
                role=world["role"],
                user=make_member("external", email=other),
                status=Volunteer.Decision.ACCEPTED,
            )
        page.get_by_role("button", name="Volunteer").click()
        expect(page.locator("#messages")).to_contain_text("already filled")
        assert page.evaluate("window.koersMarker") == 1
        return

    act, counted, lands_on, confirmation = JOURNEYS[journey]
    act(page, base, world)
    # The short sign-up: in place for the item's buttons, the sign-up page for an idea.
    page.get_by_label("Your name").fill("Noor Bakker")
    page.get_by_label("Email").fill("noor@customer.test")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")

    mail = mailoutbox[-1]
    assert "Noor" in mail.body
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.body)
    page.goto(f"{base}{link.group(1)}")
    page.wait_for_url(f"**{lands_on(world)}*")
    assert page.get_by_text(confirmation).is_visible()
    user = Vote._meta.apps.get_model("accounts", "User").objects.get(
        email="noor@customer.test"
    )
    assert counted(world, user)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{journey}: the page scrolls sideways ({width})"
