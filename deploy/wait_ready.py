"""Wait until the Koers process on a local port is ready: /readyz answers 200.

    python deploy/wait_ready.py PORT [--timeout SECONDS]

For a rolling restart: systemd runs it as the daphne unit's ExecStartPost, so
`systemctl restart koers-daphne@8001` returns only once that process serves
again, and the next process is restarted only then (docs/deployment.md).
It asks with the first of ALLOWED_HOSTS as Host (read from the unit's
EnvironmentFile), as nginx would. Exit status 0 when ready, 1 on timeout.
Standard library only.
"""

# A command-line tool: prints, asks only 127.0.0.1.
# ruff: noqa: T201, S310

from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.error
import urllib.request


def ready(port: int, host: str, timeout: float = 2.0) -> bool:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/readyz",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def wait_until_ready(port: int, host: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready(port, host):
            return True
        time.sleep(0.2)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("port", type=int)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((h.lstrip(".") for h in hosts if h and h != "*"), "127.0.0.1")
    if wait_until_ready(args.port, host, args.timeout):
        return 0
    print(
        f"port {args.port}: /readyz not 200 after {args.timeout:.0f} s", file=sys.stderr
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
