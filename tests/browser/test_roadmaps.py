"""A visitor reads a public roadmap: the board, an item with its result, its actions."""

import re

import pytest

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


def test_visitor_reads_roadmap_board_and_item_with_its_result(
    live_server, new_page, public_roadmap_with_result
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
    # Vote and Volunteer are there for visitors too: they sign up after pressing
    # them (tests/browser/test_contribute_first.py follows that to the end).
    assert page.get_by_role("button", name="Vote", exact=True).is_visible()
    assert page.get_by_role("button", name="Volunteer").is_visible()


def test_board_is_readable_on_a_phone(
    live_server, new_page, public_roadmap_with_result
):
    roadmap, item, done = public_roadmap_with_result
    page = new_page(viewport={"width": 390, "height": 844})
    page.goto(f"{live_server.url}{roadmap.url}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the board must not scroll sideways on a phone"
    assert page.get_by_role("link", name=done.title).is_visible()
