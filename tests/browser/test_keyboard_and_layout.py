"""Keyboard only: the main journeys (sign up, post a result, comment, react, vote, filter
the directory, switch language) with focus always visible and never under the sticky
header; the menu reachable at 320 px; a post card styled alike for visitors and members."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from feed.models import Comment, Post, Reaction
from intranet.audience import Audience
from tests.factories import PostFactory, make_member
from tests.permissions.roadmaps import _idea_url
from tests.test_permission_matrix import build_world

pytestmark = pytest.mark.django_db(transaction=True)

# Where focus is, whether it shows, and whether the sticky header covers it.
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  // Wagtail's user bar (managers) is Wagtail's own widget in a shadow root.
  if (el.tagName === "WAGTAIL-USERBAR") return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  const header = document.querySelector(".site-header");
  const sticky = header && getComputedStyle(header).position === "sticky";
  // Covered: the header, not the element, is what shows at the element's middle.
  const hit = document.elementFromPoint(rect.left + rect.width / 2,
                                        rect.top + Math.min(rect.height / 2, 8));
  const covered = sticky && !header.contains(el) && hit !== null &&
      header.contains(hit) && !el.contains(hit);
  const ring = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
      || style.boxShadow !== "none";
  const name = (el.getAttribute("aria-label") || el.labels?.[0]?.textContent
      || el.textContent || el.name || "").trim().slice(0, 60);
  return {tag: el.tagName, name, id: el.id, cls: el.className, visible: ring, covered,
          hidden: el.closest("details:not([open]) > :not(summary)") !== null};
}"""


def _signed_in(browser, base, user, viewport=None):
    context = browser.new_context(
        locale="en-GB", viewport=viewport or {"width": 1280, "height": 720}
    )
    context.set_default_timeout(30_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": base,
                }
            ]
        )
    return context, context.new_page()


