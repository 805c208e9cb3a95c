"""The scale-out topology on one machine: nginx, two daphne, gunicorn, PostgreSQL, Redis.

    deploy/topology up [--seed demo|large|N] [--no-migrate]
    deploy/topology status
    deploy/topology roll     (rolling restart of the daphne processes)
    deploy/topology down

nginx listens on 127.0.0.1:$KOERS_TOPOLOGY_PORT (default 8480) and routes
/ws/ to two daphne processes (ports +1, +2), every other request to the HTTP
server (gunicorn on +3, or the two daphne processes when
KOERS_HTTP_SERVER=daphne) and /static/ to collectstatic's output. PostgreSQL
and Redis must already run (DATABASE_URL, REDIS_URL); the database is created
and migrated when missing. Processes run in the background with pid files and
logs under $KOERS_TOPOLOGY_DIR (default /tmp/koers-topology). The Django
processes run intranet.settings.production with a generated SECRET_KEY and
WAGTAILADMIN_BASE_URL=http://127.0.0.1:$KOERS_TOPOLOGY_PORT.

bench/run imports this module; tests/deploy/test_topology.py drives the command.
"""

# A command-line tool: prints, runs fixed subprocess argv, defaults under /tmp.
# ruff: noqa: T201, S603, S108

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
TEMPLATE = ROOT / "deploy" / "nginx" / "koers.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Config:
    dir: Path
    port: int
    database_url: str
    redis_url: str
    http_server: str = "gunicorn"
    http_workers: int = 3
    http_threads: int = 1
    ws_processes: int = 2
    static_root: Path | None = None
    extra_env: dict = field(default_factory=dict)

    @classmethod
    def from_env(cls, environ=os.environ) -> Config:
        port = int(environ.get("KOERS_TOPOLOGY_PORT", "8480"))
        return cls(
            dir=Path(environ.get("KOERS_TOPOLOGY_DIR", "/tmp/koers-topology")),
            port=port,
            database_url=environ.get(
                "KOERS_TOPOLOGY_DATABASE_URL",
                "postgres://postgres@127.0.0.1:5432/koers_topology",
            ),
            redis_url=environ.get(
                "KOERS_TOPOLOGY_REDIS_URL", "redis://127.0.0.1:6379/12"
            ),
            http_server=environ.get("KOERS_HTTP_SERVER", "gunicorn"),
            http_workers=int(environ.get("KOERS_HTTP_WORKERS", "3")),
            http_threads=int(environ.get("KOERS_HTTP_THREADS", "1")),
            static_root=(
                Path(environ["KOERS_TOPOLOGY_STATIC_ROOT"])
                if environ.get("KOERS_TOPOLOGY_STATIC_ROOT")
                else None
            ),
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_ports(self) -> list[int]:
        return [self.port + 1 + i for i in range(self.ws_processes)]

    @property
    def gunicorn_port(self) -> int:
        return self.port + 1 + self.ws_processes

    @property
    def run_dir(self) -> Path:
        return self.dir / "run"

    @property
    def log_dir(self) -> Path:
        return self.dir / "logs"

    @property
    def static_dir(self) -> Path:
        return self.static_root or self.dir / "static"

    def secret_key(self) -> str:
        path = self.dir / "secret_key"
        if not path.exists():
            self.dir.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(64))
            path.chmod(0o600)
        return path.read_text().strip()

    def django_env(self) -> dict:
        """The production environment every Django process of the topology gets."""
        hosts = ["127.0.0.1", "localhost"]
        env = dict(os.environ)
        for name in ("DJANGO_SETTINGS_MODULE", "DEBUG"):
            env.pop(name, None)
        prefix = f"koerstopo{self.port}"
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "intranet.settings.production",
                "SECRET_KEY": self.secret_key(),
                "ALLOWED_HOSTS": ",".join(hosts),
                # Absolute links (mails, API, feeds) point at the local proxy.
                "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.port}",
                "CSRF_TRUSTED_ORIGINS": ",".join(
                    f"http://{h}:{self.port}" for h in hosts
                ),
                # The local proxy speaks plain HTTP; behind TLS leave this on.
                "SECURE_SSL_REDIRECT": "False",
                "DATABASE_URL": self.database_url,
                "REDIS_URL": tuned_redis_url(self.redis_url),
                "CHANNEL_LAYER_PREFIX": prefix,
                "CACHE_KEY_PREFIX": prefix,
                # nginx adds the client's address to X-Forwarded-For.
                "KOERS_TRUSTED_PROXY_COUNT": "1",
                "STATIC_ROOT": str(self.static_dir),
                "MEDIA_ROOT": str(self.dir / "media"),
                "KOERS_MEDIA_ACCEL_REDIRECT": "True",
                "EMAIL_URL": env.get("EMAIL_URL", "consolemail://"),
                "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING"),
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env


