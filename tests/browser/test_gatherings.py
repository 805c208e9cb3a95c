"""A visitor signs up for a public gathering through contribute-first, gets the
confirmation mail with a valid .ics, the gathering fills, the next visitor lands on the
waiting list and moves up when the first cancels with the link from their mail."""

import re

import icalendar
import pytest
from playwright.sync_api import expect

from gatherings.models import Registration
from tests.browser.conftest import login
from tests.factories import make_gathering, make_member

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PASSWORD = "Purposeful-Work-2026"


def _path(pattern: str, body: str) -> str:
    found = re.search(r"https?://[^/\s]+(" + pattern + r")", body)
    assert found, f"no {pattern} link in: {body}"
    return found.group(1)


def _mails_to(mailoutbox, address):
    return [m for m in mailoutbox if m.to == [address]]


def _sign_up_as_visitor(page, base, gathering, *, name, email, button):
    page.goto(f"{base}/gatherings/")
    page.get_by_role("link", name=gathering.title).click()
    page.wait_for_url(f"**{gathering.get_absolute_url()}")
    page.get_by_role("button", name=button).click()
    form = page.locator("#contribute-signup")
    expect(form).to_be_visible()
    form.get_by_label("Your name").fill(name)
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password", exact=True).fill(PASSWORD)
    form.get_by_label("Password (again)").fill(PASSWORD)
    form.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")


def _confirm(page, base, mailoutbox, email, gathering):
    (verify,) = _mails_to(mailoutbox, email)
    page.goto(base + _path(r"/accounts/confirm-email/\S+/", verify.body))
    page.wait_for_url(f"**{gathering.get_absolute_url()}*")


def _ics(message) -> icalendar.Calendar:
    (attachment,) = message.attachments
    name, content, mimetype = attachment
    assert name == "gathering.ics"
    assert mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def test_visitor_signs_up_fills_it_next_waits_and_moves_up_on_cancel(
    live_server, new_page, mailoutbox, home_page
):
    base = live_server.url
    gathering = make_gathering(
        "Netwerkborrel De Koers",
        audience="public",
        capacity=1,
        organiser=make_member("employee"),
    )

    # The first visitor: a place, and the confirmation with a calendar file.
    first = new_page(viewport=PHONE)
    _sign_up_as_visitor(
        first,
        base,
        gathering,
        name="Noor Bakker",
        email="noor@customer.test",
        button="Sign up",
    )
    _confirm(first, base, mailoutbox, "noor@customer.test", gathering)
    expect(first.locator("#messages")).to_contain_text("You have a place")
    expect(first.locator("#gathering-signup")).to_contain_text("You have a place")
    confirmation = _mails_to(mailoutbox, "noor@customer.test")[-1]
    assert "You have a place" in confirmation.subject
    (event,) = _ics(confirmation).walk("VEVENT")
    assert str(event["summary"]) == "Netwerkborrel De Koers"
    assert event.decoded("dtstart") == gathering.starts_at
    assert str(event["location"]).startswith("Buurthuis De Linde")
    width = first.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width})"

    # It is full: the second visitor lands on the waiting list.
    second = new_page(viewport=PHONE)
    _sign_up_as_visitor(
        second,
        base,
        gathering,
        name="Sem de Vries",
        email="sem@customer.test",
        button="Join the waiting list",
    )
    _confirm(second, base, mailoutbox, "sem@customer.test", gathering)
    expect(second.locator("#messages")).to_contain_text("waiting list")
    expect(second.locator("#gathering-signup")).to_contain_text("Number 1 in line")
    waiting = _mails_to(mailoutbox, "sem@customer.test")[-1]
    assert "waiting list" in waiting.subject
    statuses = dict(Registration.objects.values_list("user__email", "status"))
    assert statuses == {
        "noor@customer.test": "confirmed",
        "sem@customer.test": "waiting",
    }

    # The first cancels with the one link in their mail; the second moves up.
    first.goto(base + _path(r"/gatherings/cancel/\S+/", confirmation.body))
    first.get_by_role("button", name="Yes, cancel my sign-up").click()
    expect(first.get_by_text("Your sign-up is cancelled.")).to_be_visible()
    moved = _mails_to(mailoutbox, "sem@customer.test")[-1]
    assert "A place opened up" in moved.subject
    (event,) = _ics(moved).walk("VEVENT")
    assert str(event["uid"]).startswith(f"gathering-{gathering.pk}@")
    second.reload()
    expect(second.locator("#gathering-signup")).to_contain_text("You have a place")
    statuses = dict(Registration.objects.values_list("user__email", "status"))
    assert statuses == {
        "noor@customer.test": "cancelled",
        "sem@customer.test": "confirmed",
    }


def test_member_signs_up_and_cancels_in_place(live_server, new_page, home_page):
    """Signed in, the buttons work in place: no navigation, the status is announced
    in the live region, focus stays on the button; a refusal says why."""
    base = live_server.url
    gathering = make_gathering("Mantelzorgcafé", audience="community", capacity=1)
    member = make_member("external", email="lotte@customer.test")
    member.set_password(PASSWORD)
    member.save()
    page = new_page(viewport=PHONE)
    login(page, base, "lotte@customer.test", PASSWORD)
    page.goto(base + gathering.get_absolute_url())
    page.evaluate("window.koersMarker = 1")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator("#messages")).to_contain_text("You have a place")
    button = page.get_by_role("button", name="Cancel my place")
    expect(button).to_be_focused()
    assert page.evaluate("window.koersMarker") == 1
    assert Registration.objects.get(user=member).status == "confirmed"
    # Meanwhile the organiser cancels the gathering: the refusal is announced.
    gathering.cancelled_at = gathering.starts_at
    gathering.save()
    button.click()
    expect(page.locator("#messages")).to_contain_text("cancelled already")
    assert page.evaluate("window.koersMarker") == 1
    assert Registration.objects.get(user=member).status == "confirmed"
