"""Personal access tokens: create, revoke, and authenticate API requests with them.

A token reads ``koers_<random>``; requests send ``Authorization: Bearer koers_…``. A
token acts as its member, never more: every endpoint applies the same audience rules
to ``request.user``; a read-scope token cannot use unsafe methods (403).
"""

from __future__ import annotations

import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from intranet.html import clean_text

from .models import AccessToken

PREFIX = "koers_"
MAX_TOKENS = 20


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def token_create(*, user, name: str, scope: str) -> tuple[AccessToken, str]:
    """A new token and its secret (shown once, never stored)."""
    name = clean_text(name)[:80]
    if not name:
        raise ValidationError(_("Give the token a name."))
    if scope not in AccessToken.Scope.values:
        raise ValidationError(_("Choose read or write."))
    if (
        AccessToken.objects.filter(user=user, revoked_at__isnull=True).count()
        >= MAX_TOKENS
    ):
        raise ValidationError(
            _("At most %(n)s tokens; revoke one first.") % {"n": MAX_TOKENS}
        )
    secret = PREFIX + secrets.token_urlsafe(32)
    token = AccessToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        key_hash=_hash(secret),
        prefix=secret[: len(PREFIX) + 4],
    )
    return token, secret


def token_revoke(*, user, token_id: int) -> bool:
    return bool(
        AccessToken.objects.filter(
            user=user, pk=token_id, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
    )


def tokens_of(user):
    return AccessToken.objects.filter(user=user, revoked_at__isnull=True)


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer koers_…``: the member of a live token."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send one token: Authorization: Bearer koers_…")
            )
        try:
            secret = header[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        token = (
            AccessToken.objects.select_related("user")
            .filter(key_hash=_hash(secret), revoked_at__isnull=True)
            .first()
        )
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked token."))
        now = timezone.now()
        if (
            token.last_used_at is None
            or (now - token.last_used_at).total_seconds() > 60
        ):
            AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class TokenScope(permissions.BasePermission):
    """A read-scope token may only read."""

    message = gettext_lazy("This token may only read; create a token with write scope.")

    def has_permission(self, request, view):
        token = request.auth
        if isinstance(token, AccessToken) and request.method not in (
            permissions.SAFE_METHODS
        ):
            return token.can_write
        return True


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "accounts.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token from /accounts/tokens/.",
        }
