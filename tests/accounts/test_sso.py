"""Optional single sign-on through allauth's OpenID Connect provider."""

import pytest
from allauth.account.signals import user_signed_up
from django.test import RequestFactory

from intranet.audience import membership_kind

pytestmark = pytest.mark.django_db

OIDC = {
    "openid_connect": {
        "APPS": [
            {
                "provider_id": "sso",
                "name": "Koers SSO",
                "client_id": "koers",
                "secret": "s3cret",
                "settings": {"server_url": "https://login.example.org/realms/koers"},
            }
        ]
    }
}


def test_login_page_offers_sso_when_configured(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = OIDC
    html = client.get("/accounts/login/").content.decode()
    assert "Koers SSO" in html
    assert "/accounts/oidc/sso/login/" in html


def test_login_page_has_no_sso_without_configuration(client):
    assert "/accounts/oidc/" not in client.get("/accounts/login/").content.decode()


def test_sign_up_through_sso_makes_an_employee(external_member):
    class FakeSocialLogin:  # only the argument's presence matters to the receiver
        user = external_member

    user_signed_up.send(
        sender=None,
        request=RequestFactory().get("/"),
        user=external_member,
        sociallogin=FakeSocialLogin(),
    )
    assert membership_kind(external_member) == "employee"


def test_plain_sign_up_does_not_make_an_employee(external_member):
    user_signed_up.send(
        sender=None, request=RequestFactory().get("/"), user=external_member
    )
    assert membership_kind(external_member) == "external"
