"""Automatic e-mail that mail clients and large providers accept.

Every mail Koers sends by itself (digests, notifications) is built here, so each one
carries ``Auto-Submitted: auto-generated`` (RFC 3834: no vacation replies), a
``Message-ID`` on the site's own domain (from ``WAGTAILADMIN_BASE_URL``, not the
machine's host name), and, for mail a member can stop, RFC 2369/8058 one-click
unsubscribe headers pointing at a signed URL (``intranet.unsubscribe``). HTML parts
get their ``<style>`` rules inlined (css-inline), since many mail clients drop
``<style>`` blocks. Render inside ``accounts.language.member_language(user)`` so the
mail speaks the member's language.
"""

from __future__ import annotations

from email.utils import make_msgid
from urllib.parse import urlsplit

import css_inline
from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from .site_url import site_url

# No remote stylesheets: a mail is built from our own templates only.
_INLINER = css_inline.CSSInliner(load_remote_stylesheets=False, keep_at_rules=True)


def site_domain() -> str:
    return urlsplit(site_url()).hostname or "localhost"


def message_id() -> str:
    return make_msgid(domain=site_domain())


def automatic_headers(*, unsubscribe_url: str | None = None) -> dict[str, str]:
    headers = {
        "Auto-Submitted": "auto-generated",
        "X-Auto-Response-Suppress": "OOF, AutoReply",  # Exchange; bounces still come
        "Message-ID": message_id(),
    }
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def inline_styles(html: str) -> str:
    """Move the rules of the HTML's ``<style>`` blocks into ``style`` attributes
    (media queries stay in a ``<style>`` block for the clients that read them)."""
    return _INLINER.inline(html)


def automatic_mail(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    unsubscribe_url: str | None = None,
) -> EmailMultiAlternatives:
    """A mail Koers sends by itself: a text part, an optional HTML part (styles
    inlined), and the headers above."""
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    subject = " ".join(f"{prefix}{subject}".split())[:150]
    message = EmailMultiAlternatives(
        subject,
        text,
        to=to,
        headers=automatic_headers(unsubscribe_url=unsubscribe_url),
    )
    if html is not None:
        message.attach_alternative(inline_styles(html), "text/html")
    return message
