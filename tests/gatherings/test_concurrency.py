"""Over capacity under load: many people press "Sign up" for the last places at the same
moment; the gathering row lock gives exactly ``capacity`` places, the rest wait in line."""

import threading

import pytest
from django.db import connection

from gatherings.models import Registration
from gatherings.services import registration_create
from tests.factories import make_gathering, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_sign_ups_never_exceed_the_capacity(uses_postgresql):
    gathering = make_gathering(capacity=2)
    members = [make_member("external") for _ in range(6)]
    barrier = threading.Barrier(len(members))
    errors = []

    def sign_up(member):
        try:
            barrier.wait(timeout=10)
            registration_create(user=member, gathering=gathering)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(m,)) for m in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = list(
        Registration.objects.filter(gathering=gathering).values_list(
            "status", flat=True
        )
    )
    assert sorted(statuses) == ["confirmed"] * 2 + ["waiting"] * 4
