"""A visitor signs up, follows the verification link from the captured e-mail and is signed in."""

import re

import pytest
from django.contrib.auth import get_user_model

from intranet.audience import membership_kind

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_then_verify_by_email_link_then_signed_in(
    live_server, new_page, mailoutbox, home_page
):
    page = new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Join", exact=True).click()
    assert page.url.endswith("/accounts/signup/?next=/")
    page.get_by_label("Email").fill("lotte@customer.test")
    page.get_by_label("Your name").fill("Lotte Visser")
    page.get_by_label("Password", exact=True).fill("Purposeful-Work-2026")
    page.get_by_label("Password (again)").fill("Purposeful-Work-2026")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert "verify" in page.content().lower()

    assert len(mailoutbox) == 1
    link = re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[0].body
    ).group(1)
    # Opening the link is the one step: the confirmation page sends itself.
    page.goto(f"{live_server.url}{link}")
    page.wait_for_url(f"{live_server.url}/")

    # Signed in: the account menu shows the member's name instead of "Sign in".
    assert page.get_by_text("Lotte", exact=True).first.is_visible()
    assert page.get_by_role("link", name="Sign in").count() == 0
    user = get_user_model().objects.get(email="lotte@customer.test")
    assert membership_kind(user) == "external"


def test_bad_sign_up_shows_the_reason_on_the_form(live_server, new_page, home_page):
    page = new_page()
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Email").fill("not-an-address")
    page.get_by_label("Your name").fill("X")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("short")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state()
    text = page.content()
    assert "valid email address" in text
    assert "too short" in text
