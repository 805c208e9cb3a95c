"""Production settings refuse to start without secrets, hosts and site URL, and pass
`check --deploy` with them; servers default to production, development to local hosts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "x7$k2!pQ9vLm#4rT8wZ1yB6nC3dF5gH0jK2lM4nP6qR8sT0uV2wX4yZ6aB8cD0eF"
PRODUCTION = {
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "koers.example",
    "WAGTAILADMIN_BASE_URL": "https://koers.example",
}


def run_manage(*args, env_extra):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a deploy check.
    dropped = (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update({"DJANGO_SETTINGS_MODULE": "intranet.settings.production", **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key_and_hosts():
    result = run_manage("check", env_extra={})
    assert result.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_manage(
        "check", env_extra={"SECRET_KEY": "short", "ALLOWED_HOSTS": "koers.example"}
    )
    assert result.returncode != 0
    assert "long random value" in result.stderr


def test_check_deploy_is_clean_with_secret_key_and_hosts():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra=PRODUCTION,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"WAGTAILADMIN_BASE_URL": ""}, "Production needs WAGTAILADMIN_BASE_URL"),
        (
            {"WAGTAILADMIN_BASE_URL": "https://evil.example"},
            "(evil.example) must be in ALLOWED_HOSTS",
        ),
        (
            {"WAGTAILADMIN_BASE_URL": "http://koers.example"},
            "WAGTAILADMIN_BASE_URL must be an https:// URL",
        ),
        ({"ALLOWED_HOSTS": "*"}, "not '*'"),
    ],
    ids=["no site url", "site host not allowed", "plain http", "wildcard hosts"],
)
def test_production_refuses_to_start_without_a_correct_site_url_and_hosts(
    changes, message
):
    result = run_manage("check", env_extra={**PRODUCTION, **changes})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_allows_plain_http_only_for_a_loopback_site_url():
    # deploy/topology runs production behind a local plain-HTTP nginx.
    local = {"ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "False"}
    result = run_manage(
        "check",
        env_extra={
            **PRODUCTION,
            **local,
            "WAGTAILADMIN_BASE_URL": "http://127.0.0.1:8480",
        },
    )
    assert result.returncode == 0, result.stderr


def import_without_settings_module(module, **env_extra):
    """Import a server entry point as gunicorn/daphne would, with no settings chosen."""
    dropped = (
        "DJANGO_SETTINGS_MODULE",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "DEBUG",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_extra)
    code = (
        f"import {module}; from django.conf import settings; "
        "print('DEBUG', settings.DEBUG, settings.SETTINGS_MODULE)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module", ["intranet.wsgi", "intranet.asgi"])
def test_server_entry_points_default_to_production_settings(module):
    refused = import_without_settings_module(module)
    assert refused.returncode != 0
    assert "SECRET_KEY and ALLOWED_HOSTS" in refused.stderr
    started = import_without_settings_module(module, **PRODUCTION)
    assert started.returncode == 0, started.stderr
    assert "DEBUG False intranet.settings.production" in started.stdout


WEBSOCKET_ORIGIN_CHECK = """
import asyncio
from urllib.parse import urlparse
from channels.testing import WebsocketCommunicator
from intranet.asgi import application

async def main():
    communicator = WebsocketCommunicator(
        application,
        "/ws/feed/",
        headers=[(b"origin", b"https://evil.example"), (b"host", b"koers.example")],
    )
    connected, _ = await communicator.connect()
    print("CONNECTED" if connected else "REFUSED")
    # The same check lets the site's own origin through (ALLOWED_HOSTS, not "*").
    validator = application.application_mapping["websocket"].application
    print(validator.valid_origin(urlparse("https://koers.example")))

asyncio.run(main())
"""


def test_production_websocket_refuses_a_foreign_origin():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(PRODUCTION)
    result = subprocess.run(
        [sys.executable, "-c", WEBSOCKET_ORIGIN_CHECK],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["REFUSED", "True"]


def test_development_settings_refuse_a_foreign_host():
    code = (
        "import django; django.setup(); from django.test import Client; "
        "client = Client(); "
        "print(client.get('/healthz', HTTP_HOST='evil.example').status_code, "
        "client.get('/healthz', HTTP_HOST='localhost').status_code)"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("ALLOWED_HOSTS", "DEBUG")}
    env["DJANGO_SETTINGS_MODULE"] = "intranet.settings.dev"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["400", "200"], result.stdout + result.stderr


def test_production_renders_templates_through_the_cached_loader():
    """Templates are compiled once per process, not read and parsed per request."""
    code = (
        "from django.template import engines;"
        "loaders = engines['django'].engine.template_loaders;"
        "print([type(l).__module__ for l in loaders],"
        " [type(l).__module__ for l in loaders[0].loaders])"
    )
    result = run_manage("shell", "-c", code, env_extra=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert (
        "['django.template.loaders.cached'] ['django.template.loaders.filesystem',"
        " 'django.template.loaders.app_directories']"
    ) in result.stdout
