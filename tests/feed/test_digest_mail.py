"""The digest as a mail client and a mail provider see it: parsed with Python's e-mail
parser, with its plural forms, RFC 3834/2369/8058 headers, a Message-ID on the site's
domain, the member's language, inlined styles and valid HTML (Nu Html Checker)."""

import email
import json
import shutil
import subprocess
from email import policy
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

from feed import services
from feed.digest import send_digests
from feed.models import DigestPreference, Post
from tests.conftest import client_for, require_or_skip
from tests.factories import PostFactory, make_member

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def digest_for(reader, *, comments=1, language=""):
    """Send the daily digests after ``comments`` replies on the reader's result."""
    reader.language = language
    reader.save(update_fields=["language"])
    DigestPreference.objects.update_or_create(
        user=reader, defaults={"frequency": "daily"}
    )
    post = PostFactory(author=reader, kind="result", audience="public", figure="+5")
    for n in range(comments):
        services.comment_create(
            post=post, author=make_member("external"), body=f"Hi {n}"
        )
    mail.outbox.clear()
    send_digests(frequency="daily")
    (message,) = [m for m in mail.outbox if m.to == [reader.email]]
    return parsed(message)


def unsubscribe_path(message) -> str:
    # Folded after the colon (the URL is longer than a line): whitespace is insignificant.
    header = message["List-Unsubscribe"].strip()
    assert header.startswith("<http://testserver/unsubscribe/") and header.endswith(">")
    return header[1:-1].removeprefix("http://testserver")


def test_headers_text_and_html_parts(employee):
    message = digest_for(employee)
    assert message["Subject"] == "[Koers] Your Koers digest: 1 new notification"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_path(message)
    assert message["Message-ID"].endswith("@testserver>")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "You have 1 new notification:" in text
    assert "Unsubscribe from the digest: http://testserver/unsubscribe/" in text
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "You have 1 new notification:" in html
    # Styles inlined: the card carries its own style, no <style> block is left.
    assert "<style" not in html
    assert 'class="card post-card' in html and "border: 1px solid #d8ddd9" in html


def test_plural_form_for_several_notifications(employee):
    message = digest_for(employee, comments=2)
    assert message["Subject"].endswith("2 new notifications")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "You have 2 new notifications:" in text


def test_digest_speaks_the_members_language(employee):
    message = digest_for(employee, language="nl")
    assert message["Subject"] == "[Koers] Je Koers-overzicht: 1 nieuwe melding"
    html = message.get_body(preferencelist=("html",)).get_content()
    assert '<html lang="nl">' in html
    assert "Je hebt 1 nieuwe melding:" in html


def test_language_switcher_stores_a_members_choice(employee):
    client = client_for(employee)
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    employee.refresh_from_db()
    assert employee.language == "nl"
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    employee.refresh_from_db()
    assert employee.language == "nl"  # an unknown code changes nothing
    # A visitor's switch is only a cookie, as before.
    assert (
        client_for(None).post("/i18n/setlang/", {"language": "nl"}).status_code == 302
    )


def test_one_click_unsubscribe_without_login_or_csrf(employee):
    path = unsubscribe_path(digest_for(employee))
    provider = Client(enforce_csrf_checks=True)  # a mail provider: no cookie, no token
    page = provider.get(path)
    assert page.status_code == 200 and "the e-mail digest" in page.content.decode()
    assert DigestPreference.objects.get(user=employee).frequency == "daily"  # GET: no
    response = provider.post(
        path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert DigestPreference.objects.get(user=employee).frequency == "off"
    # No more digests.
    services.comment_create(
        post=Post.objects.get(author=employee), author=make_member("external"), body="x"
    )
    mail.outbox.clear()
    send_digests(frequency="daily")
    assert mail.outbox == []


def test_forged_or_altered_unsubscribe_links_are_404(employee):
    path = unsubscribe_path(digest_for(employee))
    assert Client().post(path[:-3] + "xx/").status_code == 404
    assert Client().post("/unsubscribe/nonsense/").status_code == 404
    assert DigestPreference.objects.get(user=employee).frequency == "daily"


def test_digest_html_is_valid_per_the_nu_html_checker(employee, tmp_path):
    if not shutil.which("java") or not VNU.exists():
        require_or_skip("KOERS_REQUIRE_BROWSER", "Java or vnu.jar is missing")
    message = digest_for(employee, comments=2)
    page = tmp_path / "digest.html"
    page.write_text(message.get_body(preferencelist=("html",)).get_content())
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [
            shutil.which("java"),
            "-Xss4m",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            str(page),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]  # no report: the checker failed
    assert messages == [], messages
    assert result.returncode == 0
