"""Keyboard only: the main journeys (sign up, post a result, comment, react, vote,
volunteer, filter the directory, take the Purpose Index survey, switch language) with
focus always visible and never under the sticky header; the whole menu reachable at
320 px and at 400 % zoom; a post card styled alike for visitors and members."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from feed.models import Comment, Post, Reaction
from intranet.audience import Audience
from purpose.models import PurposeIndexResponse
from roadmaps.models import Volunteer
from tests.factories import PostFactory, make_member, make_role
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
          field: el.getAttribute("name"), type: el.getAttribute("type"),
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
    # People are found by name (feed.people_picker), never by a handle one has to know.
    employee.profile.display_name = "Zwaantje Kwakkelstein"
    employee.profile.save()
    page.keyboard.type("Thanks @Zwaantje")
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


def test_volunteer_and_purpose_index_survey_by_keyboard(live_server, browser):
    base = live_server.url
    world = build_world()
    member = world["external"]
    item = world["rm_public_item"]
    role = make_role(item, "Buddy for a new colleague", needed=2)
    context, page = _signed_in(browser, base, member)

    # Volunteer for an open role: an in-place action; focus stays on the role's part
    # (the button is gone), which says what happened.
    page.goto(f"{base}{item.url}")
    _tab_to(page, lambda f: f["id"] == f"vol-{role.pk}")
    page.keyboard.type("Tuesdays, by keyboard")
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"] == "Volunteer")
    page.keyboard.press("Enter")
    expect(page.locator(f"#role-{role.pk}")).to_contain_text("You volunteered")
    assert Volunteer.objects.get(role=role, user=member).message == (
        "Tuesdays, by keyboard"
    )
    # koers.js moves focus after htmx has settled the swap: wait for it (the text can
    # show a moment before the focus moves).
    expect(page.locator(f"#role-{role.pk}")).to_be_focused()

    # The Purpose Index survey: Tab into each statement's radio group, Space picks the
    # focused value, arrows move within the group. One statement left open first: one
    # alert sums up the problems, its link takes focus to that statement.
    round_ = world["index_round"]
    statements = list(round_.statements())
    page.goto(f"{base}/purpose/index/{round_.pk}/")
    for statement in statements[:-1]:
        _tab_to(page, lambda f, name=f"s{statement.pk}": f["field"] == name)
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")  # 1 -> 3
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"] == "Submit answers")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Please check the marked statements")
    last = statements[-1]
    _tab_to(page, lambda f: f["tag"] == "A" and f["name"].startswith(last.text[:20]))
    page.keyboard.press("Enter")
    focus = _tab_to(page, lambda f: f["field"] == f"s{last.pk}")
    assert focus["type"] == "radio"
    page.keyboard.press("Space")
    # The answers given before the error are kept.
    kept = page.locator(f"input[name='s{statements[0].pk}']:checked")
    assert kept.get_attribute("value") == "3"
    _tab_to(page, lambda f: f["tag"] == "BUTTON" and f["name"] == "Submit answers")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # (The fragment of the error link's jump stays in the address; the path counts.)
    assert urlsplit(page.url).path == f"/purpose/index/{round_.pk}/result/"
    response = PurposeIndexResponse.objects.get(round=round_, member=member)
    assert response.status == "submitted"
    assert response.answers.count() == len(statements)
    context.close()


IN_VIEW_JS = """() => {
  const r = document.activeElement.getBoundingClientRect();
  return r.bottom > 0 && r.top < window.innerHeight && r.left >= 0 &&
         r.right <= window.innerWidth + 1;
}"""


def _tab_in_view(page, matches, limit=3):
    focus = _tab_to(page, matches, limit=limit)
    assert page.evaluate(IN_VIEW_JS), f"focus outside the 320x256 viewport: {focus}"
    return focus


def test_whole_menu_reachable_at_320_px_and_400_percent_zoom(live_server, browser):
    """400 % zoom of a 1280x1024 screen: a 320x256 CSS px viewport at 4 device pixels
    per CSS pixel. On several pages and in both languages: no sideways scroll with the
    menus open, and every main-menu and account-menu link and the language switch are
    reached by Tab, each scrolled into view and clear of the header, and so is the
    footer's language switch."""
    world = build_world()
    manager = world["manager"]
    base = live_server.url
    context = browser.new_context(
        locale="en-GB", viewport={"width": 320, "height": 256}, device_scale_factor=4
    )
    context.set_default_timeout(30_000)
    client = Client()
    client.force_login(manager)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base,
            }
        ]
    )
    page = context.new_page()
    pages = [
        ("en", "/feed/"),
        ("nl", "/people/"),
        ("en", world["rm_public_item"].get_parent().url),
        ("nl", f"/people/{manager.username}/"),
    ]
    for language, url in pages:
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": base}]
        )
        page.goto(base + url)
        assert page.evaluate("document.documentElement.lang") == language
        _tab_to(page, lambda f: f["cls"] == "nav-toggle")
        page.keyboard.press("Enter")
        links = page.locator("#site-nav a")
        assert links.count() >= 4
        for i in range(links.count()):
            focus = _tab_in_view(page, lambda f: f["tag"] == "A")
            assert focus["name"] == links.nth(i).inner_text().strip()
        _tab_in_view(page, lambda f: f["id"] == "header-q")
        _tab_in_view(page, lambda f: f["tag"] == "SUMMARY", limit=4)
        page.keyboard.press("Enter")  # the account menu (a disclosure) opens
        items = page.locator(".menu__list a, .menu__list button")
        assert items.count() >= 4
        for i in range(items.count()):
            focus = _tab_in_view(page, lambda f: f["tag"] in ("A", "BUTTON"))
            assert focus["name"] == items.nth(i).inner_text().strip()
        # On through the page to the footer's language switch: every stop on the way
        # shows its focus clear of the header, as at 100 %.
        _tab_to(page, lambda f: f["id"] == "language-select", limit=400)
        assert page.evaluate(IN_VIEW_JS)
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        ), f"{url} scrolls sideways at 400 % zoom"
        page.keyboard.press("Escape")
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


def test_header_fits_from_tablet_to_desktop_for_visitors_and_members(
    live_server, browser
):
    """Between the phone and the wide desktop (tablets, small laptops) the header never
    pushes the page sideways, and its search field stays wide enough to type in
    (found: at 840–1024 px a Dutch visitor's header overflowed by up to 238 px, and the
    search field was 26–52 px wide at every desktop width)."""
    member = make_member("employee")
    base = live_server.url
    for user in (None, member):
        context, page = _signed_in(browser, base, user)
        context.add_cookies([{"name": "django_language", "value": "nl", "url": base}])
        page.goto(f"{base}/roadmaps/")
        assert page.evaluate("document.documentElement.lang") == "nl"
        for width in (768, 840, 1024, 1200, 1201, 1280, 1440):
            page.set_viewport_size({"width": width, "height": 800})
            fit = page.evaluate(
                """() => ({over: document.documentElement.scrollWidth - innerWidth,
                    search: document.querySelector('#header-q').offsetWidth})"""
            )
            who = "member" if user else "visitor"
            assert fit["over"] <= 0, f"{who} at {width} px scrolls sideways: {fit}"
            assert fit["search"] >= 150, f"{who} at {width} px: search field {fit}"
        context.close()
