"""Persona × URL → expected status, for every URL Koers serves.

Rows live in tests/permissions/<app>.py; add a row for every new URL.
"""

import importlib
import pkgutil

import pytest
from django.db import transaction
from wagtail.models import Collection

from tests import permissions
from tests.conftest import PERSONAS, client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db

MODULES = [
    importlib.import_module(f"tests.permissions.{m.name}")
    for m in pkgutil.iter_modules(permissions.__path__)
]
ROWS = [(module, row) for module in MODULES for row in module.ROWS]


def build_world():
    # Transactional (browser) tests flush the database, migration-made rows included:
    # profile photos are Wagtail images and need the root collection.
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    world = {
        persona: None if persona == "visitor" else make_member(persona)
        for persona in PERSONAS
    }
    for module in MODULES:
        module.build(world)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One world for every row: built once, inside a transaction rolled back at the end.

    Each row runs in its own savepoint (pytest-django's per-test atomic nests inside
    this one), so a row that writes (a delete, a vote) is undone before the next row,
    exactly as if the world were built afresh, at a fraction of the cost (building
    it took most of each row's time).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("module", "row"),
    ROWS,
    ids=[f"{m.__name__.rsplit('.', 1)[-1]}:{r.name}" for m, r in ROWS],
)
def test_permission_matrix(module, row, world, settings):
    # With the page cache on, and for reads the most privileged persona first: a
    # page cached for a manager or employee must never answer an external member or
    # visitor. (Writes go least privileged first: a manager's delete would change
    # what the others get.)
    settings.KOERS_PAGE_CACHE_SECONDS = 60
    url = row.resolve(world)
    got = {}
    for persona in reversed(PERSONAS) if row.method == "get" else PERSONAS:
        client = client_for(world[persona])
        if row.content_type:
            response = getattr(client, row.method)(
                url, row.data, content_type=row.content_type
            )
        elif row.data:
            response = getattr(client, row.method)(url, row.data)
        else:
            response = getattr(client, row.method)(url)
        got[persona] = response.status_code
        cache_control = response.get("Cache-Control", "")
        if persona != "visitor":
            # A signed-in viewer's response is theirs: never stored by a shared
            # cache or on disk (protected media may say "private, max-age").
            assert "private" in cache_control, (persona, url, cache_control)
            if not response.streaming:
                assert "no-store" in cache_control, (persona, url, cache_control)
    assert got == {p: row.expect[p] for p in PERSONAS}, f"{row.method.upper()} {url}"
