"""More ways in for outsiders, on a 390 px phone: a visitor's reaction survives sign-up;
a member signs in with a code from the captured mail and their vote counts; while
typing an idea, similar ideas are listed and announced."""

import re

import pytest
from playwright.sync_api import expect

from feed.models import Reaction
from feed.services import post_create
from roadmaps.models import IdeaProposal, Vote
from tests.factories import make_item, make_member, make_roadmap

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
PASSWORD = "Purposeful-Work-2026"


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways ({width})"


def test_visitor_reacts_then_signs_up_and_the_reaction_counts(
    live_server, new_page, mailoutbox, home_page
):
    post = post_create(
        author=make_member("employee"),
        body="<p>De nieuwe dagbesteding is open</p>",
        audience="public",
    )
    base = live_server.url
    page = new_page(viewport=PHONE)
    page.goto(f"{base}{post.get_absolute_url()}")
    page.locator("form.reaction-form button").first.click()
    page.wait_for_url("**/accounts/signup/**")
    page.get_by_label("Your name").fill("Noor Bakker")
    page.get_by_label("Email").fill("noor@customer.test")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body
    )
    page.goto(f"{base}{link.group(1)}")
    page.wait_for_url(f"**{post.get_absolute_url()}")
    expect(page.locator("#messages")).to_contain_text("Your reaction is on the post")
    assert (
        Reaction.objects.filter(post=post, user__email="noor@customer.test").count()
        == 1
    )
    expect(page.locator("button.reaction[aria-pressed=true]")).to_have_count(1)
    _no_sideways_scroll(page)


def test_member_signs_in_with_a_code_and_is_back_with_the_vote_counted(
    live_server, new_page, mailoutbox, home_page
):
    roadmap = make_roadmap("Zorg dichtbij", owner=make_member("employee"))
    item = make_item(roadmap, "Online afspraken", status="in_progress")
    member = make_member("external", email="lotte@customer.test")
    base = live_server.url
    page = new_page(viewport=PHONE)
    page.goto(f"{base}{item.url}")
    page.get_by_role("button", name="Vote", exact=True).click()
    page.get_by_role("link", name="Send me a sign-in code").click()
    page.get_by_label("Email").fill(member.email)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/accounts/login/code/confirm/**")
    code = re.search(r"^\s*([A-Z0-9]{4}-[A-Z0-9]{4})\s*$", mailoutbox[-1].body, re.M)
    page.get_by_label("Code").fill(code.group(1))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"**{item.url}")
    expect(page.locator("#messages")).to_contain_text("Your vote counts")
    assert Vote.objects.filter(item=item, user=member).count() == 1
    _no_sideways_scroll(page)


def test_typing_an_idea_lists_similar_ideas_and_announces_them(
    live_server, new_page, home_page
):
    roadmap = make_roadmap("Zorg dichtbij", owner=make_member("employee"))
    author = make_member("employee")
    IdeaProposal.objects.create(
        roadmap=roadmap,
        author=author,
        title="Avondspreekuur voor mantelzorgers",
        state=IdeaProposal.State.OPEN,
    )
    base = live_server.url
    page = new_page(viewport=PHONE)
    page.goto(f"{base}{roadmap.url}ideas/")
    page.get_by_label("Your idea in one line").press_sequentially(
        "Spreekuur mantelzorgers"
    )
    suggestion = page.locator("#similar-ideas").get_by_role(
        "link", name="Avondspreekuur voor mantelzorgers"
    )
    expect(suggestion).to_be_visible()
    expect(page.locator("#similar-ideas-status")).to_contain_text(
        "1 similar idea found"
    )
    # Focus stays in the field while the list changes.
    assert page.evaluate("document.activeElement.name") == "title"
    _no_sideways_scroll(page)


def test_cards_on_home_and_item_pages_look_the_same_for_visitor_and_member(
    live_server, browser, home_page
):
    """The outsider's first impression (the home page's Featured posts, an item's
    results) has the same card, chips, reactions and figure as a member's."""
    from feed.models import Post
    from tests.browser.test_keyboard_and_layout import _signed_in

    roadmap = make_roadmap("Zorg dichtbij", owner=make_member("employee"))
    item = make_item(roadmap, "Online afspraken", status="in_progress")
    post = post_create(
        author=make_member("employee"),
        kind=Post.Kind.RESULT,
        body="<p>Twaalf nieuwe vrijwilligers</p>",
        figure="+12 vrijwilligers",
        audience="public",
        roadmap_item=item,
    )
    post.competences.add("Werving")
    Post.objects.filter(pk=post.pk).update(featured=True)
    props = ["padding-top", "border-top-left-radius", "background-color", "font-size"]
    props += ["font-weight", "color", "list-style-type"]
    parts = [".post-card", ".post-card .chip", ".post-card .reaction"]
    parts += [".post-card__figure"]
    base = live_server.url
    styles = {}
    for who, user in (("visitor", None), ("member", make_member("external"))):
        context, page = _signed_in(browser, base, user, PHONE)
        for url in ("/", item.url):
            page.goto(f"{base}{url}")
            styles[(who, url)] = page.evaluate(
                """([parts, props]) => parts.map(sel => {
                     const el = document.querySelector(sel);
                     if (!el) return [sel, null];
                     const s = getComputedStyle(el);
                     return [sel, props.map(p => s.getPropertyValue(p))];
                   })""",
                [parts, props],
            )
            _no_sideways_scroll(page)
        context.close()
    for url in ("/", item.url):
        visitor, member = styles[("visitor", url)], styles[("member", url)]
        assert all(value is not None for _, value in visitor), (url, visitor)
        assert visitor == member, url


def test_kudos_picks_a_person_by_name_with_the_keyboard(
    live_server, browser, home_page
):
    """Two members share a name: the picker (a combobox) tells them apart; nobody
    types or sees a username."""
    from feed.models import Post
    from tests.browser.test_keyboard_and_layout import _signed_in

    author = make_member("employee")
    namesakes = []
    for _ in range(2):
        member = make_member("external")
        member.profile.display_name = "Fatima El Amrani"
        member.profile.save()
        namesakes.append(member)
    base = live_server.url
    context, page = _signed_in(browser, base, author, PHONE)
    page.goto(f"{base}/feed/")
    page.locator("[data-composer] summary").click()
    page.get_by_label("Kind").select_option("kudos")
    page.get_by_label("What happened?").fill("Dank voor het meedenken")
    field = page.get_by_label("Kudos to")
    field.press_sequentially("Fatima")
    expect(page.locator("#id_kudos_to-people [role=option]")).to_have_count(2)
    expect(page.locator("#id_kudos_to-mention-status")).to_contain_text("2")
    assert "@" not in page.inner_text("#id_kudos_to-people")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    assert field.input_value() == "Fatima El Amrani"
    assert page.evaluate("document.activeElement.id") == "id_kudos_to"
    page.get_by_role("button", name="Post", exact=True).click()
    expect(page.locator(".post-card__kudos").first).to_contain_text("Fatima El Amrani")
    post = Post.objects.get(kind="kudos")
    assert post.kudos_to == namesakes[1], "the second suggestion was picked"
    context.close()
