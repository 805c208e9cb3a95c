"""The mails a registration gets: a place (with the .ics), the waiting list, moving up
from it (with the .ics), the reminder (with the .ics) and a cancelled gathering (a
CANCEL .ics that removes the event). Each is rendered in the member's language and
carries the one-link cancel address."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.language import member_language
from intranet.mail import automatic_mail
from intranet.site_url import absolute_url, site_url

from . import ics
from .models import Registration
from .tokens import cancel_url

CONFIRMED = "confirmed"
WAITING = "waiting"
MOVED_UP = "moved_up"
REMINDER = "reminder"
CANCELLED = "cancelled"

ATTACHMENT = "gathering.ics"


def _subject(reason: str, title: str) -> str:
    subjects = {
        CONFIRMED: _("You have a place: %(title)s"),
        WAITING: _("On the waiting list: %(title)s"),
        MOVED_UP: _("A place opened up for you: %(title)s"),
        REMINDER: _("Reminder: %(title)s"),
        CANCELLED: _("Cancelled: %(title)s"),
    }
    return subjects[reason] % {"title": title}


def registration_mail(registration: Registration, *, reason: str):
    """The mail for ``registration`` (an EmailMultiAlternatives, not sent)."""
    user = registration.user
    gathering = registration.gathering
    with member_language(user):
        context = {
            "recipient": user,
            "gathering": gathering,
            "reason": reason,
            "gathering_url": absolute_url(gathering.get_absolute_url()),
            "cancel_url": "" if reason == CANCELLED else cancel_url(registration),
            "site_url": site_url(),
            "LANGUAGE_CODE": get_language(),
        }
        subject = _subject(reason, gathering.title)
        text = render_to_string("gatherings/mail/registration.txt", context)
        html = render_to_string("gatherings/mail/registration.html", context)
    message = automatic_mail(to=[user.email], subject=subject, text=text, html=html)
    if reason != WAITING:
        method = "CANCEL" if reason == CANCELLED else "PUBLISH"
        message.attach(
            ATTACHMENT,
            ics.calendar([gathering], method=method, online=reason != CANCELLED),
            f"text/calendar; method={method}; charset=utf-8",
        )
    return message


def send_registration_mail(registration_id: int, *, reason: str) -> None:
    """Send after commit: read the row again, so the mail tells what was committed."""
    registration = (
        Registration.objects.select_related("gathering", "user")
        .filter(pk=registration_id)
        .first()
    )
    if registration is None or not registration.user.email:
        return
    registration_mail(registration, reason=reason).send()
