"""The pages of teams, reflections and signals: forms answer bad input with a clear
message and change nothing."""

import pytest

from purpose.models import Signal, SignalStep, TeamReflection
from purpose.reflections import reflection_round_close, reflection_round_open
from purpose.speakup import signal_raise
from tests.conftest import client_for
from tests.factories import make_member, make_purpose_page, make_team
from tests.factories.roadmaps import make_item, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_round(home_page):
    promise = make_purpose_page().promises.first()
    lead, member = make_member("employee"), make_member("external")
    team = make_team("Team Pagina", leads=[lead], members=[member])
    return reflection_round_open(team=team, promise=promise, by=lead), lead, member


def test_reflection_form_refuses_a_score_out_of_range(team_round):
    round_, lead, member = team_round
    response = client_for(member).post(round_.get_absolute_url(), {"score": "7"})
    assert response.status_code == 400
    assert "Choose a score from 1 to 5." in response.content.decode()
    assert not TeamReflection.objects.exists()


def test_second_reflection_by_page_is_refused(team_round):
    round_, lead, member = team_round
    client = client_for(member)
    assert client.post(round_.get_absolute_url(), {"score": "4"}).status_code == 302
    again = client.post(round_.get_absolute_url(), {"score": "2"})
    assert again.status_code == 400
    assert "already reflected" in again.content.decode()
    assert list(TeamReflection.objects.values_list("score", flat=True)) == [4]


def test_reflection_for_a_closed_period_is_refused(team_round):
    round_, lead, member = team_round
    reflection_round_close(round=round_, by=lead)
    response = client_for(member).post(round_.get_absolute_url(), {"score": "3"})
    assert response.status_code == 400
    assert "period is closed" in response.content.decode()
    assert not TeamReflection.objects.exists()


def test_status_change_by_a_non_manager_is_refused(home_page):
    promise = make_purpose_page().promises.first()
    signal = signal_raise(
        author=make_member("external"),
        promise=promise,
        title="Titel",
        body="Tekst",
        audience="public",
    )
    for persona in ("external", "employee"):
        response = client_for(make_member(persona)).post(
            f"/purpose/signals/{signal.pk}/move/",
            {"status": "changed", "reason": "Omdat"},
        )
        assert response.status_code == 403
    signal.refresh_from_db()
    assert signal.status == "open" and not SignalStep.objects.exists()


def test_member_raises_a_signal_about_a_roadmap_item(home_page):
    promise = make_purpose_page().promises.first()
    item = make_item(make_roadmap("Zorg thuis", slug="zorg-thuis"), "Rolstoelen")
    author = make_member("external")
    response = client_for(author).post(
        "/purpose/signals/new/",
        {
            "promise": promise.pk,
            "title": "Drie handtekeningen",
            "body": "Te veel papier",
            "roadmap_item": item.pk,
            "audience": "community",
            "hide_name": "on",
        },
    )
    assert response.status_code == 302
    signal = Signal.objects.get()
    assert (signal.roadmap_item_id, signal.hide_name) == (item.pk, True)
    page = client_for(make_member("employee")).get(signal.get_absolute_url())
    body = page.content.decode()
    assert "Rolstoelen" in body and author.username not in body


def test_external_member_cannot_choose_staff_for_a_signal(home_page):
    promise = make_purpose_page().promises.first()
    response = client_for(make_member("external")).post(
        "/purpose/signals/new/",
        {"promise": promise.pk, "title": "T", "body": "B", "audience": "staff"},
    )
    assert response.status_code == 400
    assert not Signal.objects.exists()


def test_team_members_find_and_see_their_team_on_home_profile_and_network(team_round):
    round_, lead, member = team_round
    team = round_.team
    client = client_for(member)
    home = client.get("/").content.decode()
    assert f"/purpose/teams/{team.slug}/" in home and round_.get_absolute_url() in home
    network = client.get(team.get_absolute_url()).content.decode()
    assert f"/purpose/teams/{team.slug}/" in network
    profile = client_for(make_member("employee")).get(f"/people/{lead.username}/")
    assert "Team Pagina" in profile.content.decode()
