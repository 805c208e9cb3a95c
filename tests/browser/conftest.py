"""Browser fixtures: Debian's Chromium driven by Playwright (never `playwright install`).

Without /usr/bin/chromium (or Playwright) the browser tests skip with a reason, unless
KOERS_REQUIRE_BROWSER=1, when they fail.
"""

import os
import shutil

import pytest

from tests.conftest import require_or_skip

# Playwright's sync API runs an event loop in this thread; the ORM calls made by
# test set-up here are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KOERS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        require_or_skip(
            "KOERS_REQUIRE_BROWSER",
            f"Chromium not found at {CHROMIUM} (apt install chromium)",
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip("KOERS_REQUIRE_BROWSER", "Playwright is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Return a function that opens a fresh page in its own context (its own cookies)."""
    contexts = []

    def open_page(locale: str = "en-GB", viewport=None):
        context = browser.new_context(
            locale=locale, viewport=viewport or {"width": 1280, "height": 900}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def login(page, base_url: str, email: str, password: str):
    """Sign in through the real form."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
