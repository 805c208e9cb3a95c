"""Sign-up, e-mail verification and the employee/external classification."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import override_settings

from intranet.audience import is_employee, membership_kind

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "Purposeful-Work-2026"


def sign_up(
    client, email, password=GOOD_PASSWORD, name="Anna de Vries", password2=None
):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "name": name,
            "password1": password,
            "password2": password2 or password,
        },
    )


def confirmation_link(mail) -> str:
    return re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.body
    ).group(1)


def verify_latest(client, mailoutbox):
    link = confirmation_link(mailoutbox[-1])
    response = client.post(link)
    assert response.status_code == 302
    return response


def test_sign_up_sends_verification_and_does_not_log_in_yet(client, mailoutbox):
    response = sign_up(client, "anna@customer.test")
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert len(mailoutbox) == 1
    assert "/accounts/confirm-email/" in mailoutbox[0].body
    assert client.get("/api/v1/me/").json()["authenticated"] is False


def test_verifying_logs_in_as_external_member_with_profile(client, mailoutbox):
    sign_up(client, "anna@customer.test")
    verify_latest(client, mailoutbox)
    me = client.get("/api/v1/me/").json()
    assert me["authenticated"] is True
    assert me["membership"] == "external"
    user = get_user_model().objects.get(email="anna@customer.test")
    assert user.profile.display_name == "Anna de Vries"
    assert EmailAddress.objects.get(user=user).verified


@override_settings(KOERS_STAFF_EMAIL_DOMAINS=["koers.example"])
def test_verified_address_on_staff_domain_makes_an_employee(client, mailoutbox):
    sign_up(client, "sven@Koers.Example")
    user = get_user_model().objects.get(email__iexact="sven@koers.example")
    assert not is_employee(user), "not an employee before the address is verified"
    verify_latest(client, mailoutbox)
    user = get_user_model().objects.get(pk=user.pk)
    assert is_employee(user)
    assert client.get("/api/v1/me/").json()["membership"] == "employee"


@override_settings(KOERS_STAFF_EMAIL_DOMAINS=["koers.example"])
def test_lookalike_domain_is_not_staff(client, mailoutbox):
    sign_up(client, "eve@koers.example.evil.test")
    verify_latest(client, mailoutbox)
    user = get_user_model().objects.get(email="eve@koers.example.evil.test")
    assert membership_kind(user) == "external"


def test_duplicate_email_is_refused_with_a_message(client, external_member):
    response = sign_up(client, external_member.email.upper())
    assert response.status_code == 200
    assert "already registered" in response.content.decode()
    assert (
        get_user_model().objects.filter(email__iexact=external_member.email).count()
        == 1
    )


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("12345678901234", "entirely numeric"),
    ],
)
def test_weak_password_is_refused_with_the_reason(client, password, message):
    response = sign_up(client, "weak@customer.test", password=password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(email="weak@customer.test").exists()


def test_mismatched_passwords_and_missing_name_are_explained(client):
    response = sign_up(
        client, "x@customer.test", name="   ", password2="Something-else-2026"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required" in html or "tell us your name" in html
    assert "same password" in html


def test_bad_verification_token_shows_a_clear_page(client):
    response = client.get("/accounts/confirm-email/not-a-real-key/")
    assert response.status_code in (200, 404)
    assert "invalid" in response.content.decode().lower()
    response = client.post("/accounts/confirm-email/not-a-real-key/")
    assert response.status_code in (200, 404)


def test_bad_password_reset_token_shows_a_clear_page(client, external_member):
    response = client.get("/accounts/password/reset/key/zz-not-a-token/", follow=True)
    assert response.status_code == 200
    assert "invalid" in response.content.decode().lower()


def test_sign_up_keeps_the_language_for_e_mails(client, mailoutbox):
    client.cookies["django_language"] = "nl"
    sign_up(client, "anke@customer.test")
    user = get_user_model().objects.get(email="anke@customer.test")
    assert user.language == "nl"
    message = mailoutbox[0]
    assert message.extra_headers["Message-ID"].endswith("@testserver>")
