"""The accessibility statement (issue 16): in Dutch and English, linked from every
page's footer, naming the standard, how Koers is tested, its known limits and a contact
route; and what it says about the tests stays true."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

KEYBOARD_TESTS = Path(settings.BASE_DIR) / "tests/browser/test_keyboard_and_layout.py"


@pytest.mark.parametrize(
    "language,title,link,sections",
    [
        (
            "nl",
            "Toegankelijkheidsverklaring",
            "Toegankelijkheid",
            ["Norm", "Bekende beperkingen", "Contact"],
        ),
        (
            "en",
            "Accessibility statement",
            "Accessibility",
            ["Standard", "How we test", "Known limitations", "Contact"],
        ),
    ],
)
def test_statement_in_both_languages_linked_from_the_footer(
    home_page, language, title, link, sections
):
    client = Client()
    client.cookies["django_language"] = language
    home = client.get("/").content.decode()
    footer = home[home.index("<footer") :]
    assert f'<a href="/accessibility/">{link}</a>' in footer
    page = client.get("/accessibility/").content.decode()
    assert f'<html lang="{language}"' in page
    assert f"<h1>{title}</h1>" in page
    for section in sections:
        assert re.search(rf"<h2 id=\"a11y-\w+\">{section}</h2>", page), section
    assert "WCAG" in page and "2.2" in page and "EN 301 549" in page
    assert re.search(r'<a href="mailto:[^"@]+@[^"]+">', page)


def test_the_keyboard_journeys_it_names_are_tested():
    """The statement names the keyboard journeys; each has its steps in the browser
    tests (a journey dropped from the tests must be dropped from the statement)."""
    statement = Client().get("/accessibility/").content.decode()
    tests = KEYBOARD_TESTS.read_text()
    journeys = {
        "sign up": "/accounts/signup/",
        "post": "Share a result",
        "comment": 'f["name"] == "Comment"',
        "react": "button.reaction[aria-pressed=true]",
        "vote": 'f["name"] == "Vote"',
        "volunteer": 'f["name"] == "Volunteer"',
        "filter the people directory": "people-q",
        "take the Purpose Index survey": "/purpose/index/",
        "switch language": "language-select",
    }
    for journey, step in journeys.items():
        assert journey in statement, journey
        assert step in tests, journey
    assert "400 % zoom" in statement and "400_percent_zoom" in tests
