"""One-click unsubscribe (RFC 8058) from the mail Koers sends by itself.

A mail a member can stop names a *mailing list* (the digest, news about one roadmap
item...) and carries a signed URL (Django's signing: the member, the list, the
target; no expiry, so old mails keep working) in ``List-Unsubscribe``. A mail
provider POSTs ``List-Unsubscribe=One-Click`` to it without any login or cookie:
that unsubscribes. Opened in a browser (GET), it shows a confirm button instead, so
a link scanner that follows links cannot unsubscribe anyone.

Apps declare their lists in ``<app>/mail_lists.py`` with ``register(MailingList(...))``;
``IntranetConfig.ready`` finds those modules, so this module imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .site_url import absolute_url

SALT = "koers.unsubscribe"


@dataclass(frozen=True)
class MailingList:
    """``describe(user, target)`` names what stops ("the e-mail digest"), or None when
    the target is gone; ``unsubscribe(user, target)`` stops it (idempotent)."""

    name: str
    describe: Callable[[object, int | None], str | None]
    unsubscribe: Callable[[object, int | None], None]


_LISTS: dict[str, MailingList] = {}


def register(mailing_list: MailingList) -> MailingList:
    _LISTS[mailing_list.name] = mailing_list
    return mailing_list


def unsubscribe_url(*, user, list_name: str, target: int | None = None) -> str:
    """The absolute, signed one-click URL for this member and list."""
    if list_name not in _LISTS:
        raise KeyError(f"unknown mailing list {list_name!r}")
    token = signing.dumps({"u": user.pk, "l": list_name, "t": target}, salt=SALT)
    return absolute_url(reverse("unsubscribe", args=[token]))


def _resolve(token: str):
    try:
        data = signing.loads(token, salt=SALT)
        mailing_list = _LISTS[data["l"]]
        user = get_user_model().objects.get(pk=data["u"])
    except (signing.BadSignature, KeyError, TypeError, get_user_model().DoesNotExist):
        raise Http404(_("This unsubscribe link is not valid.")) from None
    return user, mailing_list, data.get("t")


@csrf_exempt  # mail providers POST without a cookie or token (RFC 8058)
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_view(request, token: str):
    """GET: a page with a confirm button. POST (one click, no login): unsubscribe."""
    user, mailing_list, target = _resolve(token)
    what = mailing_list.describe(user, target)
    done = request.method == "POST"
    if done and what is not None:
        mailing_list.unsubscribe(user, target)
    response = render(
        request,
        "unsubscribe.html",
        {"what": what, "done": done, "email": user.email},
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
