"""Fixtures for roadmap tests: a public, a community and a staff roadmap."""

import pytest

from tests.factories import make_item, make_member, make_roadmap, make_role


@pytest.fixture
def owner(db):
    return make_member("employee")


@pytest.fixture
def public_roadmap(home_page, owner):
    return make_roadmap("Open zorg", owner=owner)


@pytest.fixture
def staff_roadmap(home_page, owner):
    return make_roadmap("Interne systemen", audience="staff", owner=owner)


@pytest.fixture
def community_roadmap(home_page, owner):
    return make_roadmap("Samen leren", audience="community", owner=owner)


@pytest.fixture
def item(public_roadmap, owner):
    return make_item(
        public_roadmap,
        "Online afspraken",
        status="in_progress",
        period="2026-Q3",
        lane="Digitaal",
        owner_user=owner,
    )


@pytest.fixture
def staff_item(staff_roadmap, owner):
    return make_item(staff_roadmap, "Nieuw rooster", owner_user=owner)


@pytest.fixture
def role(item):
    return make_role(item, "Tester", needed=1)
