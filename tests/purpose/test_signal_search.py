"""Signals in search: under their own audience, with their own tab."""

import pytest

from purpose.speakup import signal_raise
from tests.conftest import client_for
from tests.factories import make_member, make_purpose_page

pytestmark = pytest.mark.django_db


def test_signals_are_found_only_by_who_may_see_them(home_page):
    promise = make_purpose_page().promises.first()
    author = make_member("employee")
    for audience in ("public", "staff"):
        signal_raise(
            author=author,
            promise=promise,
            title=f"Rolstoelformulier {audience}",
            body="Drie handtekeningen",
            audience=audience,
        )
    url = "/search/?q=rolstoelformulier&kind=signal"
    employee = client_for(make_member("employee")).get(url).content.decode()
    assert (
        "Rolstoelformulier public" in employee and "Rolstoelformulier staff" in employee
    )
    for viewer in (None, make_member("external")):
        page = client_for(viewer).get(url).content.decode()
        assert "Rolstoelformulier public" in page
        assert "Rolstoelformulier staff" not in page
