"""Shared fixtures: personas, logged-in clients, the site's pages, service checks."""

import os

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import make_member

PERSONAS = ["visitor", "external", "employee", "manager"]


def require_or_skip(flag: str, reason: str):
    """Skip with a clear reason, or fail when the KOERS_REQUIRE_* flag says it must run."""
    if os.environ.get(flag) == "1":
        pytest.fail(f"{reason} ({flag}=1 requires it)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached pages must not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def home_page(db):
    from home.services import site_home

    return site_home()


@pytest.fixture
def external_member(db):
    return make_member("external")


@pytest.fixture
def employee(db):
    return make_member("employee")


@pytest.fixture
def community_manager(db):
    return make_member("manager")


@pytest.fixture
def persona_user(db):
    """Return a function persona name -> user (None for the visitor)."""

    def build(persona: str):
        return None if persona == "visitor" else make_member(persona)

    return build


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def redis_url():
    """The Redis URL for tests that need a real Redis; skips (or fails) without one."""
    url = os.environ.get("REDIS_URL")
    if not url:
        require_or_skip("KOERS_REQUIRE_SERVICES", "REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as exc:
        require_or_skip(
            "KOERS_REQUIRE_SERVICES", f"Redis at {url} does not answer: {exc}"
        )
    return url


@pytest.fixture
def uses_postgresql():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        require_or_skip(
            "KOERS_REQUIRE_SERVICES", "DATABASE_URL does not point at PostgreSQL"
        )
    return True


def pytest_collection_modifyitems(config, items):
    """Run browser tests last: Playwright's sync API leaves an event loop running in
    the main thread for the rest of the session, which async tests cannot share."""
    items.sort(key=lambda item: "tests/browser/" in str(item.fspath))


@pytest.fixture
def disk_media(settings, tmp_path):
    """Uploads on a real disk (tests use in-memory storage): where deleting files
    must be checked, and Wagtail's file clean-up rebuilds the storage from settings."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path
