"""Purpose Index aggregates never show a group below the threshold, by any route."""

import csv
import io
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from profiles.models import RoleAssignment
from purpose import aggregates
from purpose.aggregates import Filters, RoundData
from tests.conftest import client_for
from tests.factories import (
    NetworkFactory,
    RoleFactory,
    add_network_member,
    make_member,
    make_round_with_statements,
    submit_answers,
)

pytestmark = pytest.mark.django_db


def give_role(user, role):
    return RoleAssignment.objects.create(profile=user.profile, role=role)


def closed_round(**kwargs):
    """Results are only computed for closed rounds (see test_open_round_...)."""
    now = timezone.now()
    kwargs.setdefault("opens_at", now - timedelta(days=14))
    kwargs.setdefault("closes_at", now - timedelta(days=1))
    return make_round_with_statements(**kwargs)


@pytest.fixture
def round_():
    return closed_round()


def respondents(round_, count, kind="external", value=3, **kwargs):
    people = [make_member(kind) for _ in range(count)]
    for person in people:
        submit_answers(round_, person, value, **kwargs)
    return people


def selected_section(response) -> str:
    """The "Selected group" card of the aggregate page."""
    page = response.content.decode()
    return page.split('id="selected-heading"')[1].split("</section>")[0]


def aggregate(client, round_, **params):
    return client.get(f"/purpose/index/{round_.pk}/aggregate/", params)


def export_rows(client, round_, **params):
    response = client.get(f"/purpose/index/{round_.pk}/aggregate.csv", params)
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_threshold_cannot_be_set_below_three():
    with override_settings(KOERS_PURPOSE_INDEX_MIN_GROUP=1):
        assert aggregates.min_group() == 3


def test_organisation_hidden_with_four_respondents_and_shown_with_five(
    round_, community_manager
):
    respondents(round_, 4)
    client = client_for(community_manager)
    response = aggregate(client, round_)
    assert response.status_code == 200
    assert "Fewer than 5 people answered" in selected_section(response)
    assert "chart-svg" not in selected_section(response)

    respondents(round_, 1)
    response = aggregate(client, round_)
    assert "5 respondents" in selected_section(response)
    assert "role='img'" in selected_section(response)


def test_drafts_are_not_counted(round_, community_manager):
    respondents(round_, 4)
    respondents(round_, 3, status="draft")
    data = RoundData(round_)
    assert len(data.members) == 4
    assert not data.group(Filters()).shown


def test_role_held_by_one_person_in_one_network_is_hidden(round_, community_manager):
    """The example from the issue: network N has 6 respondents, one of whom holds role R."""
    network = NetworkFactory()
    role = RoleFactory()
    members = respondents(round_, 6, value=4)
    respondents(round_, 4, value=2)
    for person in members:
        add_network_member(network, person)
    give_role(members[0], role)
    # Enough people hold the role elsewhere for the role alone to be shown.
    for person in respondents(round_, 5, value=3):
        give_role(person, role)

    data = RoundData(round_)
    # Each filter alone is a fair group...
    assert data.group(Filters(network=network.pk)).shown
    assert data.group(Filters(role=role.pk)).shown
    # ...but together they are one person.
    combo = data.group(Filters(network=network.pk, role=role.pk))
    assert combo.shown is False and combo.summary is None

    client = client_for(community_manager)
    response = aggregate(client, round_, network=network.pk, role=role.pk)
    assert response.status_code == 200
    assert "chart-svg" not in selected_section(response)
    rows = export_rows(client, round_, network=network.pk, role=role.pk)
    selection = next(r for r in rows if r["scope"] == "selection")
    assert selection["respondents"] == "" and selection["personal"] == ""


def test_group_whose_complement_in_the_parent_is_small_is_hidden(round_):
    """Network N (7) and N ∩ employees (5) differ by 2: showing both would reveal
    the two external members' answers, so the narrower group is refused."""
    network = NetworkFactory()
    staff = respondents(round_, 5, kind="employee", value=4)
    outsiders = respondents(round_, 2, kind="external", value=1)
    respondents(round_, 5, kind="external", value=3)
    for person in staff + outsiders:
        add_network_member(network, person)

    data = RoundData(round_)
    assert data.group(Filters(network=network.pk)).shown
    narrow = data.group(Filters(network=network.pk, kind="employee"))
    assert narrow.n == 5
    assert narrow.shown is False
    assert "single out" in narrow.reason


