"""Page cache for visitors: public pages rendered once, served from the cache.

``PublicPageCacheMiddleware`` (last in MIDDLEWARE, so it wraps the view)
stores the HTML of anonymous GET requests to the public sections (home,
purpose, roadmaps, people, feed) in Django's cache framework (Redis in
production, shared by every process) and serves it to the next visitor
without running the view.

It never caches for signed-in members, never caches a response that sets
cookies, carries or consumes messages, modified the session, is not a 200,
or says ``Cache-Control: private/no-cache/no-store``; and it never serves a
cached page to a request that has messages waiting. The key holds the
language (LocaleMiddleware runs first), the host and the full path.

Every page carries the language switcher's CSRF token. A cached page holds a
placeholder instead; each hit gets a fresh token for its own visitor, and
CsrfViewMiddleware (outside this one) sets that visitor's cookie as usual.

Invalidation: one version number in the cache is part of every key. Any
model save or delete (and many-to-many change) outside a short list of
bookkeeping models bumps it, from every process, management commands
included (``IntranetConfig.ready`` connects the signals), so the next visit
renders fresh. Writes that bypass signals (``QuerySet.update``,
``bulk_create``) are covered by a short lifetime (``KOERS_PAGE_CACHE_SECONDS``,
default 60 s) or by calling ``bump_page_cache()``.
"""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
HEADER = "X-Page-Cache"
CSRF_PLACEHOLDER = "__KOERS_CSRF_TOKEN_PLACEHOLDER_PADDED_TO_SIXTYFOUR_CHARACTERS__"
# A masked CSRF token: 64 letters and digits (Django's CSRF_TOKEN_LENGTH).
_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

# Public sections whose pages visitors may read. "/" is the home page only.
CACHED_PREFIXES = ("/purpose/", "/roadmaps/", "/people/", "/feed/")
CACHED_EXACT = ("/",)
# Saving these changes nothing a visitor sees.
IGNORED_MODELS = {
    "sessions.session",
    "admin.logentry",
    "contenttypes.contenttype",
    "auth.permission",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "account.emailconfirmation",
    "feed.notification",
}


def page_cache_seconds() -> int:
    return getattr(settings, "KOERS_PAGE_CACHE_SECONDS", 60)


def cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_page_cache() -> None:
    """Make every cached page stale (all processes share the cache)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet: the first page will start at 1
        cache.add(VERSION_KEY, 2, timeout=None)


def _on_change(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in IGNORED_MODELS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: count the post_add/post_remove/post_clear only
    # Now, so this process and tests inside a transaction see the change at once;
    # and again after the commit, so a page another process rendered from the old
    # data in between is not kept under the new version.
    bump_page_cache()
    conn = transaction.get_connection(kwargs.get("using"))
    if conn.in_atomic_block and not any(
        entry[1] is bump_page_cache for entry in conn.run_on_commit[-20:]
    ):
        transaction.on_commit(bump_page_cache, using=kwargs.get("using"))


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="koers-page-cache-save")
    post_delete.connect(_on_change, dispatch_uid="koers-page-cache-delete")
    m2m_changed.connect(_on_change, dispatch_uid="koers-page-cache-m2m")


def _cacheable_path(path: str) -> bool:
    return path in CACHED_EXACT or path.startswith(CACHED_PREFIXES)


def _has_messages(request) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    try:
        return len(storage) > 0 or storage.used
    except Exception:  # noqa: BLE001 - an unreadable store counts as "has messages"
        return True


def _key(request, version: int) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"pagecache:{version}:{get_language()}:{request.get_host()}:{digest}"


def _csrf_tokens_of(request, content: str) -> set[str]:
    """The masked CSRF tokens of this request that the page contains."""
    from django.middleware.csrf import _unmask_cipher_token  # private, stable since 4.1

    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return set()
    return {
        t for t in set(_TOKEN_RE.findall(content)) if _unmask_cipher_token(t) == secret
    }


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._applies(request):
            return self.get_response(request)
        try:
            version = cache_version()
            key = _key(request, version)
            entry = cache.get(key)
        except Exception:  # noqa: BLE001 - a cache outage must not take pages down
            return self.get_response(request)
        if entry is not None:
            return self._from_cache(request, entry)
        response = self.get_response(request)
        if request.method == "GET" and self._storable(request, response):
            try:
                cache.set(key, self._entry(request, response), page_cache_seconds())
            except Exception:  # noqa: BLE001 - serve the page even if it cannot be kept
                logger.warning("page cache: could not store %s", request.path)
            response[HEADER] = "miss"
        return response

    @staticmethod
    def _applies(request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        if not _cacheable_path(request.path):
            return False
        if request.headers.get("HX-Request") or request.headers.get("X-Requested-With"):
            return False
        if getattr(request, "user", None) is None or request.user.is_authenticated:
            return False
        return not _has_messages(request)

    @staticmethod
    def _storable(request, response) -> bool:
        if response.status_code != 200 or response.streaming:
            return False
        if response.cookies or _has_messages(request):
            return False
        session = getattr(request, "session", None)
        if session is not None and session.modified:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(w in cache_control for w in ("private", "no-cache", "no-store")):
            return False
        if not response.get("Content-Type", "").startswith("text/html"):
            return False
        # Someone signed in during the request (a login view): never cache.
        return not request.user.is_authenticated

    @staticmethod
    def _entry(request, response) -> dict:
        charset = response.charset or "utf-8"
        content = response.content.decode(charset)
        for token in _csrf_tokens_of(request, content):
            content = content.replace(token, CSRF_PLACEHOLDER)
        headers = {
            k: v
            for k, v in response.headers.items()
            if k.lower() not in ("content-length", "set-cookie", "date", HEADER.lower())
        }
        return {"content": content, "charset": charset, "headers": headers}

    @staticmethod
    def _from_cache(request, entry) -> HttpResponse:
        content = entry["content"]
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content.encode(entry["charset"]))
        for name, value in entry["headers"].items():
            response[name] = value
        response[HEADER] = "hit"
        return response
