"""Commit feed posts for the fan-out benchmark, through the feed's own service.

Started by bench/run.py with the topology's production environment. Reads one
command per line on stdin ("post"), answers one JSON line: the post id and the
wall-clock time at which its transaction committed (an on_commit hook
registered before the post's own broadcast hook, so it runs first).
"""

import itertools
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.production")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from feed.services import post_create  # noqa: E402
from intranet.audience import EMPLOYEES_GROUP, Audience  # noqa: E402


def authors():
    """Employees in turn, so no one hits the per-member posting rate limit."""
    users = list(
        get_user_model()
        .objects.filter(groups__name=EMPLOYEES_GROUP, is_active=True)
        .order_by("pk")[:40]
    )
    if not users:
        raise SystemExit(json.dumps({"error": "no employees: seed the database"}))
    return itertools.cycle(users)


def main():
    pool = authors()
    print(json.dumps({"ready": True}), flush=True)
    for n, line in enumerate(sys.stdin, start=1):
        if line.strip() != "post":
            continue
        stamp = {}
        try:
            with transaction.atomic():
                transaction.on_commit(lambda s=stamp: s.setdefault("t", time.time()))
                post = post_create(
                    author=next(pool),
                    body=f"<p>Benchmark result {n}: fan-out measured live.</p>",
                    audience=Audience.PUBLIC,
                )
        except Exception as exc:  # noqa: BLE001 - report to the driver, keep running
            print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
            continue
        print(json.dumps({"post_id": post.pk, "committed": stamp["t"]}), flush=True)


if __name__ == "__main__":
    main()
