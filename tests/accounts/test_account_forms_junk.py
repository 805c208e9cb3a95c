"""Every account form fed junk answers with a 4xx/2xx and a message, never a 500."""

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db

JUNK = [
    {},
    {"email": "not-an-email", "login": "x" * 5000, "password": "", "password1": "\x00"},
    {
        "email": ["a@b.c", "d@e.f"],
        "name": "<script>alert(1)</script>",
        "password1": "x" * 10000,
    },
    {
        "oldpassword": "wrong",
        "password1": "a",
        "password2": "b",
        "action_add": "1",
        "email": "💥@💥",
    },
]
ANONYMOUS_FORMS = ["/accounts/signup/", "/accounts/login/", "/accounts/password/reset/"]
MEMBER_FORMS = ["/accounts/email/", "/accounts/password/change/"]


@pytest.mark.parametrize("url", ANONYMOUS_FORMS)
@pytest.mark.parametrize("data", JUNK)
def test_anonymous_account_forms_survive_junk(client, url, data):
    response = client.post(url, data)
    assert response.status_code < 500
    if response.status_code == 200:
        assert "errorlist" in response.content.decode() or url.endswith("reset/")


@pytest.mark.parametrize("url", MEMBER_FORMS)
@pytest.mark.parametrize("data", JUNK)
def test_member_account_forms_survive_junk(external_member, url, data):
    response = client_for(external_member).post(url, data)
    assert response.status_code < 500


def test_login_with_wrong_password_says_so(client, external_member):
    response = client.post(
        "/accounts/login/", {"login": external_member.email, "password": "nope"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_signup_escapes_script_in_name(client):
    response = client.post("/accounts/signup/", {"name": "<script>alert(1)</script>"})
    assert "<script>alert(1)</script>" not in response.content.decode()
