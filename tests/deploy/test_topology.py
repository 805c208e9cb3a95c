"""The one-machine scale-out topology starts, serves through nginx, and stops.

Drives `deploy/topology up|down` exactly as docs/deployment.md tells an operator
to: nginx in front, gunicorn for pages, two daphne processes for /ws/,
PostgreSQL and Redis behind them, production settings.
"""

import os
import random
import shutil
import socket
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest

from tests.conftest import require_or_skip

pytestmark = pytest.mark.services

ROOT = Path(__file__).resolve().parents[2]


def _free_base_port() -> int:
    """Four consecutive free ports (nginx, daphne x2, gunicorn)."""
    for _ in range(50):
        base = random.randint(20000, 40000)
        ok = True
        for port in range(base, base + 4):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    pytest.fail("no four consecutive free ports found")


def _services() -> tuple[str, str]:
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        require_or_skip("KOERS_REQUIRE_SERVICES", "nginx is not installed")
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        require_or_skip("KOERS_REQUIRE_SERVICES", "REDIS_URL is not set")
    db_url = os.environ.get("DATABASE_URL", "")
    if not db_url.startswith("postgres"):
        require_or_skip("KOERS_REQUIRE_SERVICES", "DATABASE_URL is not PostgreSQL")
    import psycopg
    import redis

    try:
        redis.Redis.from_url(redis_url).ping()
    except redis.RedisError as exc:
        require_or_skip("KOERS_REQUIRE_SERVICES", f"Redis unreachable: {exc}")
    admin = urlunparse(urlparse(db_url)._replace(scheme="postgresql", path="/postgres"))
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.Error as exc:
        require_or_skip("KOERS_REQUIRE_SERVICES", f"PostgreSQL unreachable: {exc}")
    return db_url, redis_url


def _drop_database(db_url: str, name: str) -> None:
    import psycopg

    admin = urlunparse(urlparse(db_url)._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def topology(tmp_path):
    db_url, redis_url = _services()
    port = _free_base_port()
    # A database of its own, so parallel test runs never migrate the same one.
    db_name = f"koers_topology_ci_{port}"
    database_url = urlunparse(urlparse(db_url)._replace(path=f"/{db_name}"))
    env = {
        **os.environ,
        "KOERS_TOPOLOGY_DIR": str(tmp_path / "topology"),
        "KOERS_TOPOLOGY_PORT": str(port),
        "KOERS_TOPOLOGY_DATABASE_URL": database_url,
        "KOERS_TOPOLOGY_REDIS_URL": redis_url,
        "KOERS_HTTP_WORKERS": "1",
    }
    script = str(ROOT / "deploy" / "topology")
    started = subprocess.run(
        [script, "up"], env=env, capture_output=True, text=True, timeout=120
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield f"127.0.0.1:{port}", tmp_path / "topology"
    finally:
        stopped = subprocess.run(
            [script, "down"], env=env, capture_output=True, text=True, timeout=60
        )
        _drop_database(db_url, db_name)
        assert stopped.returncode == 0, stopped.stdout + stopped.stderr


def _get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:  # noqa: S310
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_topology_serves_pages_static_and_websockets_through_nginx(topology):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    host, directory = topology

    status, headers, body = _get(f"http://{host}/healthz")
    assert status == 200
    assert b'"ok"' in body
    assert headers["Server"] == "nginx"

    status, _, body = _get(f"http://{host}/")
    assert status == 200
    assert b"<html" in body.lower()

    status, _, _ = _get(f"http://{host}/readyz")
    assert status == 200, "database and channel layer reachable from the app"

    # Static files come from collectstatic's output, served by nginx itself.
    status, headers, body = _get(f"http://{host}/static/css/koers.css")
    assert status == 200
    assert headers["Content-Type"] == "text/css"
    assert "Expires" in headers

    # Media: public uploads straight from disk; protected ones (post images,
    # profile photos) never, only through the application's X-Accel-Redirect.
    media = directory / "media" / "feed"
    media.mkdir(parents=True, exist_ok=True)
    (media / "old.png").write_bytes(b"\x89PNG public")
    (media / f"protected_{'ab' * 16}.png").write_bytes(b"\x89PNG protected")
    status, _, body = _get(f"http://{host}/media/feed/old.png")
    assert (status, body) == (200, b"\x89PNG public")
    status, _, body = _get(f"http://{host}/media/feed/protected_{'ab' * 16}.png")
    assert status == 404 and b"protected" not in body

    # The WebSocket goes through nginx to a daphne process and stays open.
    with connect(
        f"ws://{host}/ws/feed/", origin=f"http://{host}", open_timeout=10
    ) as ws:
        assert ws.ping().wait(timeout=5)

    # Another site's page may not open the socket: the Origin check holds behind nginx.
    with pytest.raises(InvalidStatus) as rejected:
        connect(f"ws://{host}/ws/feed/", origin="http://evil.example", open_timeout=10)
    assert rejected.value.response.status_code == 403

    pids = sorted(p.name for p in (directory / "run").glob("*.pid"))
    assert pids == [
        "daphne-1.pid",
        "daphne-2.pid",
        "gunicorn.pid",
        "nginx-master.pid",
        "nginx.pid",
    ]
