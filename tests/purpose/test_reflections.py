"""Team reflections: a lead opens a round, members reflect once, bad input changes nothing."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from feed.digest import build_message
from feed.models import Notification
from purpose.models import ReflectionRound, TeamReflection
from purpose.reflections import (
    period_of,
    reflection_round_close,
    reflection_round_open,
    reflection_submit,
    team_actions,
    team_trend,
)
from tests.factories import make_member, make_purpose_page, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    page = make_purpose_page()
    lead = make_member("employee")
    members = [make_member("employee") for _ in range(3)]
    team = make_team("Wijkteam Noord", leads=[lead], members=members)
    return page.promises.first(), team, lead, members


def test_period_of_month_and_quarter():
    assert period_of("monthly", date(2026, 12, 3)) == (
        date(2026, 12, 1),
        date(2026, 12, 31),
    )
    assert period_of("quarterly", date(2026, 5, 9)) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )


def test_lead_opens_round_and_members_are_reminded(setup):
    promise, team, lead, members = setup
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    assert round_.period_start == timezone.localdate().replace(day=1)
    reminded = Notification.objects.filter(
        kind="purpose", url=round_.get_absolute_url()
    )
    assert {n.recipient_id for n in reminded} == {m.pk for m in members}


def test_member_who_is_not_lead_cannot_open(setup):
    promise, team, lead, members = setup
    with pytest.raises(PermissionDenied):
        reflection_round_open(team=team, promise=promise, by=members[0])
    assert not ReflectionRound.objects.exists()


def test_second_round_for_same_period_refused(setup):
    promise, team, lead, members = setup
    reflection_round_open(team=team, promise=promise, by=lead)
    with pytest.raises(ValidationError):
        reflection_round_open(team=team, promise=promise, by=lead)
    assert ReflectionRound.objects.count() == 1


def test_reflection_and_trend(setup):
    promise, team, lead, members = setup
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    reflection_submit(
        round=round_, member=members[0], score=4, action="Buddy", follow_up_by=lead
    )
    reflection_submit(round=round_, member=members[1], score=2)
    [trend] = team_trend(team=team, viewer=members[0])
    assert trend.promise == promise
    assert trend.points[0].average == 3.0 and trend.points[0].count == 2
    [action] = team_actions(team=team, viewer=members[2])
    assert action.action == "Buddy" and action.follow_up_by == lead
    outsider = make_member("manager")
    assert team_trend(team=team, viewer=outsider) == []
    assert team_actions(team=team, viewer=outsider) == []


@pytest.mark.parametrize("score", [0, 6, -1, "x", None, "3.5"])
def test_score_out_of_range_refused(setup, score):
    promise, team, lead, members = setup
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    with pytest.raises(ValidationError) as info:
        reflection_submit(round=round_, member=members[0], score=score)
    assert "1 to 5" in str(info.value)
    assert not TeamReflection.objects.exists()


def test_second_reflection_same_member_and_period_refused(setup):
    promise, team, lead, members = setup
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    reflection_submit(round=round_, member=members[0], score=3, seen="Rust")
    with pytest.raises(ValidationError) as info:
        reflection_submit(round=round_, member=members[0], score=5, seen="Anders")
    assert "already reflected" in str(info.value)
    only = TeamReflection.objects.get()
    assert (only.score, only.seen) == (3, "Rust")


def test_closed_period_refused(setup):
    promise, team, lead, members = setup
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    reflection_round_close(round=round_, by=lead)
    with pytest.raises(ValidationError) as info:
        reflection_submit(round=round_, member=members[0], score=3)
    assert "closed" in str(info.value)
    past = reflection_round_open(
        team=team,
        promise=promise,
        by=lead,
        today=timezone.localdate().replace(day=1) - timedelta(days=40),
    )
    with pytest.raises(ValidationError):
        reflection_submit(round=past, member=members[0], score=3)
    assert not TeamReflection.objects.exists()


def test_non_member_cannot_reflect(setup):
    promise, team, lead, members = setup
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    with pytest.raises(PermissionDenied):
        reflection_submit(round=round_, member=make_member("manager"), score=3)
    assert not TeamReflection.objects.exists()


def test_follow_up_by_outside_team_refused(setup):
    promise, team, lead, members = setup
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    with pytest.raises(ValidationError):
        reflection_submit(
            round=round_,
            member=members[0],
            score=3,
            action="Iets",
            follow_up_by=make_member("employee"),
        )
    assert not TeamReflection.objects.exists()


def test_too_long_prompt_refused(setup):
    promise, team, lead, members = setup
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    with pytest.raises(ValidationError):
        reflection_submit(round=round_, member=members[0], score=3, seen="x" * 1001)
    assert not TeamReflection.objects.exists()


def test_the_reminder_reaches_the_members_digest_with_a_link_to_the_round(setup):
    promise, team, lead, members = setup
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    message = build_message(members[0], frequency="weekly")
    assert message is not None
    text = message.body
    assert team.name in text and promise.title in text
    assert round_.get_absolute_url() in text
    assert round_.get_absolute_url() in message.alternatives[0][0]
    # Not to the lead who opened it, and not to anyone outside the team.
    assert build_message(lead, frequency="weekly") is None
    assert build_message(make_member("employee"), frequency="weekly") is None
