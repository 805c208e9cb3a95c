"""Issue 21: three members of a circle in three Chromium contexts follow one
intervision session live. The facilitator moves the phases, each member sees the
phase change and the others' contributions without reloading; a member whose
socket drops mid-session sees what they missed when it comes back; an outsider
gets 404 on every URL of the session and nothing over the socket."""

import time

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.factories import make_circle, make_member, make_session
from tests.feed.servers import daphne

pytestmark = pytest.mark.django_db(transaction=True)

CASE_TEXT = "Mevrouw Jansen wilde haar zorgplan niet tekenen"

# Keep the page's feed socket from coming back until released (its reconnect loop
# sees a refused connection each time), so events happen while it is away.
HOLD_SOCKET = """() => {
  var Real = window.WebSocket;
  window.__hold = true;
  window.WebSocket = function (url) {
    if (!window.__hold) return new Real(url);
    var fake = new EventTarget();
    fake.readyState = 3;
    fake.send = function () {};
    setTimeout(function () {
      fake.dispatchEvent(new CloseEvent("close", { code: 1006 }));
    }, 0);
    return fake;
  };
  window.WebSocket.OPEN = 1;
  window.koersFeed.socket.close();
}"""


def _signed_in_page(new_page, base, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    return page


def _wait(page, script, message, timeout=20):
    # Polled with evaluate(): wait_for_function() eval's its predicate, which the
    # Content-Security-Policy refuses.
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, message
        page.wait_for_timeout(100)


def _open_session(page, url):
    page.goto(url)
    _mark(page)


def _step(page):
    return page.locator("[data-phase-step][aria-current=step]")


def _contribute(page, text):
    """Add a contribution (a plain form: the author's own page reloads)."""
    page.fill("#id_body", text)
    page.locator("#contribute").click()
    expect(page.locator(".contribution", has_text=text)).to_be_visible()
    _mark(page)


def _move(page, to):
    """The facilitator moves on (a plain form: their own page reloads)."""
    page.locator("#move-phase").click()
    expect(_step(page)).to_have_text(to)
    _mark(page)


def _mark(page):
    # Whatever this page shows from here on came over the socket, not a reload.
    expect(page.locator("[data-intervision-session]")).to_have_attribute(
        "data-live", "on", timeout=20_000
    )
    page.evaluate("window.__notReloaded = true")


def test_three_members_follow_a_session_live_and_an_outsider_sees_nothing(new_page):
    facilitator = make_member("employee")
    holder = make_member("external")
    member = make_member("employee")
    outsider = make_member("manager")
    circle = make_circle([facilitator, holder, member], name="Kring Wijkzorg")
    session = make_session(
        circle, facilitator=facilitator, case_holder=holder, case_text=CASE_TEXT
    )
    url_path = f"/circles/sessions/{session.pk}/"
    with daphne(log_name="browser-intervision") as base:
        url = base + url_path
        f_page = _signed_in_page(new_page, base, facilitator)
        h_page = _signed_in_page(new_page, base, holder)
        m_page = _signed_in_page(new_page, base, member)
        for page in (f_page, h_page, m_page):
            _open_session(page, url)
            expect(_step(page)).to_have_text("Not started")

        # The outsider: 404 on every URL, and a subscription that yields nothing.
        o_page = _signed_in_page(new_page, base, outsider)
        for path in (
            url_path,
            f"{url_path}publish/",
            f"{url_path}move/",
            f"{url_path}contribute/",
            f"/circles/{circle.pk}/",
            f"/circles/{circle.pk}/sessions/new/",
            f"/circles/{circle.pk}/leave/",
        ):
            assert o_page.goto(base + path).status == 404, path
        o_page.goto(f"{base}/feed/")
        _wait(
            o_page,
            "!!(window.koersFeed && window.koersFeed.socket"
            " && window.koersFeed.socket.readyState === 1)",
            "the outsider's socket did not open",
        )
        token = o_page.locator("input[name=csrfmiddlewaretoken]").first.input_value()
        for path, data in (
            (f"{url_path}move/", {"from_phase": "scheduled", "to_phase": "case"}),
            (f"{url_path}contribute/", {"phase": "scheduled", "body": "Hallo"}),
        ):
            response = o_page.request.post(
                base + path,
                form={**data, "csrfmiddlewaretoken": token},
                headers={"Referer": f"{base}/feed/"},
            )
            assert response.status == 404, path
        o_page.evaluate(
            """(key) => {
              window.__frames = [];
              window.koersFeed.socket.addEventListener("message", function (m) {
                window.__frames.push(m.data);
              });
              window.koersFeed.socket.send(JSON.stringify(
                {type: "subscribe", topic: "intervision.session", key: key, cursor: 0}));
            }""",
            session.pk,
        )

        # Phase 1: the facilitator starts; the others see it without reloading.
        _move(f_page, "The case")
        for page in (h_page, m_page):
            expect(_step(page)).to_have_text("The case")
            expect(page.locator("[data-current-phase]")).to_have_text("The case")
        # Only the case holder writes in this phase.
        expect(m_page.locator("[data-contribution-form]")).to_be_hidden()
        expect(h_page.locator("[data-contribution-form]")).to_be_visible()
        _contribute(h_page, "Het gesprek liep vast bij de handtekening.")
        for page in (f_page, m_page):
            expect(page.locator("[data-contributions-for=case]")).to_contain_text(
                "Het gesprek liep vast bij de handtekening."
            )

        # Questions: everyone writes; the member's form appears live.
        _move(f_page, "Clarifying questions")
        expect(m_page.locator("[data-contribution-form]")).to_be_visible()
        _contribute(m_page, "Wat zei mevrouw precies?")
        for page in (f_page, h_page):
            expect(page.locator("[data-contributions-for=questions]")).to_contain_text(
                "Wat zei mevrouw precies?"
            )

        # The member's socket drops; meanwhile the session moves on.
        m_page.evaluate(HOLD_SOCKET)
        _move(f_page, "Analysis")
        expect(_step(h_page)).to_have_text("Analysis")
        _contribute(h_page, "Ik merk dat ik haast had.")
        expect(f_page.locator("[data-contributions-for=analysis]")).to_contain_text(
            "Ik merk dat ik haast had."
        )
        expect(_step(m_page)).to_have_text("Clarifying questions")
        m_page.evaluate("window.__hold = false")
        # Back: the replay brings the phase and the contribution it missed.
        expect(_step(m_page)).to_have_text("Analysis", timeout=30_000)
        expect(m_page.locator("[data-contributions-for=analysis]")).to_contain_text(
            "Ik merk dat ik haast had."
        )
        assert m_page.locator("[data-contributions-for=analysis] li").count() == 1

        for page in (h_page, m_page, f_page):
            assert page.evaluate("window.__notReloaded") is True

        frames = o_page.evaluate("window.__frames")
        assert any('"unsubscribed"' in f for f in frames)
        leaked = [
            f
            for f in frames
            if "intervision_" in f
            or "haast" in f
            or "Jansen" in f
            or "precies" in f
            or "handtekening" in f
        ]
        assert leaked == []
