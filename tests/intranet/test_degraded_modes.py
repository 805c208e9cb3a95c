"""A database that is down or read-only, or a Redis that is down, degrades the site
cleanly: a quick 503 page that keeps the visitor's text, /readyz says why, the
cache fails open, and the pool heals by itself."""

import logging
import time

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client

from feed.models import Post
from intranet.ratelimit import rate_limit_check
from tests.conftest import client_for


def browser(user=None) -> Client:
    """A test client that gets the error page, as a browser would, instead of the exception."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def database_unreachable():
    """Point the default connection at a database that cannot be reached, then back."""
    saved = {
        key: django_settings.DATABASES["default"].get(key) for key in ("NAME", "PORT")
    }
    saved_pool = dict(connection.settings_dict["OPTIONS"].get("pool") or {})
    connection.close()
    if connection.vendor == "postgresql":
        if saved_pool:
            connection.close_pool()
            connection.settings_dict["OPTIONS"]["pool"]["timeout"] = 1
        connection.settings_dict["PORT"] = "1"  # nothing listens there
    else:
        connection.settings_dict["NAME"] = "/nonexistent-dir/koers.sqlite3"
    try:
        yield
    finally:
        connection.close()
        if saved_pool:
            connection.close_pool()
            connection.settings_dict["OPTIONS"]["pool"] = saved_pool
        connection.settings_dict.update(saved)


@pytest.fixture
def read_only_session(uses_postgresql):
    """This connection's transactions are read-only, as after
    ALTER DATABASE … SET default_transaction_read_only = on."""

    def switch_on():
        with connection.cursor() as cursor:
            cursor.execute("SET default_transaction_read_only = on")

    return switch_on


@pytest.fixture
def unreachable_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "intranet.redis_cache.FailOpenRedisCache",
            "LOCATION": UNREACHABLE_REDIS,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.KOERS_PAGE_CACHE_SECONDS = 60


@pytest.mark.django_db(transaction=True)
def test_unreachable_database_gives_a_quick_503_page_not_the_500(
    database_unreachable,
):
    client = browser()
    started = time.monotonic()
    response = client.get("/")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response["Retry-After"]
    assert b"Koers is being maintained" in response.content
    assert elapsed < 3, f"took {elapsed:.1f} s: a request must not hang on the pool"


@pytest.mark.django_db(transaction=True)
def test_read_only_database_keeps_the_posted_text_in_a_503_form_then_heals(
    employee, read_only_session
):
    client = browser(employee)
    text = "Our pilot saved 40 tonnes of CO2 this spring"
    data = {"kind": "update", "body": text, "audience": "community"}
    read_only_session()
    response = client.post("/feed/posts/new/", data)
    assert response.status_code == 503
    page = response.content.decode()
    assert "Your text is kept in this form" in page
    assert f">{text}</textarea>" in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'action="/feed/posts/new/"' in page
    assert not Post.objects.filter(body__contains="tonnes").exists()
    # The read-only session was thrown away: the next connection can write.
    assert client.post("/feed/posts/new/", data).status_code == 302
    assert Post.objects.filter(body__contains="tonnes").count() == 1


@pytest.mark.django_db(transaction=True)
def test_read_only_503_page_speaks_the_visitors_language(employee, read_only_session):
    client = browser(employee)
    read_only_session()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = client.post(
        "/feed/posts/new/",
        {"kind": "update", "body": "Een update voor iedereen", "audience": "community"},
    )
    assert response.status_code == 503
    assert "Je tekst staat nog in dit formulier" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_readyz_reports_a_read_only_database_and_recovers_when_it_is_writable(
    read_only_session,
):
    client = browser()
    read_only_session()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "database: read-only" in response.json()["problems"]
    # The probe dropped the read-only session; a fresh one is writable again.
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_pooled_connection_killed_by_a_restart_is_replaced_not_a_500(
    client, uses_postgresql
):
    if not connection.settings_dict["OPTIONS"].get("pool"):
        pytest.skip("DATABASE_POOL is off")
    assert client.get("/readyz").status_code == 200
    connection.close()  # back to the pool, as at the end of every request
    name = connection.settings_dict["NAME"]
    params = connection.get_connection_params()
    admin = {k: v for k, v in params.items() if k in ("host", "port", "user")}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        killed = conn.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        ).fetchone()[0]
    assert killed >= 1
    response = client.get("/readyz")
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_rate_limit_fails_open_with_a_log_line_when_redis_is_down(
    employee, unreachable_cache, caplog, monkeypatch
):
    monkeypatch.setattr("intranet.redis_cache._last_logged", 0.0)
    with caplog.at_level(logging.WARNING, logger="intranet.redis_cache"):
        for _ in range(3):
            rate_limit_check(user=employee, action="post")
    assert "Cache unavailable, failing open (add" in caplog.text


@pytest.mark.django_db
def test_pages_and_posting_work_while_redis_is_down(
    employee, home_page, unreachable_cache
):
    client = client_for(employee)
    for _ in range(2):  # the page cache neither serves nor stores
        response = client.get("/feed/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response or response["X-Page-Cache"] != "hit"
    assert client.get("/").status_code == 200  # Wagtail's site-root cache
    response = client.post(
        "/feed/posts/new/",
        {"kind": "update", "body": "Posted while Redis was down", "audience": "public"},
    )
    assert response.status_code == 302
    assert Post.objects.filter(body__contains="while Redis was down").exists()
    assert client_for(None).get("/").status_code == 200
