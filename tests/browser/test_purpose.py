"""A member fills in the Purpose Index and sees their radar chart; a manager sees the
aggregate with five respondents and the threshold message with fewer."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import login
from tests.factories import make_member, make_round_with_statements, submit_answers
from tests.factories.accounts import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_member_answers_and_sees_radar_manager_sees_aggregate_or_threshold(
    live_server, new_page, home_page
):
    now = timezone.now()
    full = make_round_with_statements(
        title="Spring round",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=30),
    )
    sparse = make_round_with_statements(
        title="Pilot round",
        opens_at=now - timedelta(days=90),
        closes_at=now - timedelta(days=80),
    )
    current = make_round_with_statements(title="Autumn round")
    member = make_member("external")
    manager = make_member("manager")
    for _ in range(5):
        submit_answers(full, make_member("employee"), 4)
    for _ in range(2):
        submit_answers(sparse, make_member("employee"), 4)

    # 1. The member answers: a partial draft first, then every statement.
    page = new_page()
    login(page, live_server.url, member.email, PASSWORD)
    page.goto(f"{live_server.url}/purpose/index/")
    page.locator("article", has_text="Autumn round").get_by_role(
        "link", name="Answer"
    ).click()
    statements = list(current.statements())
    page.locator(f"input[name='s{statements[0].pk}'][value='5']").check()
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_load_state()
    assert page.get_by_text("Your draft is saved.").is_visible()
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_load_state()
    assert page.get_by_text("Answer this statement to submit.").first.is_visible()
    for statement in statements:
        page.locator(f"input[name='s{statement.pk}'][value='5']").check()
    page.get_by_role("button", name="Submit answers").click()
    page.wait_for_url(re.compile(r".*/purpose/index/\d+/result/$"))

    radar = page.get_by_role("img", name=re.compile("your result compared"))
    assert radar.is_visible()
    table = page.locator("table.chart-table")
    assert "You" in table.inner_text()
    # The open round is compared with the organisation in the last closed round.
    assert "Organisation, Spring round" in table.inner_text()

    # 2. The manager: five respondents, so the aggregate is shown.
    boss = new_page()
    login(boss, live_server.url, manager.email, PASSWORD)
    boss.goto(f"{live_server.url}/purpose/index/{full.pk}/aggregate/")
    selected = boss.locator("section[aria-labelledby='selected-heading']")
    assert "5 respondents" in selected.inner_text()
    assert selected.get_by_role("img", name=re.compile("selected group")).is_visible()

    # 3. Two respondents: only the threshold message, no chart.
    boss.goto(f"{live_server.url}/purpose/index/{sparse.pk}/aggregate/")
    selected = boss.locator("section[aria-labelledby='selected-heading']")
    assert "Fewer than 5 people answered" in selected.inner_text()
    assert selected.get_by_role("img").count() == 0
