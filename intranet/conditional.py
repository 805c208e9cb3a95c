"""Conditional GET for feeds: ``ETag`` and ``Last-Modified`` from a cheap summary of
what a response would show, so a reader polling an unchanged feed gets a 304 without
anything being rendered.

The ETag hashes the rows a feed would list (ids and edit times, one small query), the
viewer (what they may see differs), the language, and the page cache's version, which
moves on every save anywhere (``intranet/cache.py``): a changed author name or a
hidden post changes the feed without touching its rows' timestamps.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.utils.translation import get_language
from django.views.decorators.http import condition

from .cache import cache_version


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime | None


def validators(
    *, viewer, rows: Iterable, times: Iterable[datetime | None]
) -> Validators:
    """Validators for a response showing ``rows`` (hashable summaries) to ``viewer``."""
    who = viewer.pk if getattr(viewer, "is_authenticated", False) else "visitor"
    try:
        version = cache_version()
    except Exception:  # noqa: BLE001 - without the cache the rows still decide
        version = None
    summary = repr((version, get_language(), who, list(rows)))
    stamps = [t for t in times if t is not None]
    return Validators(
        etag=hashlib.sha256(summary.encode()).hexdigest()[:32],
        last_modified=max(stamps) if stamps else None,
    )


def conditional_feed(compute: Callable[..., Validators]):
    """Decorate a view with Django's ``condition``; ``compute(request, *args, **kwargs)``
    runs once per request for both validators."""

    def decorator(view):
        def state(request, *args, **kwargs) -> Validators:
            cached = getattr(request, "_koers_validators", None)
            if cached is None:
                cached = compute(request, *args, **kwargs)
                request._koers_validators = cached
            return cached

        conditional = condition(
            etag_func=lambda request, *a, **kw: state(request, *a, **kw).etag,
            last_modified_func=lambda request, *a, **kw: (
                state(request, *a, **kw).last_modified
            ),
        )(view)
        return wraps(view)(conditional)

    return decorator