def tuned_redis_url(url: str) -> str:
    """Redis settings a daphne with a thousand sockets needs (see docs/deployment.md).

    - ``socket_timeout`` above channels-redis' 5 s blocking pop: redis-py 8's
      default is also 5 s, and when both expire together the read fails and
      the consumer (and its WebSocket) dies.
    - ``max_connections``: every consumer joins its groups through one pool;
      redis-py raises instead of waiting when its 100 connections are busy.
    """
    parsed = urlparse(url)
    query = dict(parse_qsl(parsed.query))
    query.setdefault("socket_timeout", "30")
    query.setdefault("max_connections", "2000")
    return urlunparse(parsed._replace(query=urlencode(query)))


# --- helpers ------------------------------------------------------------------


def say(message: str) -> None:
    print(f"[topology] {message}", flush=True)


def raise_fd_limit() -> None:
    """2,000 WebSockets need more than the usual 1,024 descriptors; children inherit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > 65536:
        hard = 65536
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database named in the URL when it does not exist."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        return
    import psycopg

    name = parsed.path.lstrip("/")
    admin = urlunparse(parsed._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            say(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def flush_redis_prefix(cfg: Config) -> None:
    """Drop this topology's own cache entries and channel-layer groups.

    Groups left behind by processes that were killed would otherwise keep
    receiving (and queueing) every broadcast until they expire a day later.
    """
    import redis

    prefix = cfg.django_env()["CHANNEL_LAYER_PREFIX"]
    client = redis.Redis.from_url(cfg.redis_url)
    for key in client.scan_iter(f"{prefix}*", count=1000):
        client.delete(key)


def manage(cfg: Config, *args: str, quiet: bool = False) -> None:
    cmd = [str(BIN / "python"), "manage.py", *args]
    out = subprocess.DEVNULL if quiet else None
    subprocess.run(cmd, cwd=ROOT, env=cfg.django_env(), check=True, stdout=out)


def render_nginx(cfg: Config) -> Path:
    user_line = f"user {os.getenv('USER', 'root')};" if os.geteuid() == 0 else ""
    # max_fails=0: a refused connect while a process restarts never marks it
    # down (see the template's comment on upstream koers_ws).
    ws = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in cfg.ws_ports)
    if cfg.http_server == "daphne":
        http = ws
    else:
        http = f"        server 127.0.0.1:{cfg.gunicorn_port} max_fails=0;"
    values = {
        "user_line": user_line,
        "worker_processes": "1",
        "run_dir": str(cfg.run_dir),
        "log_dir": str(cfg.log_dir),
        "access_log": "off",
        "http_servers": http,
        "ws_servers": ws,
        "listen": f"127.0.0.1:{cfg.port}",
        "server_name": "127.0.0.1 localhost",
        "static_root": str(cfg.static_dir),
        "media_root": str(cfg.dir / "media"),
    }
    text = TEMPLATE.read_text()
    for key, value in values.items():
        text = text.replace("{{" + key + "}}", value)
    path = cfg.run_dir / "nginx.conf"
    path.write_text(text)
    return path


def commands(cfg: Config) -> dict[str, list[str]]:
    """name -> argv of every long-running process."""
    procs = {}
    for i, port in enumerate(cfg.ws_ports, start=1):
        procs[f"daphne-{i}"] = [
            str(BIN / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "--proxy-headers",
            "--ping-interval",
            "20",
            "--websocket-max-message-size",
            "4096",
            "-v",
            "0",
            os.environ.get("KOERS_ASGI_APP", "intranet.asgi:application"),
        ]
    if cfg.http_server == "gunicorn":
        argv = [
            str(BIN / "gunicorn"),
            "intranet.wsgi:application",
            "--bind",
            f"127.0.0.1:{cfg.gunicorn_port}",
            "--workers",
            str(cfg.http_workers),
            "--keep-alive",
            "30",
            "--graceful-timeout",
            "5",
            "--log-level",
            "warning",
        ]
        if cfg.http_threads > 1:
            argv += ["--worker-class", "gthread", "--threads", str(cfg.http_threads)]
        procs["gunicorn"] = argv
    conf = cfg.run_dir / "nginx.conf"
    procs["nginx"] = [
        NGINX,
        "-p",
        str(cfg.run_dir),
        "-c",
        str(conf),
        "-e",
        str(cfg.log_dir / "nginx-error.log"),
        "-g",
        "daemon off;",
    ]
    return procs


def pid_file(cfg: Config, name: str) -> Path:
    return cfg.run_dir / f"{name}.pid"


def running(cfg: Config) -> dict[str, int]:
    alive = {}
    for path in sorted(cfg.run_dir.glob("*.pid")) if cfg.run_dir.exists() else []:
        if path.name == "nginx.pid":  # nginx's own pid file; ours is nginx-master
            continue
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
            pid = int(path.read_text())
            os.kill(pid, 0)
            alive[path.stem] = pid
    return alive


def get(url: str, timeout: float = 2.0) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310 - 127.0.0.1 only
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (OSError, urllib.error.URLError):
        return 0


def wait_ready(cfg: Config, timeout: float = 60.0) -> bool:
    backends = [f"http://127.0.0.1:{p}/healthz" for p in cfg.ws_ports]
    if cfg.http_server == "gunicorn":
        backends.append(f"http://127.0.0.1:{cfg.gunicorn_port}/healthz")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (
            all(get(u) == 200 for u in backends)
            and get(cfg.base_url + "/readyz") == 200
        ):
            return True
        if len(running(cfg)) < len(commands(cfg)):
            return False  # a process died: no point waiting
        time.sleep(0.3)
    return False


def tail_logs(cfg: Config, lines: int = 15) -> None:
    for log in sorted(cfg.log_dir.glob("*.log")):
        content = log.read_text(errors="replace").splitlines()[-lines:]
        if content:
            print(f"--- {log} ---", file=sys.stderr)
            print("\n".join(content), file=sys.stderr)


# --- commands -----------------------------------------------------------------


def up(
    cfg: Config,
    *,
    migrate: bool = True,
    collectstatic: bool = True,
    seed: str | None = None,
    timeout: float = 60.0,
) -> None:
    if running(cfg):
        raise SystemExit(f"already running in {cfg.dir}; run `down` first")
    for port in [cfg.port, *cfg.ws_ports, cfg.gunicorn_port]:
        if not port_free(port):
            raise SystemExit(f"port {port} is in use; set KOERS_TOPOLOGY_PORT")
    for d in (cfg.dir, cfg.run_dir, cfg.log_dir, cfg.static_dir, cfg.dir / "media"):
        d.mkdir(parents=True, exist_ok=True)
    raise_fd_limit()
    ensure_database(cfg.database_url)
    if migrate:
        say("migrate")
        manage(cfg, "migrate", "--noinput", "-v", "0")
    if seed:
        say(f"seed_demo --size {seed}")
        manage(cfg, "seed_demo", "--size", seed, "--quiet")
    if collectstatic:
        say(f"collectstatic -> {cfg.static_dir}")
        manage(cfg, "collectstatic", "--noinput", "-v", "0")
    flush_redis_prefix(cfg)
    render_nginx(cfg)
    for name in commands(cfg):
        start(cfg, name)
    if not wait_ready(cfg, timeout):
        tail_logs(cfg)
        down(cfg)
        raise SystemExit("topology did not become ready; logs above")
    say(
        f"up: {cfg.base_url}  (HTTP: {cfg.http_server}, WebSockets: "
        f"daphne on {', '.join(map(str, cfg.ws_ports))}; logs in {cfg.log_dir})"
    )


def start(cfg: Config, name: str) -> int:
    """Start one process of the topology in the background; its pid."""
    argv = commands(cfg)[name]
    with open(cfg.log_dir / f"{name}.log", "ab") as log:
        proc = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=cfg.django_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    pid_name = "nginx-master" if name == "nginx" else name
    pid_file(cfg, pid_name).write_text(str(proc.pid))
    return proc.pid


def stop(cfg: Config, name: str, sig: int = signal.SIGTERM, timeout=20.0) -> None:
    """Signal one process (and its session); SIGKILL it after ``timeout`` s."""
    pid = running(cfg).get(name)
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
    deadline = time.monotonic() + timeout
    while name in running(cfg) and time.monotonic() < deadline:
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    pid_file(cfg, name).unlink(missing_ok=True)


def wait_process_ready(cfg: Config, port: int, timeout: float = 60.0) -> bool:
    """deploy/wait_ready.py, exactly as the systemd unit's ExecStartPost runs it."""
    argv = [str(BIN / "python"), str(ROOT / "deploy" / "wait_ready.py"), str(port)]
    argv += ["--timeout", str(timeout)]
    return subprocess.run(argv, cwd=ROOT, env=cfg.django_env()).returncode == 0


