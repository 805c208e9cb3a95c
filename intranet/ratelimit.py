"""Rate limits for what can be abused: writes (posting, reacting, voting…) per
member, and searches per member or, for visitors, per client IP address.

A fixed-window counter in the cache (Redis in production, shared by all
processes). Limits are ``settings.KOERS_RATE_LIMITS[action] = (count, seconds)``.
Behind a reverse proxy, ``KOERS_TRUSTED_PROXY_COUNT`` says how many proxies
add to X-Forwarded-For (the same client address allauth's sign-up limits use).
Services call ``rate_limit_check``; ``RateLimitMiddleware`` turns the
exception into a 429 with a clear message (JSON for the API, HTML otherwise).
"""

from __future__ import annotations

import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class RateLimited(Exception):  # noqa: N818 - reads as a sentence: raise RateLimited
    def __init__(self, action: str, retry_after: int):
        self.action = action
        self.retry_after = retry_after
        super().__init__(f"rate limit for {action}")

    @property
    def message(self) -> str:
        return _(
            "You are doing that too often. Please wait %(seconds)s seconds and try again."
        ) % {"seconds": self.retry_after}


def _identity(user, request) -> str:
    if getattr(user, "is_authenticated", False):
        return str(user.pk)
    if request is not None:
        try:
            return "ip:" + get_adapter(request).get_client_ip(request)
        except (PermissionDenied, ImproperlyConfigured):
            pass  # no usable address: all such requests share one bucket
    return "anon"


def rate_limit_check(*, user, action: str, request=None) -> None:
    """Count one ``action`` by ``user`` (a visitor: by ``request``'s client IP);
    raise RateLimited when over the limit."""
    count, window = settings.KOERS_RATE_LIMITS.get(action, (60, 60))
    identity = _identity(user, request)
    now = int(time.time())
    bucket = now // window
    key = f"rl:{action}:{identity}:{bucket}"
    added = cache.add(key, 1, timeout=window + 1)
    current = 1 if added else cache.incr(key)
    if current > count:
        raise RateLimited(action, retry_after=window - (now % window) or 1)


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, RateLimited):
            return None
        if request.path.startswith("/api/") or request.headers.get(
            "accept", ""
        ).startswith("application/json"):
            response = JsonResponse({"detail": exception.message}, status=429)
        else:
            response = render(
                request, "429.html", {"message": exception.message}, status=429
            )
        response["Retry-After"] = str(exception.retry_after)
        return response
