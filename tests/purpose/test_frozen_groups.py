"""A closed round's groups are frozen: joining a network or gaining a role after the
close changes no aggregate, so reading before and after cannot single anyone out."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from profiles.models import RoleAssignment
from purpose.aggregates import Filters, RoundData, min_group
from purpose.models import PurposeIndexResponse
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


@pytest.fixture
def round_():
    now = timezone.now()
    return make_round_with_statements(
        opens_at=now - timedelta(days=14), closes_at=now - timedelta(days=1)
    )


def _respondents(round_, count, value):
    people = [make_member("external") for _ in range(count)]
    for person in people:
        submit_answers(round_, person, value)
    return people


def _network_row(client, round_, network):
    response = client.get(
        f"/purpose/index/{round_.pk}/aggregate.csv", {"network": network.pk}
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    return next(r for r in rows if r["scope"] == "selection")


def test_differencing_by_joining_a_network_after_the_close_reveals_nothing(round_):
    """The attack: read network N, let one respondent join N, read again;
    9·after − 8·before would be that person's answers."""
    network = NetworkFactory(name="Makers")
    for person in _respondents(round_, 8, value=3):
        add_network_member(network, person)
    (target,) = _respondents(round_, 1, value=5)
    _respondents(round_, 5, value=1)  # so the network is not most of everyone
    manager = client_for(make_member("manager"))

    before = _network_row(manager, round_, network)
    assert before["respondents"] == "8"
    add_network_member(network, target)
    after = _network_row(manager, round_, network)

    assert after == before
    group = RoundData(round_).group(Filters(network=network.pk))
    assert group.n == 8 and group.n >= min_group()


def test_gaining_a_role_after_the_close_changes_no_role_group(round_):
    role = RoleFactory(name="Mentor", slug="mentor")
    holders = _respondents(round_, 6, value=2)
    for person in holders:
        RoleAssignment.objects.create(profile=person.profile, role=role)
    (late,) = _respondents(round_, 1, value=5)
    _respondents(round_, 5, value=4)
    before = RoundData(round_).group(Filters(role=role.pk))
    assert before.shown
    RoleAssignment.objects.create(profile=late.profile, role=role)
    after = RoundData(round_).group(Filters(role=role.pk))
    assert (after.n, after.summary) == (before.n, before.summary) == (6, before.summary)


def test_groups_are_copied_onto_the_responses_when_the_round_is_first_read(round_):
    network = NetworkFactory()
    (person,) = _respondents(round_, 1, value=3)
    add_network_member(network, person)
    RoundData(round_)
    response = PurposeIndexResponse.objects.get(member=person)
    assert response.frozen_network_ids == [network.pk]
    assert response.frozen_kind == "external"
    round_.refresh_from_db()
    assert round_.groups_frozen_at is not None


def test_open_round_is_not_frozen():
    now = timezone.now()
    open_round = make_round_with_statements(
        opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=1)
    )
    RoundData(open_round)
    open_round.refresh_from_db()
    assert open_round.groups_frozen_at is None


def test_a_frozen_round_cannot_be_reopened(round_):
    RoundData(round_)
    round_.refresh_from_db()
    round_.closes_at = timezone.now() + timedelta(days=7)
    with pytest.raises(ValidationError):
        round_.full_clean()


def test_overlapping_networks_that_differ_by_few_people_are_both_hidden(round_):
    """A = S ∪ {x}, B = S ∪ {y}: neither is inside the other, yet A − B is x − y."""
    shared = _respondents(round_, 6, value=3)
    (x,) = _respondents(round_, 1, value=5)
    (y,) = _respondents(round_, 1, value=1)
    a, b = NetworkFactory(name="A"), NetworkFactory(name="B")
    for person in [*shared, x]:
        add_network_member(a, person)
    for person in [*shared, y]:
        add_network_member(b, person)
    far = NetworkFactory(name="Far")
    for person in _respondents(round_, 6, value=4):
        add_network_member(far, person)

    data = RoundData(round_)
    assert not data.group(Filters(network=a.pk)).shown
    assert not data.group(Filters(network=b.pk)).shown
    assert data.group(Filters(network=far.pk)).shown
    rows = {r.label: r for r in data.breakdown("network", Filters())}
    assert not rows["A"].shown and not rows["B"].shown and rows["Far"].shown


def test_a_network_nested_in_a_role_by_chance_hides_only_the_narrower(round_):
    """No filter makes one an ancestor of the other, but role R's 7 holders
    include network N's 5 members: N is hidden, R stays."""
    people = _respondents(round_, 7, value=3)
    _respondents(round_, 6, value=2)
    role = RoleFactory(name="Host", slug="host")
    network = NetworkFactory()
    for person in people:
        RoleAssignment.objects.create(profile=person.profile, role=role)
    for person in people[:5]:
        add_network_member(network, person)
    data = RoundData(round_)
    assert data.group(Filters(role=role.pk)).shown
    assert not data.group(Filters(network=network.pk)).shown