def roll(cfg: Config) -> None:
    """The rolling restart of docs/deployment.md: one daphne at a time, each
    ready (/readyz) before the next is stopped."""
    for i, port in enumerate(cfg.ws_ports, start=1):
        name = f"daphne-{i}"
        say(f"restart {name}")
        stop(cfg, name)
        start(cfg, name)
        if not wait_process_ready(cfg, port):
            tail_logs(cfg)
            raise SystemExit(f"{name} did not become ready; logs above")
    say("rolled")


def down(cfg: Config, timeout: float = 10.0) -> None:
    procs = running(cfg)
    for pid in procs.values():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            # Each process leads its own session (start_new_session): stop it and its workers.
            os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while procs and time.monotonic() < deadline:
        procs = running(cfg)
        time.sleep(0.1)
    for _name, pid in procs.items():
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    for path in cfg.run_dir.glob("*.pid") if cfg.run_dir.exists() else []:
        path.unlink(missing_ok=True)
    say("down")


def status(cfg: Config) -> int:
    procs = running(cfg)
    for name, pid in procs.items():
        print(f"{name:<12} pid {pid}")
    ready = get(cfg.base_url + "/readyz") == 200
    print(f"{cfg.base_url}/readyz: {'ready' if ready else 'not ready'}")
    return 0 if ready else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["up", "down", "status", "restart", "roll"])
    parser.add_argument("--seed", help="seed_demo --size before starting")
    parser.add_argument("--no-migrate", action="store_true")
    parser.add_argument("--no-collectstatic", action="store_true")
    args = parser.parse_args(argv)
    cfg = Config.from_env()
    if args.command in ("down", "restart"):
        down(cfg)
    if args.command in ("up", "restart"):
        up(
            cfg,
            migrate=not args.no_migrate,
            collectstatic=not args.no_collectstatic,
            seed=args.seed,
        )
    if args.command == "roll":
        roll(cfg)
    if args.command == "status":
        return status(cfg)
    return 0


if __name__ == "__main__":
    sys.exit(main())
