"""A visitor reads a public roadmap, signs up, then votes and volunteers."""

import re

import pytest

from roadmaps.models import Volunteer, Vote
from tests.factories import make_item, make_member, make_roadmap, make_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def public_roadmap_with_result(home_page):
    from feed.models import Post

    owner = make_member("employee")
    roadmap = make_roadmap("Zorg dichtbij", owner=owner)
    make_item(roadmap, "Beeldbellen", status="planned", lane="Digitaal")
    done = make_item(roadmap, "Wijkteam in het weekend", status="done", lane="Wijk")
    make_item(roadmap, "Oud plan", status="dropped")
    item = make_item(roadmap, "Online afspraken", status="in_progress", lane="Digitaal")
    make_role(item, "Tester", needed=2, description="Probeer het twee weken uit.")
    Post.objects.create(
        author=owner,
        kind=Post.Kind.RESULT,
        body="<p>Al 40 cliënten plannen zelf hun afspraak.</p>",
        audience="public",
        roadmap_item=item,
    )
    return roadmap, item, done


def test_visitor_reads_roadmap_then_signs_up_votes_and_volunteers(
    live_server, new_page, mailoutbox, public_roadmap_with_result
):
    roadmap, item, done = public_roadmap_with_result
    page = new_page()
    page.goto(f"{live_server.url}/roadmaps/")
    page.get_by_role("link", name=re.compile("Zorg dichtbij")).click()
    page.wait_for_url(f"**{roadmap.url}")

    # The board: a column per status, finished work stays visible.
    done_column = page.locator(".board__column--done")
    assert done_column.get_by_role("link", name=done.title).is_visible()
    assert page.locator(".board__column--in_progress").get_by_text(item.title).count()
    assert page.locator(".board__column--dropped").get_by_text("Oud plan").count()

    # The item with its result from the feed.
    page.get_by_role("link", name=item.title).click()
    page.wait_for_url(f"**{item.url}")
    assert page.get_by_text("Al 40 cliënten plannen zelf hun afspraak.").is_visible()
    assert page.get_by_role("link", name="Sign in to volunteer").is_visible()

    # Sign up as an external member, verifying the e-mail address.
    page.get_by_role("link", name="Join", exact=True).first.click()
    page.get_by_label("Email").fill("noor@customer.test")
    page.get_by_label("Your name").fill("Noor Bakker")
    page.get_by_label("Password", exact=True).fill("Purposeful-Work-2026")
    page.get_by_label("Password (again)").fill("Purposeful-Work-2026")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body
    ).group(1)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()

    # Vote, then volunteer for the open role.
    page.goto(f"{live_server.url}{item.url}")
    page.get_by_role("button", name="Vote", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text("Thank you for your vote.").is_visible()
    assert page.get_by_role("button", name="Withdraw my vote").is_visible()
    page.get_by_label(re.compile("A short message")).fill("Ik plan al jaren online.")
    page.get_by_role("button", name="Volunteer").click()
    page.wait_for_load_state()
    assert page.get_by_text("Thank you for offering to help as Tester").is_visible()
    assert page.get_by_text(re.compile("You volunteered: Waiting")).is_visible()

    assert Vote.objects.filter(item=item, user__email="noor@customer.test").count() == 1
    volunteer = Volunteer.objects.get(user__email="noor@customer.test")
    assert volunteer.message == "Ik plan al jaren online."


def test_board_is_readable_on_a_phone(
    live_server, new_page, public_roadmap_with_result
):
    roadmap, item, done = public_roadmap_with_result
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}{roadmap.url}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the board must not scroll sideways on a phone"
    assert page.get_by_role("link", name=done.title).is_visible()
