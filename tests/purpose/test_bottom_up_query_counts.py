"""The promise dashboard, the signal board and a team page cost a fixed number of
queries whatever the number of teams, reflections, signals and stories."""

import pytest
from django.test import override_settings

from purpose import speakup
from purpose.reflections import reflection_round_open, reflection_submit
from purpose.stories import story_create
from tests.conftest import client_for
from tests.factories import make_member, make_purpose_page, make_team

pytestmark = pytest.mark.django_db


def grow(size, manager):
    promise = make_purpose_page().promises.first()
    teams = []
    for t in range(size):
        lead = make_member("employee")
        members = [make_member("employee") for _ in range(2)]
        team = make_team(f"Team {size}-{t}", leads=[lead], members=members)
        teams.append((team, lead))
        round_ = reflection_round_open(
            team=team, promise=promise, by=lead, share_actions=True
        )
        for person in [lead, *members]:
            reflection_submit(
                round=round_,
                member=person,
                score=1 + t % 5,
                adjust=f"Aanpassen {t}",
                action=f"Actie {t}",
                follow_up_by=lead,
            )
        author = make_member("external")
        signal = speakup.signal_raise(
            author=author,
            promise=promise,
            title=f"Signaal {t}",
            body="Tekst",
            audience="public",
            hide_name=bool(t % 2),
        )
        speakup.signal_move(signal=signal, status="looking", reason="Ja", by=manager)
        story_create(
            author=author, body=f"Verhaal {t}", audience="public", promise=promise
        )
    return promise, teams


@override_settings(KOERS_PURPOSE_INDEX_MIN_GROUP=3)
@pytest.mark.parametrize("size", [2, 8])
@pytest.mark.parametrize("persona", ["visitor", "employee", "manager"])
def test_promise_dashboard_has_a_fixed_query_budget(
    size, persona, django_assert_max_num_queries
):
    manager = make_member("manager")
    promise, teams = grow(size, manager)
    viewer = manager if persona == "manager" else make_member(persona)
    client = client_for(viewer)
    url = f"/purpose/promises/{promise.slug}/"
    client.get(url)
    with django_assert_max_num_queries(23):
        response = client.get(url)
    assert response.status_code == 200
    if persona != "visitor":
        assert f"Actie {size - 1}" in response.content.decode()


@pytest.mark.parametrize("size", [2, 8])
def test_signal_board_and_team_page_have_a_fixed_query_budget(
    size, django_assert_max_num_queries
):
    manager = make_member("manager")
    promise, teams = grow(size, manager)
    team, lead = teams[0]
    client = client_for(lead)
    for url, budget in (
        ("/purpose/signals/", 14),
        (f"/purpose/teams/{team.slug}/", 18),
    ):
        client.get(url)
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
