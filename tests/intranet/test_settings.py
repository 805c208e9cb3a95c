"""Production settings refuse to start without secrets and pass `check --deploy` with them."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "x7$k2!pQ9vLm#4rT8wZ1yB6nC3dF5gH0jK2lM4nP6qR8sT0uV2wX4yZ6aB8cD0eF"


def run_manage(*args, env_extra):
    # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a deploy check.
    dropped = ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
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
        env_extra={"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "koers.example"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
