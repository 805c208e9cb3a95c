"""Fixtures for the API tests: a small world and in-process WSGI calls in the test's
transaction."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.factories import make_member
from tests.factories.roadmaps import make_roadmap


@pytest.fixture
def wsgi_in_test_transaction():
    """Like Django's test client: requests must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(settings, home_page, wsgi_in_test_transaction):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    for kind in ("employee", "external"):
        make_member(kind)
    make_roadmap(home_page)
