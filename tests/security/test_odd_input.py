"""Odd input is a 4xx with a clear message, never a 500: Unicode digits, NUL and other
control characters, deeply nested JSON (issue 12's black-box findings)."""

import json

import pytest
from django.test import Client

from intranet.strict_input import MAX_JSON_DEPTH, parse_id
from tests.conftest import client_for
from tests.factories import make_member, make_round_with_statements

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "control characters"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        ("²", None),
        ("٣", None),
        ("１２", None),
        (" 1", None),
        ("+1", None),
        ("1_0", None),
        ("0", None),
        ("-3", None),
        ("", None),
        ("9" * 19, None),
        (str(2**63 - 1), 2**63 - 1),
        (None, None),
        (7, 7),
    ],
)
def test_parse_id_accepts_only_ascii_digits_in_the_bigint_range(value, expected):
    assert parse_id(value) == expected


@pytest.fixture
def clients():
    return {"visitor": client_for(None), "member": client_for(make_member("external"))}


# (name, url, message the 400 page must show); asked as visitor and as member.
ODD_GETS = [
    ("feed network ²", "/feed/?network=²", "takes a number"),
    ("feed roadmap item ²", "/feed/?roadmap_item=²", "takes a number"),
    ("feed promise ²", "/feed/?promise=²", "takes a number"),
    ("feed promise too large", f"/feed/?promise={'9' * 30}", "takes a number"),
    ("people search NUL", "/people/?q=a%00b", NUL_MESSAGE),
    (
        "competence autocomplete NUL",
        "/people/competences/autocomplete/?q=%00",
        NUL_MESSAGE,
    ),
    ("api people filter NUL", "/api/v1/people/?q=%00&role=x", NUL_MESSAGE),
    ("api roadmap filter NUL", "/api/v1/roadmaps/x/?status=%00", NUL_MESSAGE),
    ("mentions NUL", "/feed/mentions/?q=%00", NUL_MESSAGE),
    ("query key with a control character", "/feed/?a%01=1", NUL_MESSAGE),
    ("profile path NUL", "/people/a%00b/", NUL_MESSAGE),
    ("api person path NUL", "/api/v1/people/a%00b/", NUL_MESSAGE),
    ("competence path NUL", "/people/competences/a%00b/", NUL_MESSAGE),
    ("wagtail page path NUL", "/roadmaps/a%00b/", NUL_MESSAGE),
]


@pytest.mark.parametrize(
    ("url", "message"),
    [row[1:] for row in ODD_GETS],
    ids=[row[0] for row in ODD_GETS],
)
def test_odd_get_input_is_a_400_with_a_message(clients, url, message):
    for persona, client in clients.items():
        response = client.get(url)
        assert response.status_code == 400, (persona, url)
        assert message in response.content.decode(), (persona, url)


def test_posted_form_with_a_nul_is_refused_but_textarea_newlines_and_tabs_work():
    member = client_for(make_member("employee"))
    refused = member.post(
        "/feed/posts/new/",
        {"kind": "update", "body": "Hello\x00world", "audience": "community"},
    )
    assert refused.status_code == 400
    assert NUL_MESSAGE in refused.content.decode()
    accepted = member.post(
        "/feed/posts/new/",
        {
            "kind": "update",
            "body": "Line one\r\n\tLine two\nLine three",
            "audience": "community",
        },
    )
    assert accepted.status_code == 302


def test_purpose_index_answer_with_a_unicode_digit_field_name_is_refused():
    member = make_member("external")
    round_ = make_round_with_statements(per_dimension=1)
    client = client_for(member)
    response = client.post(
        f"/purpose/index/{round_.pk}/", {"s²": "3", "action": "save"}
    )
    assert response.status_code == 400
    assert "not in this round" in response.content.decode()


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [3000, MAX_JSON_DEPTH + 1])
@pytest.mark.parametrize("url", ["/api/v1/me/", "/api/v1/people/", "/api/v1/roadmaps/"])
def test_deeply_nested_json_to_the_api_is_a_400(clients, url, depth):
    # A member's session request is parsed (for the CSRF check) before the method is
    # refused: that was the 500. A visitor's GET-only endpoint answers 405 unparsed.
    browser = Client(enforce_csrf_checks=True)  # a real browser session is checked
    browser.force_login(make_member("external"))
    browser.cookies["csrftoken"] = "a" * 32  # the cookie a signed-in browser holds
    member = browser.post(url, nested(depth), content_type="application/json")
    assert member.status_code == 400
    assert "nested more than" in member.json()["detail"]
    visitor = clients["visitor"].post(
        url, nested(depth), content_type="application/json"
    )
    assert visitor.status_code in (400, 405)


def test_json_within_the_depth_bound_still_parses(clients):
    # The bound is not the error: shallow JSON reaches the view (405, GET-only).
    response = clients["member"].post(
        "/api/v1/me/", json.dumps({"a": [[1]]}), content_type="application/json"
    )
    assert response.status_code == 405


def test_json_with_a_nul_in_a_string_to_the_api_is_a_400():
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(make_member("external"))
    browser.cookies["csrftoken"] = "a" * 32
    response = browser.post(
        "/api/v1/me/",
        json.dumps({"note": "a\u0000b"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "control characters" in response.json()["detail"]
