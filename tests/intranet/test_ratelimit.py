"""Rate limits: members by account, visitors by client address, a 429 with a message."""

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_searches_a_minute(settings):
    settings.KOERS_RATE_LIMITS = {
        **settings.KOERS_RATE_LIMITS,
        "search": (2, 60),
        "autocomplete": (2, 60),
    }


def test_a_visitor_searching_too_often_gets_a_429_with_a_message(two_searches_a_minute):
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    for word in ("zon", "wind"):
        assert visitor.get("/search/", {"q": word}).status_code == 200
    response = visitor.get("/search/", {"q": "water"})
    assert response.status_code == 429
    assert "too often" in response.content.decode()
    assert int(response["Retry-After"]) >= 1
    # Another visitor, from another address, is not held back.
    other = Client(REMOTE_ADDR="198.51.100.20")
    assert other.get("/search/", {"q": "water"}).status_code == 200
    # The empty search page is no search and always answers.
    assert visitor.get("/search/").status_code == 200


def test_visitors_behind_the_proxy_are_told_apart_by_forwarded_address(
    two_searches_a_minute, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    def via_proxy(client_ip):
        return Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_ip)

    first = via_proxy("203.0.113.7")
    for word in ("zon", "wind"):
        assert first.get("/search/", {"q": word}).status_code == 200
    assert first.get("/search/", {"q": "water"}).status_code == 429
    assert via_proxy("198.51.100.20").get("/search/", {"q": "water"}).status_code == 200
    # A forged first hop does not buy a fresh bucket: the proxy's own entry counts.
    forged = via_proxy("10.9.9.9, 203.0.113.7")
    assert forged.get("/search/", {"q": "aarde"}).status_code == 429


def test_members_are_limited_per_account(two_searches_a_minute, employee):
    member = client_for(employee)
    for word in ("zon", "wind"):
        assert member.get("/search/", {"q": word}).status_code == 200
    assert member.get("/search/", {"q": "water"}).status_code == 429


def test_autocomplete_answers_json_429(two_searches_a_minute):
    visitor = Client(REMOTE_ADDR="203.0.113.7")
    headers = {"accept": "application/json"}
    for word in ("an", "ann"):
        assert (
            visitor.get(
                "/search/autocomplete/", {"q": word}, headers=headers
            ).status_code
            == 200
        )
    response = visitor.get("/search/autocomplete/", {"q": "anne"}, headers=headers)
    assert response.status_code == 429
    assert "too often" in response.json()["detail"]
