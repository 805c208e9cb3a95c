"""Account e-mails are Koers's own: greeting by the name given, in the member's
language, links on the configured site, never the username made from the address."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.accounts.test_signup import GOOD_PASSWORD, sign_up
from tests.factories import make_member

pytestmark = pytest.mark.django_db

SITE = "https://intranet.koers.test"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE


def test_sign_up_mail_greets_by_name_and_shows_no_username(client, mailoutbox):
    sign_up(client, "joost.de.vries@customer.test", name="Joost de Vries")
    user = get_user_model().objects.get(email="joost.de.vries@customer.test")
    [mail] = mailoutbox
    assert mail.body.startswith("Hello Joost de Vries,")
    assert f"{SITE}/accounts/confirm-email/" in mail.body
    assert "Welcome to Koers" in mail.subject
    assert user.username not in mail.body + mail.subject
    assert "Hello from" not in mail.body and "127.0.0.1" not in mail.body


def test_mails_follow_the_members_language(mailoutbox):
    client = Client(headers={"accept-language": "nl"})
    sign_up(client, "anouk@customer.test", name="Anouk Jansen")
    assert mailoutbox[-1].body.startswith("Hallo Anouk Jansen,")
    assert "Open deze link om te bevestigen" in mailoutbox[-1].body


def test_password_reset_mail_has_no_username(client, mailoutbox):
    member = make_member("external", first_name="Lotte", last_name="Visser")
    member.set_password(GOOD_PASSWORD)
    member.save()
    client.post("/accounts/password/reset/", {"email": member.email})
    [mail] = mailoutbox
    assert mail.body.startswith("Hello Lotte Visser,")
    assert member.username not in mail.body
    assert f"{SITE}/accounts/password/reset/key/" in mail.body


def test_account_pages_name_the_member_not_the_username(client):
    member = make_member(
        "external",
        username="handle-q9z",
        email="anna@customer.test",
        first_name="",
        last_name="",
    )
    client.force_login(member)
    for url in ("/accounts/email/", "/accounts/password/change/", "/people/me/delete/"):
        html = client.get(url, follow=True).content.decode()
        assert "handle-q9z" not in html.replace("/people/handle-q9z/", ""), url
