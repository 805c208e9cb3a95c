"""CPU of a page served from the page cache with the viewer's own state filled in,
next to a fresh render of the same page, in-process.

    DATABASE_URL=postgres://…/koers_x .venv/bin/python bench/profile_hits.py --repeat 9

A member's pages are shared per audience signature (intranet/cache.py) and their own
state (bell, menu, reactions, votes, follows) is filled after the cache
(intranet/viewer_state.py). This renders each hot page once as the demo employee
(a miss that stores the shared copy), then measures the median process CPU of a hit
plus the fill, against a request with ``Cache-Control: no-cache`` (the view runs),
both in the same minute. Queries are counted for one request of each.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from profile_pages import EMPLOYEE, discover

FRESH = {"cache-control": "no-cache"}


def _median_cpu(client: Client, url: str, repeat: int, headers: dict) -> tuple:
    cpu, answers = [], set()
    for _ in range(repeat):
        c0 = time.process_time()
        response = client.get(url, headers=headers)
        cpu.append((time.process_time() - c0) * 1000)
        answers.add(response.get("X-Page-Cache", "-"))
    with CaptureQueriesContext(connection) as captured:
        client.get(url, headers=headers)
    return round(statistics.median(cpu), 2), len(captured), "/".join(sorted(answers))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--pages", default="feed,profile,roadmap,home,directory")
    args = parser.parse_args(argv)
    settings.KOERS_PAGE_CACHE_SECONDS = 300
    client = Client()
    client.force_login(get_user_model().objects.get(email=EMPLOYEE))
    pages = discover(client)
    for name in args.pages.split(","):
        url = pages.get(name)
        if url is None:
            continue
        for _ in range(2):  # warm, and store the shared copy
            client.get(url)
        hit = _median_cpu(client, url, args.repeat, {})
        fresh = _median_cpu(client, url, args.repeat, FRESH)
        print(
            f"{name:10} hit+fill {hit[0]:6.2f} ms {hit[1]:2d} queries ({hit[2]})"
            f"   rendered {fresh[0]:6.2f} ms {fresh[1]:3d} queries ({fresh[2]})  {url}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