def test_kind_breakdown_suppresses_a_second_group_so_the_small_one_cannot_be_derived(
    round_, community_manager
):
    respondents(round_, 6, kind="external")
    respondents(round_, 8, kind="employee")
    respondents(round_, 2, kind="manager")
    rows = {r.label: r for r in RoundData(round_).breakdown("kind", Filters())}
    assert rows["Community managers"].shown is False
    # Organisation minus externals minus employees would be the two managers:
    # the smallest shown group is hidden too.
    assert rows["External members"].shown is False
    assert rows["Employees"].shown

    exported = export_rows(client_for(community_manager), round_)
    by_group = {r["group"]: r for r in exported if r["scope"] == "kind"}
    assert by_group["Community managers"]["social"] == ""
    assert by_group["External members"]["social"] == ""
    assert by_group["Employees"]["social"] != ""


def test_export_never_contains_individual_answers_or_open_answers(
    round_, community_manager
):
    people = respondents(round_, 5, open_answer="my secret thoughts")
    response = client_for(community_manager).get(
        f"/purpose/index/{round_.pk}/aggregate.csv"
    )
    body = response.content.decode()
    assert "my secret thoughts" not in body
    for person in people:
        assert person.username not in body and person.email not in body
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {r["scope"] for r in rows} <= {"selection", "kind", "network", "role"}
    assert rows[0]["respondents"] == "5"


def test_network_breakdown_hides_small_networks_in_page_and_export(
    round_, community_manager
):
    big, small = NetworkFactory(name="Big"), NetworkFactory(name="Small")
    people = respondents(round_, 12)
    for person in people[:6]:
        add_network_member(big, person)
    for person in people[6:8]:
        add_network_member(small, person)
    client = client_for(community_manager)
    rows = {
        r["group"]: r for r in export_rows(client, round_) if r["scope"] == "network"
    }
    assert rows["Big"]["respondents"] == "6"
    assert rows["Small"]["respondents"] == "" and rows["Small"]["personal"] == ""
    page = aggregate(client, round_).content.decode()
    small_row = page.split('<th scope="row">Small</th>')[1].split("</tr>")[0]
    assert "Fewer than 5" in small_row


def test_trend_leaves_out_rounds_below_threshold(community_manager):
    first = closed_round(title="First", closes_at=timezone.now() - timedelta(days=5))
    second = closed_round(title="Second")
    make_round_with_statements(title="Still open")
    respondents(first, 3)
    respondents(second, 6)
    results = {r.title: g for r, g in aggregates.trend(Filters())}
    assert list(results) == ["First", "Second"]
    assert results["First"].shown is False
    assert results["Second"].shown


def test_open_round_shows_no_results_until_it_closes(community_manager):
    """Two looks at a growing group would reveal the newcomer: wait for the close."""
    open_round = make_round_with_statements()
    respondents(open_round, 10)
    client = client_for(community_manager)
    response = aggregate(client, open_round)
    assert "Results appear once the round has closed" in selected_section(response)
    assert "chart-svg" not in selected_section(response)
    rows = export_rows(client, open_round)
    assert all(r["personal"] == "" for r in rows)

    open_round.closes_at = timezone.now() - timedelta(seconds=1)
    open_round.save()
    assert "10 respondents" in selected_section(aggregate(client, open_round))


def test_member_in_an_open_round_is_compared_with_the_last_closed_round(
    round_, external_member
):
    respondents(round_, 5)
    current = make_round_with_statements(title="Current")
    submit_answers(current, external_member, 5)
    respondents(current, 8)
    page = (
        client_for(external_member)
        .get(f"/purpose/index/{current.pk}/result/")
        .content.decode()
    )
    assert f"Organisation, {round_.title}" in page
    assert "still open" in page


def test_member_sees_organisation_only_above_threshold(round_, external_member):
    submit_answers(round_, external_member, 5)
    respondents(round_, 3)
    client = client_for(external_member)
    page = client.get(f"/purpose/index/{round_.pk}/result/").content.decode()
    assert "appears once at least 5 people" in page
    assert "Organisation" not in page
    respondents(round_, 1)
    page = client.get(f"/purpose/index/{round_.pk}/result/").content.decode()
    assert "Organisation" in page


@pytest.mark.parametrize("kind", ["external", "employee"])
def test_aggregates_and_export_are_for_managers_only(round_, kind):
    respondents(round_, 6)
    client = client_for(make_member(kind))
    assert aggregate(client, round_).status_code == 403
    assert client.get(f"/purpose/index/{round_.pk}/aggregate.csv").status_code == 403


def test_bad_filter_values_fall_back_to_everyone(round_, community_manager):
    respondents(round_, 5)
    client = client_for(community_manager)
    response = aggregate(client, round_, network="abc", role="-1", kind="emperor")
    assert response.status_code == 200
    assert b"5 respondents" in response.content
