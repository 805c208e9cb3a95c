"""The registration mails as a mail client sees them: headers, a text and an HTML part,
the calendar attachment, the member's language, and valid HTML (Nu Html Checker)."""

import email
import json
import shutil
import subprocess
from email import policy
from pathlib import Path

import icalendar
import pytest

from gatherings import mail
from tests.conftest import require_or_skip
from tests.factories import make_gathering, make_member, make_registration

pytestmark = pytest.mark.django_db

VNU = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"
REASONS = [mail.CONFIRMED, mail.WAITING, mail.MOVED_UP, mail.REMINDER, mail.CANCELLED]


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def build(reason, *, language=""):
    member = make_member("external", language=language)
    registration = make_registration(
        make_gathering("Paarse vrijdag", online_url="https://meet.example.org/x"),
        member,
        status="waiting" if reason == mail.WAITING else "confirmed",
    )
    return parsed(mail.registration_mail(registration, reason=reason))


@pytest.mark.parametrize("reason", REASONS)
def test_headers_parts_and_calendar(reason):
    message = build(reason)
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"].endswith(">")
    assert message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Paarse vrijdag" in html
    calendars = [
        part
        for part in message.iter_attachments()
        if part.get_content_type() == "text/calendar"
    ]
    if reason == mail.WAITING:
        assert calendars == []
        return
    (part,) = calendars
    calendar = icalendar.Calendar.from_ical(part.get_content())
    expected = "CANCEL" if reason == mail.CANCELLED else "PUBLISH"
    assert str(calendar["method"]) == expected
    assert part.get_param("method") == expected


def test_mail_speaks_the_members_language():
    message = build(mail.CONFIRMED, language="nl")
    assert message["Subject"].endswith("Je hebt een plek: Paarse vrijdag")
    assert (
        "Kun je niet komen?"
        in message.get_body(preferencelist=("plain",)).get_content()
    )


@pytest.mark.parametrize("reason", [mail.CONFIRMED, mail.CANCELLED])
def test_mail_html_is_valid_per_the_nu_html_checker(reason, tmp_path):
    if not shutil.which("java") or not VNU.exists():
        require_or_skip("KOERS_REQUIRE_BROWSER", "Java or vnu.jar is missing")
    page = tmp_path / "mail.html"
    page.write_text(build(reason).get_body(preferencelist=("html",)).get_content())
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own file
        [
            shutil.which("java"),
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
    messages = json.loads(result.stderr)["messages"]
    assert messages == [], messages
