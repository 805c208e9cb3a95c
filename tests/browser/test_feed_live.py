"""Two members in two Chromium contexts: one posts a result and reacts, the other
sees both live on the open feed, without reloading."""

import time

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.factories import make_member
from tests.feed.servers import daphne

pytestmark = pytest.mark.django_db(transaction=True)


def _signed_in_page(new_page, base, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    return page


def _socket_open(page, timeout: float = 15):
    # Polled from here with evaluate(): wait_for_function() eval's its predicate in the
    # page, which the Content-Security-Policy (default-src 'self') rightly refuses.
    deadline = time.monotonic() + timeout
    while not page.evaluate(
        "!!(window.koersFeed && window.koersFeed.socket"
        " && window.koersFeed.socket.readyState === 1)"
    ):
        assert time.monotonic() < deadline, "the feed's socket did not open"
        page.wait_for_timeout(100)


def test_result_and_reaction_appear_live_in_another_members_feed(new_page):
    author = make_member("employee")
    reader = make_member("external")
    with daphne(log_name="browser-feed") as base:
        reader_page = _signed_in_page(new_page, base, reader)
        reader_page.goto(f"{base}/feed/")
        _socket_open(reader_page)
        reader_page.evaluate("window.__notReloaded = true")

        author_page = _signed_in_page(new_page, base, author)
        author_page.goto(f"{base}/feed/")
        author_page.locator("[data-composer] summary").click()
        author_page.select_option("#id_kind", "result")
        author_page.fill("#id_body", "We planted 40 trees in the park")
        author_page.fill("#id_figure", "+40 trees")
        author_page.select_option("#id_audience", "community")
        author_page.get_by_role("button", name="Post", exact=True).click()
        author_page.wait_for_url("**/feed/posts/*/")

        bar = reader_page.locator("[data-new-posts-bar]")
        bar.wait_for(state="visible")
        assert bar.inner_text() == "1 new post"
        bar.click()
        card = reader_page.locator(".post-card", has_text="We planted 40 trees")
        card.wait_for()
        assert "+40 trees" in card.inner_text()
        count = card.locator('[data-reaction-count="applause"]')
        assert count.inner_text() == "0"

        _socket_open(author_page)
        author_page.locator(".post-card button[title='Applause']").click()
        expect(count).to_have_text("1")
        assert reader_page.evaluate("window.__notReloaded") is True
