"""Issue 20 in a real browser: a team reflects and the dashboard rolls it up only
once the group is large enough; an external member speaks up without showing their
name and a manager answers in public."""

import re

import pytest

from feed.models import Notification
from purpose.models import Signal
from tests.browser.conftest import login
from tests.factories import make_member, make_purpose_page, make_team
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def reflect(page, base, user, score, seen):
    login(page, base, user.email, PASSWORD)
    page.goto(f"{base}/")
    page.locator("#my-teams").get_by_role(
        "link", name=re.compile("A good life")
    ).click()
    page.wait_for_url(re.compile(r".*/purpose/reflections/\d+/$"))
    page.locator(f"input[name='score'][value='{score}']").check()
    page.get_by_label("What do we see?").fill(seen)
    page.get_by_label("What will we do?").fill(f"Actie van {user.username}")
    page.get_by_role("button", name="Save my reflection").click()
    page.wait_for_load_state()
    assert page.get_by_text("Thank you: your reflection is saved.").is_visible()


def test_lead_opens_reflection_members_fill_it_in_dashboard_rolls_up(
    live_server, new_page, home_page, settings
):
    settings.KOERS_PURPOSE_INDEX_MIN_GROUP = 3
    promise = make_purpose_page().promises.first()
    lead = make_member("employee")
    anna, bram = make_member("employee"), make_member("external")
    team = make_team("Wijkteam Noord", leads=[lead], members=[anna, bram])
    base = live_server.url

    # 1. The lead opens this month's reflection on the team page.
    page = new_page()
    login(page, base, lead.email, PASSWORD)
    page.goto(f"{base}/purpose/teams/{team.slug}/")
    page.get_by_label("Promise").select_option(label=promise.title)
    page.get_by_label("Share what we will do with the community").check()
    page.get_by_role("button", name="Open the reflection").click()
    page.wait_for_url(re.compile(r".*/purpose/reflections/\d+/$"))
    assert page.get_by_text("The reflection is open; the team is told.").is_visible()

    # 2. Two members fill it in (they find it on the home page).
    reflect(new_page(), base, anna, 4, "Cliënten bepalen zelf hun dag")
    reflect(new_page(), base, bram, 2, "Wachtlijsten bij de fysio")

    # 3. The team page shows the trend: the average of the two.
    page.goto(f"{base}/purpose/teams/{team.slug}/")
    trend = page.locator("#team-trend")
    assert trend.get_by_role("table", name=promise.title).is_visible()
    assert trend.locator("[data-score]").first.inner_text() == "3.0"
    assert (
        page.locator("#team-actions")
        .get_by_text(f"Actie van {anna.username}")
        .is_visible()
    )

    # 4. The dashboard holds back the roll-up: two reflections, below the minimum of 3.
    dashboard = f"{base}/purpose/promises/{promise.slug}/"
    page.goto(dashboard)
    rollup = page.locator("#rollup")
    assert rollup.get_by_text("once a team of at least 3 members").is_visible()
    assert rollup.get_by_text("Wijkteam Noord").count() == 0

    # 5. The lead reflects too: now the group is large enough.
    page.goto(f"{base}/")
    page.locator("#my-teams").get_by_role(
        "link", name=re.compile("A good life")
    ).click()
    page.wait_for_url(re.compile(r".*/purpose/reflections/\d+/$"))
    page.locator("input[name='score'][value='3']").check()
    page.get_by_role("button", name="Save my reflection").click()
    page.wait_for_load_state()
    page.goto(dashboard)
    rollup = page.locator("#rollup")
    assert rollup.get_by_role(
        "table", name="Average team score per period"
    ).is_visible()
    assert rollup.get_by_text(f"Actie van {anna.username}").is_visible()


def test_external_member_speaks_up_without_name_manager_answers_visitor_reads(
    live_server, new_page, home_page
):
    promise = make_purpose_page().promises.first()
    author = make_member("external", first_name="Fenna", last_name="Vos")
    follower = make_member("employee")
    manager = make_member("manager")
    base = live_server.url

    # 1. The external member raises a public signal and hides their name.
    page = new_page()
    login(page, base, author.email, PASSWORD)
    page.goto(f"{base}/purpose/signals/")
    page.get_by_role("link", name="Raise a signal").click()
    page.get_by_label("Which promise does it stand in the way of?").select_option(
        label=promise.title
    )
    page.get_by_label("What stands in the way?").fill(
        "Drie handtekeningen voor een rolstoel"
    )
    page.get_by_label("What happens?").fill("Mijn moeder wacht twee weken.")
    page.get_by_label("Who may see this signal?").select_option("public")
    assert page.get_by_text(
        "Community managers always see who raised a signal"
    ).is_visible()
    page.get_by_label("Hide my name from other members").check()
    page.get_by_role("button", name="Raise the signal").click()
    page.wait_for_url(re.compile(r".*/purpose/signals/\d+/$"))
    signal_url = page.url
    signal = Signal.objects.get()
    assert signal.hide_name

    # 2. Another member follows it and does not see the author's name.
    other = new_page()
    login(other, base, follower.email, PASSWORD)
    other.goto(signal_url)
    assert other.get_by_text("chose not to show their name").is_visible()
    assert other.get_by_text("Fenna").count() == 0
    other.get_by_role("button", name="Follow").click()
    other.wait_for_load_state()

    # 3. The manager sees the name and moves it to "changed" with a reason.
    boss = new_page()
    login(boss, base, manager.email, PASSWORD)
    boss.goto(signal_url)
    assert boss.locator("#signal-author").get_by_text("Fenna").is_visible()
    move = boss.locator("#signal-move")
    move.get_by_label("New status").select_option("changed")
    move.get_by_label("Reason (public)").fill("Eén handtekening is voortaan genoeg.")
    move.get_by_label("Post the outcome to the feed as a result").check()
    move.get_by_role("button", name="Save the step").click()
    boss.wait_for_load_state()
    assert boss.locator("#signal-status").inner_text() == "Changed"

    # 4. The author and the follower are notified.
    for viewer in (page, other):
        viewer.goto(f"{base}/feed/notifications/")
        assert viewer.get_by_text(re.compile("is now: Changed")).first.is_visible()
    assert (
        Notification.objects.filter(
            recipient__in=[author, follower], url=signal.get_absolute_url()
        ).count()
        == 2
    )

    # 5. A visitor sees the public signal, its outcome, and not who raised it.
    visitor = new_page()
    visitor.goto(f"{base}/purpose/signals/?status=changed")
    visitor.get_by_role("link", name="Drie handtekeningen voor een rolstoel").click()
    assert visitor.get_by_text("Eén handtekening is voortaan genoeg.").is_visible()
    assert visitor.get_by_role("link", name="The outcome in the feed").is_visible()
    assert visitor.get_by_text("Fenna").count() == 0
    assert visitor.get_by_text("chose not to show their name").is_visible()
