"""Bad parameters are a 400 that says why; throttles are on; URLs are absolute; the docs
page loads nothing from another site."""

import re

import pytest
from django.contrib.staticfiles import finders

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query, reason",
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("q=" + "x" * 201, "q"),
        ("competence=a&" * 6, "competence"),
    ],
)
def test_unusable_parameter_is_a_400_naming_it(client, query, reason):
    response = client.get(f"/api/v1/people/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{reason}:")


def test_page_past_the_last_is_a_json_404(client):
    response = client.get("/api/v1/people/?page=99")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing/here/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_unknown_roadmap_status_is_a_400_with_the_choices(client, home_page):
    from tests.factories.roadmaps import make_roadmap

    make_roadmap("Energy", slug="energy")
    response = client.get("/api/v1/roadmaps/energy/?status=someday")
    assert response.status_code == 400
    assert "someday" in response.json()["detail"]


def test_visitors_are_throttled_with_retry_after(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    codes = [client.get("/api/v1/me/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/me/")
    assert "Retry-After" in response and "detail" in response.json()


def test_throttle_rates_scale_with_the_rate_limit_scale(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/min", "user": "5/min"},
    }
    settings.KOERS_RATE_LIMIT_SCALE = 2
    codes = [client.get("/api/v1/me/").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]


def test_members_are_throttled_per_member(employee, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/min", "user": "2/min"},
    }
    client = client_for(employee)
    codes = [client.get("/api/v1/me/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_person_url_is_absolute_like_every_other_url(employee):
    client = client_for(employee)
    person = client.get(f"/api/v1/people/{employee.username}/").json()
    assert person["url"] == f"http://testserver/people/{employee.username}/"
    listed = client.get("/api/v1/people/").json()["results"]
    assert all(p["url"].startswith("http://testserver/people/") for p in listed)


def test_api_docs_load_nothing_from_another_site(client):
    html = client.get("/api/docs/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, html
    assert all(s.startswith("/") and not s.startswith("//") for s in sources)
    assert "fonts.googleapis" not in html
    assert finders.find(sources[-1].removeprefix("/static/"))  # shipped, not fetched
