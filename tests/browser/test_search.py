"""The header search box: typing suggests people and competences, Enter on a
suggestion opens it, and the results page shows highlighted hits and facets."""

import pytest

from tests.browser.conftest import login
from tests.factories.accounts import PASSWORD
from tests.search.conftest import person, post

pytestmark = pytest.mark.django_db(transaction=True)


def test_header_autocomplete_and_results_page(live_server, new_page, home_page):
    anna = person(
        "Anna de Vries", headline="Solar engineer", competences=["Solar power"]
    )
    person("Verborgen Vera", public=False, headline="Solar too")
    post(anna.user, "<p>Solar roof is live</p>", audience="public", kind="result")

    # A visitor: the hidden profile is never suggested.
    page = new_page()
    page.goto(f"{live_server.url}/")
    box = page.locator("input[data-search-autocomplete]")
    box.fill("ver")
    page.wait_for_timeout(600)
    assert not page.get_by_role("option").filter(has_text="Verborgen").count()

    box.fill("sol")
    suggestions = page.get_by_role("listbox")
    suggestions.get_by_role("option", name="Solar power").wait_for()
    assert box.get_attribute("aria-expanded") == "true"

    # A member sees people and competences, walks them with the keyboard.
    page = new_page()
    login(page, live_server.url, anna.user.email, PASSWORD)
    box = page.locator("input[data-search-autocomplete]")
    box.fill("anna")
    page.get_by_role("option", name="Anna de Vries").wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(f"**/people/{anna.user.username}/")

    # Submitting the box opens the results page with marks and facets.
    box = page.locator("input[data-search-autocomplete]")
    box.fill("solar")
    box.press("Enter")
    page.wait_for_url(lambda url: "/search/" in url and "q=solar" in url)
    assert page.locator(".search-hit mark").first.inner_text().lower() == "solar"
    assert page.get_by_role("link", name="Solar power").count() >= 1
    page.get_by_role("link", name="People 2").click()
    page.wait_for_url(lambda url: "kind=person" in url)
    titles = page.locator(".search-hit__title").all_inner_texts()
    assert titles == ["Anna de Vries", "Verborgen Vera"]
