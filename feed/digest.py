"""The e-mail digest: a member's unread notifications and new results, as HTML and text,
in the member's language, with one-click unsubscribe (intranet/mail.py)."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language, ngettext

from accounts.language import member_language
from intranet.mail import automatic_mail
from intranet.site_url import site_url
from intranet.unsubscribe import unsubscribe_url

from .card_data import with_card_data
from .models import DigestPreference, Notification, Post
from .selectors import group_notifications

# Site-relative links ("/feed/…") in the shared post card must be absolute in a mail client.
_RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")/(?!/)')


def absolute_links(html: str, site_url: str) -> str:
    return _RELATIVE_LINK.sub(lambda m: f"{m.group(1)}{site_url}/", html)


PERIODS = {
    DigestPreference.Frequency.DAILY: timedelta(days=1),
    DigestPreference.Frequency.WEEKLY: timedelta(days=7),
}


def recipients(frequency: str):
    """Members on this frequency (weekly is the default for those who never chose)
    with notifications not yet e-mailed."""
    users = get_user_model().objects.filter(is_active=True)
    chosen = Q(digest__frequency=frequency)
    if frequency == DigestPreference.Frequency.WEEKLY:
        chosen |= Q(digest__isnull=True)
    pending = Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
    return users.filter(chosen, pk__in=pending.values("recipient_id")).select_related(
        "profile"
    )


def build_message(user, *, frequency: str, now=None) -> EmailMultiAlternatives | None:
    now = now or timezone.now()
    notifications = list(
        Notification.objects.filter(
            recipient=user, emailed_at__isnull=True, read_at__isnull=True
        ).select_related("post", "actor__profile")[:50]
    )
    if not notifications:
        return None
    since = now - PERIODS[frequency]
    results = list(
        with_card_data(
            Post.objects.visible_to(user).filter(
                kind=Post.Kind.RESULT, created_at__gte=since
            ),
            None,
        )[:5]
    )
    with member_language(user):
        context = {
            "user": None,  # cards in e-mails carry no forms
            "recipient": user,
            "notifications": group_notifications(notifications),
            "notification_count": len(notifications),
            "results": results,
            "site_url": site_url(),
            "frequency": frequency,
            "LANGUAGE_CODE": get_language(),
            "unsubscribe_url": unsubscribe_url(user=user, list_name="digest"),
        }
        count = len(notifications)
        subject = ngettext(
            "Your Koers digest: %(count)s new notification",
            "Your Koers digest: %(count)s new notifications",
            count,
        ) % {"count": count}
        text = render_to_string("feed/email/digest.txt", context)
        html = absolute_links(
            render_to_string("feed/email/digest.html", context), context["site_url"]
        )
    message = automatic_mail(
        to=[user.email],
        subject=subject,
        text=text,
        html=html,
        unsubscribe_url=context["unsubscribe_url"],
    )
    message.notification_ids = [n.pk for n in notifications]
    return message


def send_digests(*, frequency: str, now=None) -> int:
    now = now or timezone.now()
    sent = 0
    for user in recipients(frequency).iterator(chunk_size=500):
        message = build_message(user, frequency=frequency, now=now)
        if message is None:
            continue
        message.send()
        Notification.objects.filter(pk__in=message.notification_ids).update(
            emailed_at=now
        )
        DigestPreference.objects.update_or_create(
            user=user, defaults={"last_sent_at": now}
        )
        sent += 1
    return sent
