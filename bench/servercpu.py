"""CPU time the page-serving processes spend, read from /proc (issue 22).

``cpu_seconds(roots)`` sums user + system time of each root process and of
every live descendant (gunicorn's workers are children of its master), plus
the time of children they have already reaped (``cutime``/``cstime``: a
worker gunicorn restarted mid-row is not lost). bench/run.py samples it, with
the servers idle, before and after each wrk row and divides the difference by
the requests wrk sent: server CPU per request, the part of a page's cost that
more cores would have to carry (nginx, PostgreSQL, Redis and wrk are not in
it; ``Meter`` reads the database backends' beside it).

Linux only; the tick is ``SC_CLK_TCK`` (usually 10 ms), so a row needs a few
hundred ticks (seconds of CPU) before its figure is better than a few percent.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

PROC = Path("/proc")
TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name, or None if gone.

    The name is in parentheses and may hold spaces or parentheses itself, so
    the split is at the last ``)``: index 0 is then field 3 (state).
    """
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:  # the process ended between listing and reading
        return None
    return text.rpartition(")")[2].split()


def _children_by_parent() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(int(entry.name))
        if fields:
            tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def descendants(roots: Iterable[int]) -> list[int]:
    """The roots and every live process below them."""
    tree = _children_by_parent()
    found, todo = [], list(roots)
    while todo:
        pid = todo.pop()
        if pid in found:
            continue
        found.append(pid)
        todo += tree.get(pid, [])
    return found


def cpu_seconds(roots: Iterable[int]) -> float:
    """User + system CPU seconds of the roots' process trees so far.

    A live process counts with its own utime/stime; once its parent has reaped
    it, its time is in the parent's cutime/cstime instead, so each counts once.
    """
    return sum(process_seconds(pid) for pid in descendants(roots))


def process_seconds(pid: int) -> float:
    """One process's user + system CPU seconds, with its reaped children's."""
    fields = _stat(pid)
    if not fields:
        return 0.0
    # fields[11:15] = utime, stime, cutime, cstime (stat fields 14..17)
    return sum(int(f) for f in fields[11:15]) / TICK


class Meter:
    """CPU per request of the page servers (and their database backends) over a row.

    ``server_pids`` are the roots of the serving processes; ``database_pids``,
    when given, returns the PostgreSQL backend pids of the site's database (a
    psycopg pool keeps them for the whole row). A backend that appears during
    the row counts in full; one that ends during it is lost (rare with a pool).
    """

    def __init__(self, server_pids: list[int], database_pids=None):
        self.server_pids = list(server_pids)
        self.database_pids = database_pids

    def sample(self) -> tuple[float, dict[int, float]]:
        backends = self.database_pids() if self.database_pids else []
        return (
            cpu_seconds(self.server_pids),
            {pid: process_seconds(pid) for pid in backends},
        )

    def settle(self, idle: float = 0.2, timeout: float = 30.0) -> float:
        """Wait until the servers are idle: they and their database backends
        together grew by less than two ticks over ``idle`` seconds (a request
        waiting on a query shows as the backend's CPU), so the requests an
        earlier load left in flight are done. Returns the seconds waited."""
        started = time.monotonic()
        backends = self.database_pids() if self.database_pids else []

        def spent() -> float:
            return cpu_seconds(self.server_pids) + sum(
                process_seconds(pid) for pid in backends
            )

        last = spent()
        while time.monotonic() - started < timeout:
            time.sleep(idle)
            now = spent()
            if now - last < 2 / TICK:
                break
            last = now
        return time.monotonic() - started

    def per_request(
        self, before: tuple[float, dict[int, float]], requests: int
    ) -> dict:
        """``cpu_ms`` (and ``db_cpu_ms``) per request since ``before``, and
        ``cpu_requests``, the count it is divided by.

        Sample ``before`` and the end with the servers idle (``settle``), and
        count every request the load sent, the ones still in flight when it
        stopped too: the servers finish those after the client has gone.
        """
        server, backends = self.sample()
        if not requests:
            return {"cpu_ms": None, "db_cpu_ms": None, "cpu_requests": 0}
        row = {
            "cpu_ms": (server - before[0]) * 1000 / requests,
            "cpu_requests": requests,
        }
        if self.database_pids:
            spent = sum(t - before[1].get(pid, 0.0) for pid, t in backends.items())
            row["db_cpu_ms"] = spent * 1000 / requests
        return row
