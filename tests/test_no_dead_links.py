"""No dead links for anyone (issue 15): per persona, every link on every page that
persona is shown leads them to a page, never to a 404, an error or a sign-in wall,
except links that plainly are sign-in or join links.

Over the demo data (`seed_demo`, small) plus the permission matrix's world: each page
template's representative URLs (tests/pages.py) are the start; every link found is
followed once, and pages of a kind not yet read (by URL shape) are read for their links
too, a few per shape, so the crawl reaches profiles, items and posts of the demo
organisation without reading all of them. Django's test client, no browser.
"""

import re
import time
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from tests.conftest import PERSONAS, client_for
from tests.pages import NOT_PAGES, audience_pages
from tests.test_permission_matrix import build_world

pytestmark = pytest.mark.django_db

# Links that are plainly for signing in or joining may ask for it.
SIGN_IN_LINKS = re.compile(r"^/accounts/(login|signup)/")
LOGIN_WALLS = re.compile(r"^/(accounts|admin)/login/")
# Links of one shape (same path pattern and query keys: a search with other facet
# values, another member's profile) fetched, and of those read for their links: enough
# to meet every template's links without walking every combination.
FOLLOW_PER_SHAPE = 3
READ_PER_SHAPE = 1
# Link targets not fetched: Wagtail's admin is a manager's tool with its own links,
# static and media files are served by nginx.
NOT_FOLLOWED = re.compile(r"^/(static|media)/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_in(html: str, page_url: str) -> list[str]:
    """Same-site links of a page, as paths with their query (fragments dropped)."""
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin("http://testserver" + page_url, href))
        if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def shape(url: str) -> str:
    """A URL's kind: its URL pattern (for Wagtail pages, the depth and last segment
    with numbers abstracted) and its query keys."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
        kind = match.route if match.url_name != "wagtail_serve" else ""
    except Resolver404:
        kind = ""
    if not kind:
        segments = [s for s in parts.path.split("/") if s]
        kind = f"{len(segments)}:{re.sub(r'[0-9]+', 'N', (segments or [''])[-1])}"
    keys = sorted({p.split("=")[0] for p in parts.query.split("&") if p})
    return f"{kind}?{'&'.join(keys)}"


def dead_links(user, starts) -> tuple[list[str], int]:
    """(problems, links checked) for one persona."""
    client = client_for(user)
    problems, status = [], {}
    read_shapes, followed_shapes = Counter(), Counter()
    queue = deque((url, "(start)") for url in starts)
    while queue:
        url, found_on = queue.popleft()
        if url in status:
            if status[url] is not None and found_on != "(start)":
                problems.append(f"{url} ({status[url]}) linked from {found_on}")
            continue
        if found_on != "(start)":
            if followed_shapes[shape(url)] >= FOLLOW_PER_SHAPE:
                continue
            followed_shapes[shape(url)] += 1
        response = client.get(url)
        code = response.status_code
        dead = code >= 400 or (
            code in (301, 302) and LOGIN_WALLS.match(response.get("Location", ""))
        )
        status[url] = code if dead else None
        if dead and found_on != "(start)" and not SIGN_IN_LINKS.match(url):
            problems.append(f"{url} ({code}) linked from {found_on}")
        read = found_on == "(start)" or read_shapes[shape(url)] < READ_PER_SHAPE
        if code != 200 or not read or "text/html" not in response.get("Content-Type"):
            continue
        read_shapes[shape(url)] += 1
        for link in links_in(response.content.decode(), url):
            path = link.split("?")[0]
            if SIGN_IN_LINKS.match(link) or NOT_FOLLOWED.match(path):
                continue
            if NOT_PAGES.search(path) and not path.startswith("/api/docs"):
                continue
            if status.get(link, 0) is None:
                continue  # already followed and fine
            queue.append((link, url))
    return problems, len(status)


def test_no_link_leads_any_persona_to_a_404_or_a_sign_in_wall(settings):
    started = time.monotonic()
    settings.KOERS_PAGE_CACHE_SECONDS = 0
    call_command("seed_demo", "--size", "6", "--quiet")
    world = build_world()
    seeded = time.monotonic()
    starts = audience_pages(world)
    problems, checked = [], {}
    for persona in PERSONAS:
        found, checked[persona] = dead_links(world[persona], ["/", *starts[persona]])
        problems += [f"{persona}: {p}" for p in found]
    print(  # noqa: T201 - the crawl's size and time are part of the CI report
        f"\ndead-link crawl: {checked} links per persona, {len(problems)} dead; "
        f"seed {seeded - started:.0f}s, crawl {time.monotonic() - seeded:.0f}s"
    )
    assert not problems, "\n".join(sorted(set(problems)))
