"""WCAG 2.2 AA in CI: one Chromium crawls every page template for each persona that may
see it (rows of the permission matrix), in English and Dutch, and reuses each page once
for axe-core (1280 and 390 px), horizontal overflow (390 and 320 px, the 400 % zoom of a
1280 px screen), broken id references, and the Nu Html Checker (one JVM over all files).
Form error states are crawled too, by submitting each form empty."""

import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PERSONAS
from tests.permissions.purpose import _round
from tests.test_permission_matrix import ROWS, build_world

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
AXE = ROOT / "node_modules/axe-core/axe.min.js"
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
# KOERS_A11Y_SHOTS=<dir>: also save screenshots of a few pages, to look at by eye.
SHOTS = os.environ.get("KOERS_A11Y_SHOTS")
SHOT_PAGES = {
    "visitor en /",
    "visitor nl /feed/",
    "employee en /feed/",
    "external nl /people/me/edit/",
}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = ["en", "nl"]

# Not our page templates: Wagtail's admin, machine-readable answers and health probes.
NOT_PAGES = re.compile(
    r"^/(admin|api|healthz|readyz)\b|\.(atom|csv)$|/mentions/|/autocomplete/|/export/"
)

# (persona, page, form) — each form is submitted empty to show its error state.
FORM_ERRORS = [
    ("visitor", "/accounts/signup/", "form[action*='signup']"),
    ("visitor", "/accounts/login/", "form[action*='login']"),
    ("employee", "/feed/", ".composer form"),
    ("external", "/people/me/edit/", "main form[enctype]"),
    ("external", "/purpose/proposals/new/", "main form[method=post]"),
    ("external", "/people/me/delete/", "main form[method=post]"),
    ("external", _round(), "form.purpose-index-form"),
    ("external", "/people/me/roles/claim/", "main form[method=post]"),
]

ID_REFS_JS = """() => {
  const missing = [];
  for (const attr of ["for", "aria-describedby", "aria-labelledby", "aria-controls",
                      "aria-owns", "aria-activedescendant", "list", "headers"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) missing.push(`${attr}=${id}`);
      }
    }
  }
  return missing;
}"""

AXE_JS = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: "tag", values: tags},
                                     resultTypes: ["violations"]});
  return r.violations.map(v => `${v.id}: ${v.nodes.slice(0, 3).map(
      n => n.target.join(" ")).join(" | ")}`);
}"""

# How far the page scrolls sideways, and the innermost elements that stick out.
OVERFLOW_JS = """() => {
  const over = document.documentElement.scrollWidth - window.innerWidth;
  if (over <= 0) return [over, []];
  const out = el => el.getBoundingClientRect().right > window.innerWidth + 1;
  const wide = [...document.body.querySelectorAll("*")].filter(
      el => out(el) && ![...el.children].some(out));
  return [over, wide.slice(0, 3).map(el => el.tagName.toLowerCase() +
      (el.id ? "#" + el.id : "") + (el.classList.length ? "." + [...el.classList].join(".") : ""))];
}"""


# Rows that differ only in the audience of what they show use the same template.
SAME_TEMPLATE = re.compile(r"^(public|community|staff|members-only) ")


def _pages(world):
    """persona -> [url]: one URL per page template the persona may see (status 200)."""
    pages = {persona: [] for persona in PERSONAS}
    seen = {persona: set() for persona in PERSONAS}
    for _module, row in ROWS:
        if row.method != "get":
            continue
        url = row.resolve(world)
        if NOT_PAGES.search(url.split("?")[0]):
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


def _context(browser, base_url, user, language):
    context = browser.new_context(
        locale="nl-NL" if language == "nl" else "en-GB",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(30_000)
    cookies = [{"name": "django_language", "value": language, "url": base_url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append(
            {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}
        )
    context.add_cookies(cookies)
    context.add_init_script(path=str(AXE))
    return context


class Crawl:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.problems = []
        self.files = {}
        self.pages = 0

    def check(self, page, label, html):
        self.pages += 1
        name = re.sub(r"[^a-zA-Z0-9]+", "_", label).strip("_")[:120] + ".html"
        (self.out_dir / name).write_text(html)
        self.files[name] = label
        for ref in page.evaluate(ID_REFS_JS):
            self.problems.append(f"{label}: missing id reference {ref}")
        for width in (1280, 390, 320):
            page.set_viewport_size({"width": width, "height": 800})
            if SHOTS and width != 320 and label in SHOT_PAGES:
                page.screenshot(path=f"{SHOTS}/{name[:-5]}_{width}.png", full_page=True)
            overflow, culprits = page.evaluate(OVERFLOW_JS)
            if overflow > 0:
                self.problems.append(
                    f"{label} @{width}px: {overflow}px sideways scroll {culprits}"
                )
            if width in (1280, 390):
                for violation in page.evaluate(AXE_JS, AXE_TAGS):
                    self.problems.append(f"{label} @{width}px axe {violation}")
        page.set_viewport_size({"width": 1280, "height": 900})

    def vnu(self):
        result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
            [
                "/usr/bin/java",
                "-Xss4m",
                "-jar",
                str(VNU),
                "--errors-only",
                "--format",
                "json",
                str(self.out_dir),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        messages = json.loads(result.stderr or "{}").get("messages", [])
        for message in messages:
            name = Path(message.get("url", "")).name
            self.problems.append(
                f"{self.files.get(name, name)} vnu line {message.get('lastLine')}: "
                f"{message.get('message')}"
            )
        return len(messages)


@pytest.mark.skipif(
    os.environ.get("KOERS_A11Y_CRAWL") != "1",
    reason="the full WCAG crawl is not green yet (issue 16: reflow at 320/390 px on "
    "profile edit, the index aggregate table and Wagtail's user bar) and takes ~8 "
    "minutes; run it with KOERS_A11Y_CRAWL=1",
)
def test_every_page_passes_axe_vnu_id_references_and_reflow(live_server, browser):
    started = time.monotonic()
    world = build_world()
    pages = _pages(world)
    # Our own directory: pytest's shared basetemp is pruned by other runs on this host.
    out_dir = tempfile.TemporaryDirectory(prefix="koers-a11y-")
    crawl = Crawl(Path(out_dir.name))
    base = live_server.url
    for persona in os.environ.get("KOERS_A11Y_PERSONAS", " ".join(PERSONAS)).split():
        for language in LANGUAGES:
            context = _context(browser, base, world[persona], language)
            page = context.new_page()
            for url in pages[persona]:
                response = page.goto(base + url)
                if "text/html" not in response.headers.get("content-type", ""):
                    continue
                label = f"{persona} {language} {url}"
                crawl.check(page, label, response.text())
            for who, url, form in FORM_ERRORS:
                if who != persona:
                    continue
                url = url(world) if callable(url) else url
                page.goto(base + url)
                with page.expect_navigation() as navigation:
                    page.eval_on_selector(
                        form, "f => { f.noValidate = true; f.requestSubmit(); }"
                    )
                label = f"{persona} {language} {url} errors"
                crawl.check(page, label, navigation.value.text())
            context.close()
    vnu_errors = crawl.vnu()
    out_dir.cleanup()
    elapsed = time.monotonic() - started
    print(  # noqa: T201 - the runtime is part of the CI report
        f"\naccessibility crawl: {crawl.pages} page states, {vnu_errors} vnu errors, "
        f"{len(crawl.problems)} problems, {elapsed:.0f}s"
    )
    assert not crawl.problems, "\n".join(crawl.problems)
