"""The people API: same filters and the same audience rules as the pages."""

import pytest

from profiles import services
from profiles.models import Profile
from tests.conftest import client_for
from tests.factories import make_member
from tests.profiles.test_query_counts import _people

pytestmark = pytest.mark.django_db

PHONE = "+31 6 4444 0101"


@pytest.fixture
def owner():
    owner = make_member("employee")
    Profile.objects.filter(user=owner).update(
        display_name="Api Person", public_profile=True, phone=PHONE
    )
    services.profile_competence_set(profile=owner.profile, name="Soil")
    return owner


@pytest.mark.parametrize("persona", ["visitor", "external"])
def test_api_never_returns_staff_phone(owner, persona):
    client = client_for(None if persona == "visitor" else make_member("external"))
    listing = client.get("/api/v1/people/")
    detail = client.get(f"/api/v1/people/{owner.username}/")
    assert listing.status_code == detail.status_code == 200
    assert "4444" not in listing.content.decode() + detail.content.decode()
    assert detail.json()["competences"][0]["name"] == "Soil"


def test_api_returns_staff_phone_to_employees(owner):
    detail = client_for(make_member("employee")).get(
        f"/api/v1/people/{owner.username}/"
    )
    assert detail.json()["phone"] == PHONE


def test_api_unknown_filter_is_reported_not_an_error(owner):
    data = client_for(None).get("/api/v1/people/?competence=nope").json()
    assert data["count"] == 0
    assert data["unknown_filters"] == [{"filter": "competence", "values": ["nope"]}]
    assert client_for(None).get("/api/v1/people/nobody/").status_code == 404


@pytest.mark.parametrize("size", [3, 30])
def test_api_listing_query_count_does_not_grow(size, django_assert_max_num_queries):
    _people(size)
    client = client_for(make_member("employee"))
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/people/")
    assert len(response.json()["results"]) >= min(size, 24)
