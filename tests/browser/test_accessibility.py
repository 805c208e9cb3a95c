"""WCAG 2.2 AA in CI: one Chromium crawls every page template for each persona that may
see it (tests/pages.py, from the permission matrix), in English and Dutch, at 1280 and
390 px, with axe-core, a sideways-scroll check (1280, 390 and 320 px: 320 is the 400 %
zoom of a 1280 px screen), a check for id references to missing elements, and at the
end the Nu Html Checker once over every captured page (one JVM start).

A page is loaded once per persona and language and checked at each of its widths by
resizing the viewport (the layout is CSS media queries; koers.js follows resize and
matchMedia changes), never reloaded for a width. Each page is checked at 1280 px in one
language and at 390 px (then 320 px) in the other, the languages alternating from page
to page so both languages meet both widths. The pages whose content changes most with
the language and the width (FULL_MATRIX: home, feed, a post, profile edit) and every
form error state (each form submitted empty, once per language) are checked at every
width in both languages. One browser context per persona, signed in once; static files
come from the browser's cache after the first page (see `cached_static`).
"""

import json
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.test import Client

from tests.conftest import PERSONAS
from tests.pages import template_pages
from tests.permissions.purpose import _round
from tests.test_permission_matrix import build_world

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
# The best-practice rules of Wagtail's user-bar content checker (ContentCheckerItem):
# what it flags, it marks on the page for managers with a badge of its own.
WAGTAIL_CHECKER_RULES = ["heading-order", "p-as-heading", "empty-heading"]
LANGUAGES = ["en", "nl"]
# Widths checked after one load: the desktop layout, or the phone layout then 320 px.
WIDTHS = [(1280,), (390, 320)]
ALL_WIDTHS = (1280, 390, 320)
# Pages checked in every language at every width (see the module docstring).
FULL_MATRIX = re.compile(r"^/$|^/feed/$|^/feed/posts/\d+/$|^/people/me/edit/$")

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
    ("employee", "/gatherings/new/", "main form[method=post]"),
    (
        "employee",
        lambda w: f"/purpose/signals/{w['public_signal'].pk}/story/",
        "#story-form",
    ),
    (
        "manager",
        lambda w: f"/gatherings/{w['gathering_past'].pk}/results/",
        "main form[method=post]",
    ),
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

AXE_JS = """async ([tags, extra]) => {
  const rules = Object.fromEntries(extra.map(id => [id, {enabled: true}]));
  // preload: false: the stylesheets are in the page already; axe need not fetch them.
  const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, rules,
                                     resultTypes: ["violations"], preload: false});
  return r.violations.map(v => `${v.id}: ${v.nodes.slice(0, 3).map(
      n => n.target.join(" ")).join(" | ")}`);
}"""

# Resolves after two animation frames: the resize event and its listeners have run.
SETTLED_JS = """() => new Promise(done => requestAnimationFrame(
    () => requestAnimationFrame(done)))"""

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


def _context(browser, base_url, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}]
        )
    context.add_init_script(path=str(AXE))
    return context


@pytest.fixture
def cached_static(monkeypatch):
    """Let the browser cache static files: the test server's static handler answers
    without Cache-Control, so each page asked for its fourteen stylesheets, scripts and
    icons again (each a request through Python). Routing them in Playwright would not
    help: a route turns the browser's HTTP cache off. With a max-age each context
    fetches them once; every page is then one request to the test server."""
    serve = StaticFilesHandler.serve

    def serve_cacheable(self, request):
        response = serve(self, request)
        response["Cache-Control"] = "max-age=3600"
        return response

    monkeypatch.setattr(StaticFilesHandler, "serve", serve_cacheable)


def _speak(context, base_url, language):
    """Switch the context's language (Django's language cookie, replaced in place)."""
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": base_url}]
    )
    context.set_extra_http_headers(
        {"Accept-Language": "nl-NL,nl" if language == "nl" else "en-GB,en"}
    )


class Crawl:
    def __init__(self, out_dir):
        self.out_dir = out_dir
        self.problems = []
        self.files = {}
        self.states = 0
        self.loads = 0
        self.axe_runs = 0
        self.axe_seconds = 0.0

    def check(self, page, label, html, widths):
        """Check the loaded page at each width: ids, overflow, axe (not at 320 px, a
        zoom of the 1280 px layout already checked); save the HTML for the checker."""
        self.states += 1
        name = f"{len(self.files):04d}_" + re.sub(r"[^a-zA-Z0-9]+", "_", label)[:100]
        name = name.strip("_") + ".html"
        (self.out_dir / name).write_text(html)
        self.files[name] = label
        for ref in page.evaluate(ID_REFS_JS):
            self.problems.append(f"{label}: missing id reference {ref}")
        for width in widths:
            if page.viewport_size["width"] != width:
                page.set_viewport_size({"width": width, "height": 800})
                page.evaluate(SETTLED_JS)  # resize listeners and media queries ran
            if SHOTS and width != 320 and label in SHOT_PAGES:
                page.screenshot(path=f"{SHOTS}/{name[:-5]}_{width}.png", full_page=True)
            overflow, culprits = page.evaluate(OVERFLOW_JS)
            if overflow > 0:
                self.problems.append(
                    f"{label} @{width}px: {overflow}px sideways scroll {culprits}"
                )
            if width != 320:
                self.axe_runs += 1
                axe_started = time.monotonic()
                violations = page.evaluate(AXE_JS, [AXE_TAGS, WAGTAIL_CHECKER_RULES])
                self.axe_seconds += time.monotonic() - axe_started
                for violation in violations:
                    self.problems.append(f"{label} @{width}px axe {violation}")

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


