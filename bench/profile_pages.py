"""CPU per rendered page, measured in-process, with an optional pyinstrument profile.

    DATABASE_URL=postgres://…/koers_x .venv/bin/python bench/profile_pages.py   # ms per page
    DATABASE_URL=… .venv/bin/python bench/profile_pages.py --profile feed

Renders each page with Django's test client against a database seeded by
``manage.py seed_demo --size N`` (the page cache is off: every request runs the
view, as the benchmark's "rendered" rows), as a visitor and as the demo employee.
Reports the median process CPU time per page (Python: middleware, views, ORM
object construction, templates; PostgreSQL's own time is not in it), the wall
time and the number of queries. ``--profile NAME`` writes a pyinstrument text
report of that page to bench/results/profile-<name>-<persona>.txt.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings.test")
os.environ.setdefault("KOERS_PAGE_CACHE_SECONDS", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

EMPLOYEE = "employee@example.org"
RESULTS = ROOT / "bench" / "results"


def discover(client: Client) -> dict[str, str]:
    """One URL per hot page, found from the site's own links."""
    pages = {
        "home": "/",
        "feed": "/feed/",
        "directory": "/people/",
        "search": "/search/?q=zorg",
        "roadmaps": "/roadmaps/",
        "networks": "/people/networks/",
        "purpose": "/purpose/",
    }
    people = client.get("/people/").content.decode()
    profile = re.search(
        r'href="(/people/(?!networks/|competences/|me/)[\w.@+-]+/)"', people
    )
    if profile:
        pages["profile"] = profile.group(1)
    competence = re.search(r'href="\?competence=([\w%-]+)"', people)
    if competence:
        pages["people-competence"] = f"/people/?competence={competence.group(1)}"
    pages["people-q"] = "/people/?q=zorg"
    pages["competences"] = "/people/competences/"
    competences = client.get("/people/competences/").content.decode()
    detail = re.search(
        r'href="(/people/competences/(?!autocomplete/)[\w%-]+/)"', competences
    )
    if detail:
        pages["competence"] = detail.group(1)
    # a network every persona may see: found as a visitor
    networks = Client().get("/people/networks/").content.decode()
    network = re.search(r'href="(/people/networks/[\w-]+/)"', networks)
    if network:
        pages["network"] = network.group(1)
    roadmaps = client.get("/roadmaps/").content.decode()
    roadmap = re.search(r'href="(/roadmaps/[\w-]+/)"', roadmaps)
    if roadmap:
        url = roadmap.group(1)
        pages["roadmap"] = url
        pages["timeline"] = url + "timeline/"
        pages["changes"] = url + "changes/"
        pages["ideas"] = url + "ideas/"
        board = client.get(url).content.decode()
        item = re.search(
            rf'href="({re.escape(url)}(?!timeline/|changes/|ideas/)[\w-]+/)"', board
        )
        if item:
            pages["item"] = item.group(1)
    purpose = client.get("/purpose/").content.decode()
    promise = re.search(r'href="(/purpose/promises/[\w-]+/)"', purpose)
    if promise:
        pages["promise"] = promise.group(1)
    for name in ("history", "signals", "proposals", "inventory", "index"):
        pages[f"purpose-{name}"] = f"/purpose/{name}/"
    return pages


def measure(client: Client, url: str, repeat: int) -> dict:
    for _ in range(2):  # warm: template loader, translations, first queries
        client.get(url)
    cpu, wall = [], []
    for _ in range(repeat):
        c0, w0 = time.process_time(), time.perf_counter()
        response = client.get(url)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return {
        "status": response.status_code,
        "cpu_ms": round(statistics.median(cpu), 1),
        "wall_ms": round(statistics.median(wall), 1),
        "queries": len(captured),
    }


def profile(client: Client, url: str, repeat: int, out: Path) -> None:
    from pyinstrument import Profiler

    client.get(url)
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(repeat):
        client.get(url)
    profiler.stop()
    out.write_text(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", help="page name to profile with pyinstrument")
    parser.add_argument(
        "--persona", default="employee", choices=["visitor", "employee"]
    )
    parser.add_argument("--json", help="write the table to this file too")
    parser.add_argument(
        "--pages", help="only these pages, comma-separated (e.g. directory,profile)"
    )
    args = parser.parse_args(argv)
    clients = {"visitor": Client(), "employee": Client()}
    clients["employee"].force_login(get_user_model().objects.get(email=EMPLOYEE))
    pages = discover(clients["employee"])
    if args.profile:
        out = RESULTS / f"profile-{args.profile}-{args.persona}.txt"
        profile(clients[args.persona], pages[args.profile], args.repeat, out)
        print(out)
        return 0
    if args.pages:
        wanted = args.pages.split(",")
        pages = {name: url for name, url in pages.items() if name in wanted}
    rows = []
    for name, url in pages.items():
        for persona, client in clients.items():
            row = {"page": name, "url": url, "persona": persona}
            row.update(measure(client, url, args.repeat))
            rows.append(row)
            print(
                f"{name:10} {persona:9} {row['status']} cpu {row['cpu_ms']:6.1f} ms"
                f"  wall {row['wall_ms']:6.1f} ms  {row['queries']:3d} queries  {url}"
            )
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
