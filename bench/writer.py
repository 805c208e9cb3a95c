"""Writes for the busy-site workload: posts, reactions, votes and profile edits.

Started by bench/busy.py with the topology's production environment, so each
write goes through the app's own services, signals and page-cache versions,
exactly as a member's would. ``--rate`` writes per second in turn (post, react,
vote, edit) for ``--seconds``; prints one JSON line with what it did.
"""

import argparse
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

from feed.models import Post  # noqa: E402
from feed.services import post_create, reaction_toggle  # noqa: E402
from intranet.audience import EMPLOYEES_GROUP, Audience  # noqa: E402
from profiles.services import profile_update  # noqa: E402
from roadmaps.models import RoadmapItemPage, Vote  # noqa: E402
from roadmaps.services import (  # noqa: E402
    vote_cast,
    vote_check_open,
    vote_retract,
)


def _votable(item) -> bool:
    try:
        vote_check_open(item=item)
    except Exception:  # noqa: BLE001 - closed for votes (done, or not an idea)
        return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rate", type=float, default=2.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    members = list(
        get_user_model()
        .objects.filter(groups__name=EMPLOYEES_GROUP, is_active=True)
        .select_related("profile")
        .order_by("pk")[:60]
    )
    items = [
        item
        for item in RoadmapItemPage.objects.live().public().order_by("pk")[:40]
        if _votable(item)
    ][:20]
    if not members:
        print(json.dumps({"error": "no employees: seed the database"}), flush=True)
        return 1
    people = itertools.cycle(members)
    done: dict[str, int] = {}
    errors: list[str] = []

    def post():
        post_create(
            author=next(people),
            body="<p>Drukte-meting: een nieuw resultaat uit de wijk.</p>",
            audience=Audience.PUBLIC,
        )

    def react():
        newest = Post.objects.filter(audience=Audience.PUBLIC).order_by("-pk").first()
        reaction_toggle(post=newest, user=next(people), kind="like")

    def vote():
        if not items:
            return react()
        user, item = next(people), items[done.get("vote", 0) % len(items)]
        if Vote.objects.filter(user=user, item=item).exists():
            vote_retract(user=user, item=item)
        else:
            vote_cast(user=user, item=item)

    def edit():
        member = next(people)
        profile_update(
            profile=member.profile, headline=f"Wijkzorg, ronde {time.time():.0f}"
        )

    actions = itertools.cycle(
        [("post", post), ("react", react), ("vote", vote), ("edit", edit)]
    )
    print(json.dumps({"ready": True}), flush=True)
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < args.seconds:
        name, action = next(actions)
        try:
            action()
            done[name] = done.get(name, 0) + 1
        except Exception as exc:  # noqa: BLE001 - count it, keep the rhythm
            errors.append(f"{name}: {type(exc).__name__}: {exc}"[:200])
        n += 1
        pause = start + n / args.rate - time.monotonic()
        if pause > 0:
            time.sleep(pause)
    elapsed = time.monotonic() - start
    print(
        json.dumps(
            {
                "writes": done,
                "writes_per_second": round(sum(done.values()) / elapsed, 2),
                "errors": errors[:5],
                "error_count": len(errors),
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
