"""Signals are triaged through the managers' inbox: each step with a public reason."""

import pytest

from feed.models import Notification
from purpose.models import SignalStep
from purpose.speakup import signal_raise
from tests.conftest import client_for
from tests.factories import make_member, make_purpose_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def signal():
    promise = make_purpose_page().promises.first()
    return signal_raise(
        author=make_member("external"),
        promise=promise,
        title="Formulier in drievoud",
        body="Het formulier moet drie keer ingevuld worden.",
        audience="community",
        hide_name=True,
    )


def test_manager_moves_a_signal_from_the_inbox(signal):
    manager = make_member("manager")
    client = client_for(manager)
    body = client.get("/inbox/").content.decode()
    assert "Formulier in drievoud" in body and f"purpose_signal:{signal.pk}" in body
    response = client.post(
        "/inbox/decide/",
        {
            "item": f"purpose_signal:{signal.pk}",
            "action": "looking",
            "reason": "We vragen het na",
        },
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.status == "looking"
    assert Notification.objects.filter(recipient=signal.author, kind="purpose").exists()
    response = client.post(
        "/inbox/decide/",
        {
            "item": f"purpose_signal:{signal.pk}",
            "action": "changed",
            "reason": "Eén keer is genoeg",
        },
    )
    signal.refresh_from_db()
    assert signal.status == "changed"
    # No longer waiting: its item is gone from the queue (the audit log keeps it).
    assert f"purpose_signal:{signal.pk}" not in client.get("/inbox/").content.decode()


def test_a_step_without_a_reason_changes_nothing(signal):
    response = client_for(make_member("manager")).post(
        "/inbox/decide/",
        {"item": f"purpose_signal:{signal.pk}", "action": "changed"},
    )
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.status == "open" and not SignalStep.objects.exists()


def test_non_managers_see_no_signals_in_the_inbox(signal):
    for persona in ("external", "employee"):
        response = client_for(make_member(persona)).post(
            "/inbox/decide/",
            {
                "item": f"purpose_signal:{signal.pk}",
                "action": "changed",
                "reason": "x",
            },
        )
        assert response.status_code in (403, 404)
    signal.refresh_from_db()
    assert signal.status == "open"