def _tree_cpu_seconds() -> float:
    """CPU seconds used so far by this process and its descendants (the test server,
    Playwright's driver, Chromium): unlike the wall clock, barely moved by other jobs
    on a busy machine, so runs of the crawl can be compared. 0 where /proc is missing."""
    try:
        stats = {}
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1]
                except OSError:
                    continue
                parts = fields.split()
                # After the name: state(0) ppid(1) ... utime(11) stime cutime cstime(14).
                stats[int(entry.name)] = (int(parts[1]), sum(map(int, parts[11:15])))
    except OSError:
        return 0.0
    tree, total, todo = set(), 0, [os.getpid()]
    while todo:
        pid = todo.pop()
        if pid in tree or pid not in stats:
            continue
        tree.add(pid)
        total += stats[pid][1]
        todo.extend(child for child, (ppid, _) in stats.items() if ppid == pid)
    return total / os.sysconf("SC_CLK_TCK")


def _combinations(index, url):
    """(language, widths) for the n-th page: one load per language, checked at 1280 px
    in one and 390/320 px in the other, or at every width in both for FULL_MATRIX."""
    if FULL_MATRIX.match(url):
        return [(language, ALL_WIDTHS) for language in LANGUAGES]
    first = LANGUAGES[index % 2]
    second = LANGUAGES[(index + 1) % 2]
    return [(first, WIDTHS[0]), (second, WIDTHS[1])]


def _load(crawl, page, url):
    crawl.loads += 1
    response = page.goto(url)
    if "text/html" not in response.headers.get("content-type", ""):
        return None
    return response.text()


def _submit_empty(page, form):
    with page.expect_navigation() as navigation:
        page.eval_on_selector(form, "f => { f.noValidate = true; f.requestSubmit(); }")
    return navigation.value.text()


def test_every_page_passes_axe_vnu_id_references_and_reflow(
    live_server, browser, cached_static
):
    started = time.monotonic()
    world = build_world()
    pages = template_pages(world)
    # Our own directory: pytest's shared basetemp is pruned by other runs on this host.
    out_dir = tempfile.TemporaryDirectory(prefix="koers-a11y-")
    crawl = Crawl(Path(out_dir.name))
    base = live_server.url
    only = re.compile(os.environ.get("KOERS_A11Y_ONLY", ""))
    built = time.monotonic()
    cpu_before = _tree_cpu_seconds()
    for persona in os.environ.get("KOERS_A11Y_PERSONAS", " ".join(PERSONAS)).split():
        context = _context(browser, base, world[persona])
        page = context.new_page()
        # Sorted by language: one language switch per half, not one per page.
        visits = sorted(
            (
                (language, widths, url)
                for index, url in enumerate(pages[persona])
                if only.search(url)
                for language, widths in _combinations(index, url)
            ),
            key=lambda visit: visit[0],
        )
        errors = [
            (url(world) if callable(url) else url, form)
            for who, url, form in FORM_ERRORS
            if who == persona
        ]
        for language in LANGUAGES:
            _speak(context, base, language)
            for lang, widths, url in visits:
                if lang != language:
                    continue
                page.set_viewport_size({"width": widths[0], "height": 800})
                html = _load(crawl, page, base + url)
                if html is not None:
                    crawl.check(page, f"{persona} {language} {url}", html, widths)
            for url, form in errors:
                if not only.search(url):
                    continue
                page.set_viewport_size({"width": ALL_WIDTHS[0], "height": 800})
                _load(crawl, page, base + url)
                html = _submit_empty(page, form)
                label = f"{persona} {language} {url} errors"
                crawl.check(page, label, html, ALL_WIDTHS)
        context.close()
    crawled = time.monotonic()
    cpu_browser = _tree_cpu_seconds() - cpu_before
    vnu_errors = crawl.vnu()
    out_dir.cleanup()
    done = time.monotonic()
    print(  # noqa: T201 - the runtime and counts are part of the CI report
        f"\naccessibility crawl: {crawl.states} page states "
        f"({len(crawl.files)} HTML files), {crawl.loads} loads, "
        f"{crawl.axe_runs} axe runs ({crawl.axe_seconds:.0f}s), "
        f"{vnu_errors} vnu errors, {len(crawl.problems)} problems; "
        f"set-up {built - started:.0f}s, browser {crawled - built:.0f}s "
        f"({cpu_browser:.0f} CPU s), "
        f"vnu {done - crawled:.0f}s, total {done - started:.0f}s"
    )
    assert not crawl.problems, "\n".join(crawl.problems)
