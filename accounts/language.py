"""A member's language: kept when they switch it on the site, used for their e-mails.

A digest or notification is rendered long after the request that caused it, often by
a cron job, so the language cannot come from a request: it is stored on the user.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from .models import User


def language_of(user) -> str:
    """The member's stored language, else the site's default."""
    language = getattr(user, "language", "")
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def member_language(user):
    """``with member_language(user):`` render a mail in the member's language."""
    return translation.override(language_of(user))


def language_remember(*, user, language: str) -> None:
    """Store a signed-in member's choice (unknown codes are ignored)."""
    if not getattr(user, "is_authenticated", False):
        return
    if language not in dict(settings.LANGUAGES) or user.language == language:
        return
    # update(): a preference, not content; no page-cache churn from a save signal.
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
