"""Answering the Purpose Index: drafts, submissions, bad input, closed rounds, privacy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from purpose.models import PurposeIndexResponse
from tests.conftest import client_for
from tests.factories import make_member, make_round_with_statements, submit_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return make_round_with_statements()


def all_answers(round_, value="4"):
    return {f"s{s.pk}": value for s in round_.statements()}


def url(round_, suffix=""):
    return f"/purpose/index/{round_.pk}/{suffix}"


def test_member_submits_every_answer_and_sees_their_radar(round_, external_member):
    client = client_for(external_member)
    response = client.post(
        url(round_), {**all_answers(round_), "action": "submit", "open_answer": "Hi"}
    )
    assert response.status_code == 302
    assert response["Location"] == url(round_, "result/")
    saved = PurposeIndexResponse.objects.get(member=external_member, round=round_)
    assert saved.status == "submitted"
    assert saved.answers.count() == 6
    page = client.get(url(round_, "result/")).content.decode()
    assert "role='img'" in page
    assert "<title" in page and "<desc" in page
    assert "<table class='chart-table'>" in page


def test_partial_answers_are_saved_as_a_draft(round_, external_member):
    first = round_.statements()[0]
    client = client_for(external_member)
    response = client.post(url(round_), {f"s{first.pk}": "2", "action": "draft"})
    assert response.status_code == 302
    saved = PurposeIndexResponse.objects.get(member=external_member, round=round_)
    assert saved.status == "draft"
    assert list(saved.answers.values_list("value", flat=True)) == [2]
    page = client.get(url(round_)).content.decode()
    assert f'name="s{first.pk}" value="2" checked' in page


def test_submitting_with_missing_answers_says_which_ones(round_, external_member):
    first = round_.statements()[0]
    client = client_for(external_member)
    response = client.post(url(round_), {f"s{first.pk}": "3", "action": "submit"})
    assert response.status_code == 400
    assert "Answer this statement to submit." in response.content.decode()
    assert not PurposeIndexResponse.objects.filter(member=external_member).exists()


@pytest.mark.parametrize("bad", ["0", "6", "-1", "abc", "3.5", "99999999999999999999"])
def test_out_of_range_answer_is_refused_with_a_message(round_, external_member, bad):
    answers = all_answers(round_)
    answers[next(iter(answers))] = bad
    response = client_for(external_member).post(
        url(round_), {**answers, "action": "submit"}
    )
    assert response.status_code == 400
    assert "Choose a value from 1 to 5." in response.content.decode()
    assert not PurposeIndexResponse.objects.exists()


def test_answer_for_a_statement_from_another_round_is_refused(round_, external_member):
    other = make_round_with_statements()
    foreign = other.statements()[0]
    response = client_for(external_member).post(
        url(round_), {**all_answers(round_), f"s{foreign.pk}": "3", "action": "submit"}
    )
    assert response.status_code == 400
    assert "not in this round" in response.content.decode()


def test_answers_can_change_until_the_round_closes(round_, external_member):
    client = client_for(external_member)
    client.post(url(round_), {**all_answers(round_, "2"), "action": "submit"})
    client.post(url(round_), {**all_answers(round_, "5"), "action": "submit"})
    response = PurposeIndexResponse.objects.get(member=external_member)
    assert set(response.answers.values_list("value", flat=True)) == {5}
    assert PurposeIndexResponse.objects.count() == 1

    round_.closes_at = timezone.now() - timedelta(minutes=1)
    round_.save()
    refused = client.post(url(round_), {**all_answers(round_, "1"), "action": "submit"})
    assert refused.status_code == 400
    assert "This round has closed" in refused.content.decode()
    assert set(response.answers.values_list("value", flat=True)) == {5}


def test_round_not_yet_open_cannot_be_answered(external_member):
    later = make_round_with_statements(
        opens_at=timezone.now() + timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=2),
    )
    response = client_for(external_member).post(
        url(later), {**all_answers(later), "action": "submit"}
    )
    assert response.status_code == 400
    assert "has not opened yet" in response.content.decode()


def test_too_long_open_answer_is_refused(round_, external_member):
    response = client_for(external_member).post(
        url(round_),
        {**all_answers(round_), "open_answer": "x" * 2001, "action": "submit"},
    )
    assert response.status_code == 400
    assert "At most 2000 characters." in response.content.decode()


def test_nobody_else_sees_a_members_own_answers_or_open_answer(round_):
    owner = make_member("external")
    submit_answers(round_, owner, 1, open_answer="only for me")
    for kind in ("external", "employee", "manager", "admin"):
        other = make_member(kind)
        page = client_for(other).get(url(round_, "result/")).content.decode()
        assert "only for me" not in page
        assert "You have not answered this round yet." in page


def test_round_list_shows_state_per_round(round_, external_member):
    submit_answers(round_, external_member, 3, status="draft")
    page = client_for(external_member).get("/purpose/index/").content.decode()
    assert round_.title in page
    assert "Your draft is saved" in page
