"""base.html's stylesheets, menu and footer: rendered once per language, membership
kind and section (intranet/chrome.py), never per request; each request's CSRF token
and `next` path filled in, escaped."""

import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client, override_settings
from django.utils import translation

from intranet import chrome
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db

PAGE = "/accessibility/"


@pytest.fixture(autouse=True)
def fresh_chrome():
    for fragment in chrome.FRAGMENTS:
        fragment.forget()
    yield


def renders():
    return {f.template_name: f.renders for f in chrome.FRAGMENTS}


def test_menu_and_footer_are_built_once_for_many_requests_and_viewers():
    viewers = [None, None, make_member("employee"), make_member("employee")]
    for viewer in viewers:
        assert client_for(viewer).get(PAGE).status_code == 200
    before = renders()
    for viewer in viewers:
        client_for(viewer).get(PAGE)
    assert renders() == before  # nothing rendered again
    # Once per language for the head and footer; the menu once per membership kind.
    assert before == {
        "includes/site_head.html": 1,
        "includes/site_menu.html": 2,  # visitor, employee
        "includes/site_footer.html": 1,
    }


def test_menu_marks_the_section_of_the_page():
    html = Client().get("/search/").content.decode()
    assert re.search(r'<a href="/search/" aria-current="page">', html)
    assert 'href="/feed/" aria-current' not in html
    other = Client().get(PAGE).content.decode()
    assert "aria-current" not in other.split('id="site-nav"')[1].split("</nav>")[0]


def test_each_language_has_its_own_menu_and_footer():
    with translation.override("nl"):
        dutch = chrome.menu(kind="visitor", section="") + chrome.footer(
            csrf_token="", next_path="/"
        )
    english = chrome.menu(kind="visitor", section="") + chrome.footer(
        csrf_token="", next_path="/"
    )
    assert "Zoeken" in dutch and "Zoeken" not in english
    assert 'value="nl" selected' in dutch and 'value="en" selected' in english


def test_footer_carries_this_requests_csrf_token():
    tokens = []
    for _ in range(2):
        client = Client()
        html = client.get(PAGE).content.decode()
        footer = html.split('class="language-switcher"')[1].split("</form>")[0]
        token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', footer)[1]
        assert _unmask_cipher_token(token) == client.cookies["csrftoken"].value
        tokens.append(token)
    assert tokens[0] != tokens[1]


def test_next_path_is_escaped_in_the_footer():
    html = Client().get(PAGE, {"a": "1", "b": "2"}).content.decode()
    assert 'name="next" type="hidden" value="/accessibility/?a=1&amp;b=2"' in html
    footer = chrome.footer(csrf_token="", next_path='/x/?q="><script>alert(1)')
    assert "<script>alert(1)" not in footer
    assert 'value="/x/?q=&quot;&gt;&lt;script&gt;alert(1)"' in footer


def test_a_settings_change_forgets_the_fragments():
    chrome.footer(csrf_token="", next_path="/")
    with override_settings(LANGUAGES=[("en", "English")]):
        footer = chrome.footer(csrf_token="", next_path="/")
    assert "Nederlands" not in footer
    assert "Nederlands" in chrome.footer(csrf_token="", next_path="/")
