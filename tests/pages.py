"""The site's page templates, one representative URL each, per persona that may see it.

Taken from the permission matrix (tests/permissions/*): every GET row a persona gets a
200 for, minus what is not a page (Wagtail's admin, the API, feeds, health probes).
The accessibility crawl (tests/browser/test_accessibility.py) and the dead-link crawl
(tests/test_no_dead_links.py) both walk this list, so a new row is crawled by both.
"""

import re

from tests.conftest import PERSONAS
from tests.test_permission_matrix import ROWS

# Not our page templates: Wagtail's admin, machine-readable answers and health probes.
NOT_PAGES = re.compile(
    r"^/(admin|api|healthz|readyz)\b|\.(atom|csv|ics)$|/mentions/|/autocomplete/|/export/"
)

# Uploaded images (a post's image, a profile photo): answers of the permission matrix,
# but no page template for the accessibility crawl (the pages showing them are crawled).
MEDIA = re.compile(r"/image/|/photos/\d+/")

# Rows that differ only in the audience of what they show use the same template.
SAME_TEMPLATE = re.compile(r"^(public|community|staff|members-only) ")


def template_pages(world) -> dict[str, list[str]]:
    """persona -> [url]: one URL per page template the persona may see (status 200)."""
    pages = {persona: [] for persona in PERSONAS}
    seen = {persona: set() for persona in PERSONAS}
    for _module, row in ROWS:
        if row.method != "get":
            continue
        url = row.resolve(world)
        if NOT_PAGES.search(url.split("?")[0]) or MEDIA.search(url):
            continue
        template = SAME_TEMPLATE.sub("", row.name)
        for persona in PERSONAS:
            if row.expect[persona] == 200 and template not in seen[persona]:
                seen[persona].add(template)
                pages[persona].append(url)
    for persona in PERSONAS:
        if world[persona] is not None:  # one's own profile: completeness, edit links
            pages[persona].append(f"/people/{world[persona].username}/")
    return pages


def audience_pages(world) -> dict[str, list[str]]:
    """persona -> [url]: every GET page the persona may see, of every audience (the
    dead-link crawl wants the public, community and staff variants alike)."""
    pages = {persona: [] for persona in PERSONAS}
    for _module, row in ROWS:
        if row.method != "get":
            continue
        url = row.resolve(world)
        if NOT_PAGES.search(url.split("?")[0]):
            continue
        for persona in PERSONAS:
            if row.expect[persona] == 200 and url not in pages[persona]:
                pages[persona].append(url)
    for persona in PERSONAS:
        if world[persona] is not None:
            pages[persona].append(f"/people/{world[persona].username}/")
    return pages