def _tab_to(page, matches, *, backwards=False, limit=120):
    """Press Tab (or Shift+Tab) until focus matches; every stop must show and be clear
    of the sticky header."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        focus = page.evaluate(FOCUS_JS)
        if focus is None:
            continue
        assert focus["visible"], f"focus ring missing on {focus}"
        assert not focus["covered"], f"focus under the sticky header: {focus}"
        if matches(focus):
            return focus
    raise AssertionError(f"never reached by {key} on {page.url}")


def _named(text):
    return lambda focus: text.lower() in focus["name"].lower()


def test_main_journeys_work_by_keyboard_with_focus_visible_and_not_obscured(
    live_server, browser, mailoutbox
):
    base = live_server.url
    world = build_world()
    employee = world["employee"]
    external = world["external"]

    # Sign up (visitor).
    context, page = _signed_in(browser, base, None)
    page.goto(f"{base}/accounts/signup/")
    _tab_to(page, lambda f: f["id"] == "id_email")
    page.keyboard.type("kees@customer.test")
    _tab_to(page, lambda f: f["id"] == "id_name")
    page.keyboard.type("Kees Keyboard")
    _tab_to(page, lambda f: f["id"] == "id_password1")
    page.keyboard.type("Purposeful-Work-2026")
    _tab_to(page, lambda f: f["id"] == "id_password2")
    page.keyboard.type("Purposeful-Work-2026")
    _tab_to(page, _named("Sign up"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/accounts/confirm-email/" in page.url
    assert len(mailoutbox) == 1

    # Filter the people directory (visitor).
    page.goto(f"{base}/people/")
    _tab_to(page, lambda f: f["id"] == "people-q")
    page.keyboard.type("grow")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "q=grow" in page.url

    # Switch language: arrowing through the select changes nothing (WCAG 3.2.2); the
    # button does. Then Shift+Tab all the way back up: focus never under the header.
    page.goto(f"{base}/roadmaps/")
    _tab_to(page, lambda f: f["id"] == "language-select")
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.lang") == "en"
    _tab_to(page, _named("Change"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.lang") == "nl"
    _tab_to(page, lambda f: f["cls"] == "brand", backwards=True)
    context.close()

    # Post a result (employee).
    context, page = _signed_in(browser, base, employee)
    page.goto(f"{base}/feed/")
    _tab_to(page, _named("Share a result"))
    page.keyboard.press("Enter")
    _tab_to(page, lambda f: f["id"] == "id_kind")
    page.keyboard.press("End")  # the select's last option; set the kind explicitly too
    page.select_option("#id_kind", "result")
    _tab_to(page, lambda f: f["id"] == "id_body")
    page.keyboard.type("Keyboard-only result: 40 heat pumps installed")
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"] == "Post")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Post.objects.filter(body__contains="Keyboard-only result").exists()
    context.close()

    # React and comment (external member) on a community post.
    post = PostFactory(audience=Audience.COMMUNITY, body="<p>Kind words</p>")
    context, page = _signed_in(browser, base, external)
    page.goto(f"{base}{post.get_absolute_url()}")
    _tab_to(page, lambda f: "reaction" in f["cls"])
    page.keyboard.press("Space")
    # Locators, not wait_for_function: a string predicate is eval'd, which the
    # Content-Security-Policy (default-src 'self') refuses, as it should.
    page.wait_for_selector("button.reaction[aria-pressed=true]")
    assert Reaction.objects.filter(post=post, user=external).count() == 1
    _tab_to(page, lambda f: f["id"] == "id_body")
    # @-mention as a combobox (ARIA APG): arrows pick, Enter inserts, focus stays put,
    # a live region says how many were found.
    page.keyboard.type(f"Thanks @{employee.username}")
    expect(page.locator("#id_body-mention-status")).to_contain_text("1 ")
    page.wait_for_selector("#id_body-mentions [role=option]")
    assert page.get_attribute("#id_body", "aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    active = page.get_attribute("#id_body", "aria-activedescendant")
    assert page.get_attribute(f"#{active}", "aria-selected") == "true"
    assert "suggestions" in page.inner_text("#id_body-mention-status")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_body"
    assert f"@{employee.username} " in page.input_value("#id_body")
    assert page.query_selector("#id_body-mentions") is None
    page.keyboard.type("Well done, by keyboard")
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"] == "Comment")
    page.keyboard.press("Enter")
    expect(page.locator("body")).to_contain_text("Well done, by keyboard")
    assert Comment.objects.filter(post=post, author=external).count() == 1
    assert employee.username in Comment.objects.get(post=post, author=external).body

    # Vote on a roadmap idea (external member).
    page.goto(base + _idea_url("public")(world))
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"] == "Vote")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Withdraw my vote").is_visible()
    context.close()


def test_whole_menu_reachable_at_320_px_and_400_percent_zoom(live_server, browser):
    # 400 % zoom of a 1280x1024 screen is a 320x256 CSS px viewport.
    context, page = _signed_in(
        browser, live_server.url, make_member("manager"), {"width": 320, "height": 256}
    )
    page.goto(f"{live_server.url}/feed/")
    _tab_to(page, lambda f: f["cls"] == "nav-toggle")
    page.keyboard.press("Enter")
    links = page.locator("#site-nav a")
    for i in range(links.count()):
        focus = _tab_to(page, lambda f: f["tag"] == "A", limit=3)
        assert focus["name"] == links.nth(i).inner_text().strip()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_visitor_and_member_post_cards_get_the_same_styles(live_server, browser):
    base = live_server.url
    post = PostFactory(
        audience=Audience.PUBLIC,
        kind=Post.Kind.RESULT,
        figure="+12 volunteers",
        body="<p>Public result</p>",
    )
    post.competences.add("Heat pumps")
    member = make_member("external")
    # Not "display": a visitor's reaction count is a flex item, a member's a button.
    props = [
        "padding-top",
        "border-top-left-radius",
        "background-color",
        "font-size",
        "font-weight",
        "color",
    ]
    parts = [
        ".post-card",
        ".post-card .chip",
        ".post-card .reaction",
        ".post-card__figure",
    ]
    styles = {}
    for who, user in (("visitor", None), ("member", member)):
        context, page = _signed_in(browser, base, user, {"width": 390, "height": 800})
        page.goto(f"{base}/feed/")
        styles[who] = page.evaluate(
            """([parts, props]) => parts.map(sel => {
                 const el = document.querySelector(sel);
                 if (!el) return [sel, null];
                 const s = getComputedStyle(el);
                 return [sel, props.map(p => s.getPropertyValue(p))];
               })""",
            [parts, props],
        )
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        ), f"{who}'s feed scrolls sideways at 390 px"
        context.close()
    assert all(value is not None for _, value in styles["visitor"]), styles["visitor"]
    assert styles["visitor"] == styles["member"]
