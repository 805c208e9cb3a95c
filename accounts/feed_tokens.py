"""Private feed URLs: a per-member secret that lets a feed reader read the Atom feeds as
that member.

A feed reader cannot sign in, so a member's private feed URL carries ``?token=koersfeed_…``.
The token only reads feeds (it never authenticates the API or a page), acts as its
member, never more (the feeds ask ``intranet.audience`` with ``request.user``), and is
revocable; only its hash is stored. A revoked or unknown token answers 404, so an old
URL in a reader stops at once instead of silently falling back to the public feed.
"""

from __future__ import annotations

import hashlib
import secrets
from functools import wraps

from django.http import Http404
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from .models import FeedToken

PREFIX = "koersfeed_"
PARAMETER = "token"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_token_create(*, user) -> tuple[FeedToken, str]:
    """A new private feed token and its secret (shown once, never stored).

    A member has one live token: making a new one revokes the old, so a leaked URL
    is closed by asking for a new one."""
    feed_token_revoke(user=user)
    secret = PREFIX + secrets.token_urlsafe(32)
    token = FeedToken.objects.create(
        user=user, key_hash=_hash(secret), prefix=secret[: len(PREFIX) + 4]
    )
    return token, secret


def feed_token_revoke(*, user, token_id: int | None = None) -> bool:
    """Revoke the member's live token (this one, when ``token_id`` is given)."""
    tokens = FeedToken.objects.filter(user=user, revoked_at__isnull=True)
    if token_id is not None:
        tokens = tokens.filter(pk=token_id)
    return bool(tokens.update(revoked_at=timezone.now()))


def feed_token_of(user) -> FeedToken | None:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()


def feed_reader(secret: str):
    """The active member whose live token this is, or None."""
    token = (
        FeedToken.objects.select_related("user")
        .filter(key_hash=_hash(secret), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 3600:
        # update(): no save signal, so reading a feed does not stale the page cache.
        FeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def private_feed(view):
    """Decorate a feed view: with ``?token=`` it runs as the token's member.

    The response is then ``Cache-Control: private, no-store`` (it shows what that member may
    see). Without a token the view runs for whoever asks (a reader: a visitor)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        secret = request.GET.get(PARAMETER)
        if secret is None:
            return view(request, *args, **kwargs)
        user = feed_reader(secret)
        if user is None:
            raise Http404(_("Unknown or revoked feed token."))
        # request.user for views that ask page privacy (Wagtail's serve);
        # request.feed_reader tells a feed that a member, not a session, asks.
        request.user = request.feed_reader = user
        response = view(request, *args, **kwargs)
        # The member's content, as every signed-in response: no shared or disk cache.
        patch_cache_control(response, private=True, no_store=True)
        return response

    return wrapped
