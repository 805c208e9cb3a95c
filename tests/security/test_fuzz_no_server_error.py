"""Property: odd input in any GET filter or form field of the permission matrix's URLs
is never a 500, for a visitor and for a member.

Hypothesis feeds arbitrary Unicode, control characters, Unicode digits and nesting
(repeated keys, bracket soup) into every query parameter of each matrix URL, every
field of the forms its page renders (discovered by parsing the page, not listed by
hand) and every POST row's fields. Bounded: a few derandomised examples per target,
identical targets (the same form on every post card) fuzzed once.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.conftest import client_for
from tests.test_permission_matrix import ROWS, build_world

pytestmark = pytest.mark.django_db

EXAMPLES_PER_TARGET = 2
# Signing out would turn the member into a visitor half-way.
SKIPPED_ACTIONS = ("/accounts/logout/", "/people/me/delete/")

AUDIENCE_SLUG = re.compile(r"-(public|community|staff)\b")

ODD_VALUES = [
    "\x00",
    "a\x00b",
    "²",
    "٣",
    "１２",
    "9" * 30,
    "-1",
    " 1 ",
    "\x1b[31m",
    "\u202eevil",
    "\ufeff",
    "[" * 60,
    "{" * 60 + "}" * 60,
    "%00",
    "'\"<>&;--",
    "line\r\nline\ttab",
]
# Every target also gets each of these in all its fields at once (explicit examples).
EXPLICIT_VALUES = ["\x00", "²", "9" * 30, "[" * 60]
# Text an HTTP request can carry (lone surrogates cannot be encoded as UTF-8).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
control_text = st.text(st.characters(max_codepoint=0x1F), min_size=1, max_size=5)
one_value = st.one_of(st.sampled_from(ODD_VALUES), any_text, control_text)
field_value = st.one_of(one_value, st.lists(one_value, min_size=2, max_size=3))


def forms_on(path: str, html: str):
    """(method, action, field names) for each form on the page."""
    for form in BeautifulSoup(html, "html.parser").find_all("form"):
        action = urljoin(path, form.get("action") or path)
        if urlsplit(action).netloc:
            continue
        names = {
            field["name"]
            for field in form.find_all(["input", "select", "textarea", "button"])
            if field.get("name")
            and field.get("type") != "file"
            and field["name"] != "csrfmiddlewaretoken"
        }
        yield (form.get("method") or "get").lower(), action, names


def api_query_parameters(client) -> list[tuple[re.Pattern, set[str]]]:
    """The API's query parameters per path, from its OpenAPI schema (JSON has no forms)."""
    schema = client.get(
        "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    found = []
    for template, operations in schema["paths"].items():
        pattern = re.compile(re.sub(r"\{[^}]+\}", "[^/]+", template) + "$")
        names = {
            p["name"]
            for p in operations.get("get", {}).get("parameters", [])
            if p["in"] == "query"
        }
        found.append((pattern, names))
    return found


def targets_for(client, world):
    """Every (method, path, field names) to fuzz, found from the matrix rows."""
    found = {}
    api = api_query_parameters(client)

    def add(method, url, names):
        split = urlsplit(url)
        names = set(names) | {k for k, _v in parse_qsl(split.query)}
        if not names or split.path.startswith(SKIPPED_ACTIONS):
            return
        # The same form on every card (react, comment) differs only by an id, and
        # the matrix's roadmaps by their audience (rm-public, item-staff, …).
        same_code = re.sub(r"\d+", "#", AUDIENCE_SLUG.sub("-*", split.path))
        key = (method, same_code, frozenset(names))
        found.setdefault(key, (method, split.path, sorted(names)))

    for _module, row in ROWS:
        url = row.resolve(world)
        if row.method != "get":
            add(row.method, url, row.data)
            continue
        path = urlsplit(url).path
        add("get", url, {n for p, names in api if p.match(path) for n in names})
        response = client.get(url)
        if "text/html" in response.get("Content-Type", ""):
            for method, action, names in forms_on(url, response.content.decode()):
                add(method, action, names)
    return list(found.values())


def fuzz(client, method, path, names):
    @hypothesis_settings(
        max_examples=EXAMPLES_PER_TARGET,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.fixed_dictionaries(dict.fromkeys(names, field_value)))
    def no_server_error(data):
        response = getattr(client, method)(path, data)
        assert response.status_code < 500, f"{method.upper()} {path} {data!r}"

    for value in EXPLICIT_VALUES:
        no_server_error = example(dict.fromkeys(names, value))(no_server_error)
    no_server_error()


@pytest.mark.parametrize("persona", ["visitor", "employee"])
def test_odd_input_in_any_filter_or_form_field_is_never_a_server_error(
    persona, settings
):
    # Rate limits would answer 429 before the code under test runs.
    settings.KOERS_RATE_LIMITS = {
        action: (10**6, seconds)
        for action, (_count, seconds) in settings.KOERS_RATE_LIMITS.items()
    }
    world = build_world()
    client = client_for(world[persona])
    targets = targets_for(client, world)
    assert len(targets) > 40  # the discovery found the matrix's filters and forms
    for method, path, names in targets:
        fuzz(client, method, path, names)
