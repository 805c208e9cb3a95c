"""Start real daphne processes against the test database, for fan-out and browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_url() -> str:
    """The URL of the database this test run uses (pytest-django's test database)."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    name = str(db["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise RuntimeError("a server process needs a file-based SQLite test database")
    return f"sqlite:///{Path(name).resolve()}"


#: As every deployment runs it (docs/realtime.md, deploy/).
MAX_MESSAGE_SIZE = "4096"


@contextmanager
def daphne(*, extra_env: dict | None = None, log_name: str = "daphne"):
    """Run `daphne intranet.asgi:application` on a free port; yield its base URL."""
    with daphne_process(extra_env=extra_env, log_name=log_name) as (base, _process):
        yield base


@contextmanager
def daphne_process(*, extra_env: dict | None = None, log_name: str = "daphne"):
    """As ``daphne``, yielding (base URL, the process) for tests that signal it."""
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "intranet.settings.test",
        "DATABASE_URL": test_database_url(),
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        **(extra_env or {}),
    }
    log = open(f"/tmp/{log_name}-{port}.log", "wb")  # noqa: S108, SIM115 - test log
    process = subprocess.Popen(  # noqa: S603 - fixed argv
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "--websocket-max-message-size",
            MAX_MESSAGE_SIZE,
            "intranet.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"daphne exited; see {log.name}")
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"daphne did not start; see {log.name}")
            time.sleep(0.2)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
