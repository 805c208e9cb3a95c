"""The roll-up on the promise dashboard shows no group below the minimum size."""

import pytest
from django.test import override_settings

from purpose.reflections import reflection_round_open, reflection_submit
from purpose.rollup import promise_rollup
from tests.conftest import client_for
from tests.factories import make_member, make_purpose_page, make_team

pytestmark = pytest.mark.django_db


def team_reflecting(name, promise, size, *, score=4, share=True, adjust="", action=""):
    lead = make_member("employee")
    members = [make_member("employee") for _ in range(size - 1)]
    team = make_team(name, leads=[lead], members=members)
    round_ = reflection_round_open(
        team=team, promise=promise, by=lead, share_actions=share
    )
    for person in [lead, *members]:
        reflection_submit(
            round=round_,
            member=person,
            score=score,
            adjust=adjust,
            action=action,
        )
    return team


@override_settings(KOERS_PURPOSE_INDEX_MIN_GROUP=3)
def test_rollup_leaves_out_teams_below_the_minimum():
    promise = make_purpose_page().promises.first()
    team_reflecting(
        "Klein team", promise, 2, score=1, adjust="Kleine zorg", action="Klein plan"
    )
    viewer = make_member("manager")
    rollup = promise_rollup(promise=promise, viewer=viewer)
    assert not rollup.shown and rollup.distribution == []
    page = client_for(viewer).get(f"/purpose/promises/{promise.slug}/").content.decode()
    assert "Klein team" not in page and "Kleine zorg" not in page
    assert "Klein plan" not in page

    team_reflecting(
        "Groot team", promise, 3, score=5, adjust="Rooster knelt", action="Buddy"
    )
    rollup = promise_rollup(promise=promise, viewer=viewer)
    assert rollup.shown and rollup.reflections == 3
    assert dict(rollup.distribution) == {1: 0, 2: 0, 3: 0, 4: 0, 5: 3}
    assert rollup.trend[-1][1] == 5.0
    page = client_for(viewer).get(f"/purpose/promises/{promise.slug}/").content.decode()
    assert "Groot team" in page and "Rooster knelt" in page and "Buddy" in page
    assert "Klein team" not in page and "Kleine zorg" not in page


@override_settings(KOERS_PURPOSE_INDEX_MIN_GROUP=3)
def test_resonance_is_for_managers_and_unshared_actions_stay_in_the_team():
    promise = make_purpose_page().promises.first()
    team_reflecting(
        "Team A", promise, 3, share=False, adjust="Rooster knelt", action="Intern plan"
    )
    url = f"/purpose/promises/{promise.slug}/"
    employee_page = client_for(make_member("employee")).get(url).content.decode()
    assert "Rooster knelt" not in employee_page
    assert "Intern plan" not in employee_page
    manager_page = client_for(make_member("manager")).get(url).content.decode()
    assert "Rooster knelt" in manager_page and "Intern plan" not in manager_page
    visitor_page = client_for(None).get(url).content.decode()
    assert 'id="rollup"' not in visitor_page
