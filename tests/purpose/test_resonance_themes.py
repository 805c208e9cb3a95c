"""The managers' resonance view groups "what asks for adjustment" answers into themes
across teams (shared significant words), with how many teams raise each and the
answers under it, at a fixed number of queries."""

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from purpose.reflections import reflection_round_open, reflection_submit
from purpose.rollup import promise_rollup
from purpose.themes import adjustment_themes, significant_words
from tests.conftest import client_for
from tests.factories import make_member, make_purpose_page, make_team


def test_significant_words_drop_dutch_and_english_stop_words_and_short_words():
    words = significant_words("Het rooster is niet op tijd, and the planning is late")
    assert words == {"rooster", "tijd", "planning", "late"}


def test_themes_are_words_two_teams_share_most_teams_first_each_answer_once():
    answers = [
        ("Noord", "Het rooster wisselt te vaak"),
        ("Zuid", "Roosters worden te laat gemaakt"),
        ("Oost", "Het rooster en de formulieren"),
        ("Oost", "Te veel formulieren"),
        ("West", "Het formulier voor de huisarts"),
        ("Noord", "Formulieren kosten tijd"),
        ("West", "De koffieautomaat"),
    ]
    themes, rest = adjustment_themes(
        answers, team_of=lambda a: a[0], text_of=lambda a: a[1]
    )
    # Both raised by three teams; "formulier(en)" in four answers, so first. It
    # takes Oost's answer on both; "rooster" keeps the two teams left.
    assert [(t.word, t.teams) for t in themes] == [
        ("formulier", ["Noord", "Oost", "West"]),
        ("rooster", ["Noord", "Zuid"]),
    ]
    assert themes[0].answers == answers[2:6]
    assert themes[1].answers == answers[:2]
    assert rest == [answers[6]]


def test_a_word_one_team_repeats_is_no_theme():
    answers = [("Noord", "Rooster knelt"), ("Noord", "Rooster weer")]
    themes, rest = adjustment_themes(
        answers, team_of=lambda a: a[0], text_of=lambda a: a[1]
    )
    assert themes == [] and rest == answers


def _team(name, promise, adjust, size=3):
    lead = make_member("employee")
    members = [make_member("employee") for _ in range(size - 1)]
    team = make_team(name, leads=[lead], members=members)
    round_ = reflection_round_open(team=team, promise=promise, by=lead)
    for person in [lead, *members]:
        reflection_submit(round=round_, member=person, score=3, adjust=adjust)
    return team


@pytest.mark.django_db
@override_settings(KOERS_PURPOSE_INDEX_MIN_GROUP=3)
def test_the_dashboard_shows_themes_with_team_counts_to_managers_only():
    promise = make_purpose_page().promises.first()
    _team("Wijkteam Noord", promise, "De overdrachtsmap is zoek")
    _team("Wijkteam Zuid", promise, "Overdrachtsmap te dik")
    _team("Wijkteam Klein", promise, "Overdrachtsmap kwijt", size=2)  # below minimum
    manager = make_member("manager")
    rollup = promise_rollup(promise=promise, viewer=manager)
    [theme] = rollup.themes
    assert theme.word == "overdrachtsmap"
    assert [t.name for t in theme.teams] == ["Wijkteam Noord", "Wijkteam Zuid"]
    assert len(theme.answers) == 6
    url = f"/purpose/promises/{promise.slug}/"
    page = client_for(manager).get(url).content.decode()
    assert "“overdrachtsmap”" in page and "2 teams" in page
    assert "Wijkteam Klein" not in page
    employee_page = client_for(make_member("employee")).get(url).content.decode()
    assert 'id="resonance"' not in employee_page


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert "“wachtlijst”" in response.content.decode()
    return len(captured.captured_queries)


@pytest.mark.django_db
@override_settings(KOERS_PURPOSE_INDEX_MIN_GROUP=3)
def test_resonance_costs_a_fixed_number_of_queries():
    promise = make_purpose_page().promises.first()
    client = client_for(make_member("manager"))
    url = f"/purpose/promises/{promise.slug}/"
    for t in range(2):
        _team(f"Team {t}", promise, f"Wachtlijst {t}")
    few = _queries(client, url)
    for t in range(2, 9):
        _team(f"Team {t}", promise, f"Wachtlijst {t} en rooster {t}")
    assert _queries(client, url) == few
    assert few <= QUERIES


#: The dashboard's budget for a manager (as in test_bottom_up_query_counts).
QUERIES = 23
