"""Single sign-on through a real, certified OpenID Connect provider, in a real browser.

panva's oidc-provider (node_modules, started by oidc_provider.mjs on 127.0.0.1) requires
PKCE; the member goes through Koers's login page, the provider's login and consent pages and
Koers's callback, and lands signed in as an employee.
"""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from intranet.audience import membership_kind
from intranet.settings.base import sso_providers
from tests.conftest import require_or_skip

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_JS = Path(__file__).with_name("oidc_provider.mjs")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def oidc_provider(live_server, settings):
    """Start the provider for Koers's callback; return a function(send_email_verified)."""
    node = shutil.which("node") or "/usr/bin/node"
    if not os.path.exists(node):
        require_or_skip("KOERS_REQUIRE_BROWSER", "node is not installed")
    if not (ROOT / "node_modules" / "oidc-provider").exists():
        require_or_skip(
            "KOERS_REQUIRE_BROWSER", "npm ci has not installed oidc-provider"
        )
    processes = []

    def start(*, send_email_verified: bool = True, trust_email: bool = True, pkce=True):
        port = _free_port()
        callback = f"{live_server.url}/accounts/oidc/sso/login/callback/"
        args = [node, str(PROVIDER_JS), str(port), callback]
        if not send_email_verified:
            args.append("--no-email-verified")
        process = subprocess.Popen(
            args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        processes.append(process)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        else:
            pytest.fail("oidc-provider did not start")
        settings.SOCIALACCOUNT_PROVIDERS = sso_providers(
            server_url=f"http://127.0.0.1:{port}",
            client_id="koers",
            secret="koers-secret",
            name="Koers SSO",
            trust_email=trust_email,
        )
        app = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"][0]
        app["settings"]["oauth_pkce_enabled"] = pkce

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=5)


def _sign_in_through_sso(page, base_url: str, login: str):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_role("link", name="Koers SSO").click()
    page.wait_for_load_state()
    if "/accounts/oidc/" in page.url:  # allauth's "continue to the provider" step
        page.locator("main form button[type=submit]").first.click()
        page.wait_for_load_state()
    if page.locator("input[name=login]").count():
        page.locator("input[name=login]").fill(login)
        page.locator("input[name=password]").fill("any")
        page.locator("button[type=submit]").click()
        page.wait_for_load_state()
    if "127.0.0.1" in page.url and page.locator("button[type=submit]").count():
        page.locator("button[type=submit]").click()  # the provider's consent page
    page.wait_for_url(f"{base_url}/**")
    page.wait_for_load_state()


def _signed_in_name(page) -> str:
    """The name in the account menu, or "" when nobody is signed in."""
    menu = page.locator(".menu__name")
    return menu.inner_text() if menu.count() else ""


def _sign_out(page):
    page.locator("summary.menu__button").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_sso_sign_in_with_pkce_makes_an_employee_who_can_sign_in_again(
    live_server, new_page, home_page, oidc_provider
):
    oidc_provider(send_email_verified=True, trust_email=False)
    page = new_page()
    _sign_in_through_sso(page, live_server.url, "anouk")
    assert _signed_in_name(page) == "SSO"
    user = get_user_model().objects.get(email="anouk@staff.example.org")
    assert membership_kind(user) == "employee"

    _sign_out(page)
    assert _signed_in_name(page) == ""

    _sign_in_through_sso(page, live_server.url, "anouk")
    assert _signed_in_name(page) == "SSO"
    assert get_user_model().objects.filter(email="anouk@staff.example.org").count() == 1
    assert SocialAccount.objects.filter(user=user).count() == 1


def test_sso_without_email_verified_claim_signs_in_in_one_step(
    live_server, new_page, home_page, oidc_provider
):
    oidc_provider(send_email_verified=False, trust_email=True)
    page = new_page()
    _sign_in_through_sso(page, live_server.url, "entra")
    assert "confirm-email" not in page.url
    assert _signed_in_name(page) == "SSO"
    user = get_user_model().objects.get(email="entra@staff.example.org")
    assert membership_kind(user) == "employee"


def test_sso_without_email_verified_and_no_trust_is_no_employee_until_confirmed(
    live_server, new_page, home_page, oidc_provider
):
    oidc_provider(send_email_verified=False, trust_email=False)
    page = new_page()
    _sign_in_through_sso(page, live_server.url, "nobody")
    assert "confirm-email" in page.url
    user = get_user_model().objects.get(email="nobody@staff.example.org")
    assert membership_kind(user) == "external"


def test_provider_refusal_is_logged_with_the_providers_reason(
    live_server, new_page, home_page, oidc_provider, caplog
):
    oidc_provider(pkce=False)  # this provider requires PKCE: it refuses the request
    page = new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Koers SSO").click()
    page.wait_for_load_state()
    if "/accounts/oidc/" in page.url:
        page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/accounts/oidc/sso/login/callback/**")
    page.wait_for_load_state()
    assert "Third-Party Login Failure" in page.content() or "failure" in page.url
    logged = [r.getMessage() for r in caplog.records if r.name == "accounts.adapter"]
    assert logged and "invalid_request" in logged[0]
    assert "requires PKCE" in logged[0]
