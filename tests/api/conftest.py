"""Fixtures for the API tests: a small world and in-process WSGI calls in the test's
transaction."""

import pytest
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

from tests.factories import make_member
from tests.factories.roadmaps import make_roadmap


class InTestTransaction:
    """The site's WSGI application, called as Django's test client calls it: without
    ``close_old_connections`` on request start and finish, so a request runs in the
    test's transaction instead of closing its connection.

    A fixture that disconnected the signals once for the whole test was not enough:
    every request through Django's test client (e.g. creating a token on the account
    page) connects ``close_old_connections`` again when it finishes, so the next
    in-process request closed the test's connection and its first query (the token
    lookup in ``TokenAuthentication.authenticate``) failed with "Cannot open a new
    connection in an atomic block": a 500 that only the test harness produced.
    """

    def __init__(self):
        self.app = get_wsgi_application()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.app(environ, start_response)
            try:
                return list(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


@pytest.fixture
def api_world(settings, home_page):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "100000/min", "user": "100000/min"},
    }
    members = {kind: make_member(kind) for kind in ("employee", "external")}
    make_roadmap(home_page)
    _signals_and_a_team(members)
    return members


def _signals_and_a_team(members):
    """Signals (one with a hidden name) and a team with a reflection, so the purpose
    endpoints answer with data, not only with empty lists and 404s."""
    from purpose import reflections, speakup
    from tests.factories import make_purpose_page, make_team

    promise = make_purpose_page().promises.first()
    for audience, hide in (("public", True), ("community", False)):
        speakup.signal_raise(
            author=members["external"],
            promise=promise,
            title=f"Signaal {audience}",
            body="Tekst",
            audience=audience,
            hide_name=hide,
        )
    team = make_team(
        "api-team", leads=[members["employee"]], members=[members["external"]]
    )
    round_ = reflections.reflection_round_open(
        team=team, promise=promise, by=members["employee"]
    )
    reflections.reflection_submit(
        round=round_, member=members["employee"], score=4, seen="Goed"
    )
