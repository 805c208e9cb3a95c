"""Page cache: a page rendered once is served from the cache until something changes.

``PageCacheMiddleware`` (last in MIDDLEWARE, so it wraps the view) stores the
HTML of GET requests to the sections (home, purpose, roadmaps, people, feed,
search) in Django's cache framework (Redis in production, shared by every
process) and serves it again without running the view.

Scopes, never mixed:

* **Visitors** share one entry per page: what a visitor sees does not depend
  on who they are.
* **Members** share one entry per page *per audience signature*
  (``intranet.audience.audience_signature``, hashed into the key): everything
  the audience module uses to decide what they may see (membership kind,
  superuser, groups, direct permissions, the networks they are active in). Two
  employees in the same networks share the feed; someone in a private network,
  a manager or an external member never gets their copy. What differs between
  members of one signature (the bell, the account menu, their reactions, votes,
  follows, support, volunteering) is not in the entry: templates write markers
  and ``intranet.viewer_state.ViewerStateMiddleware`` (just outside this one)
  fills them per viewer on every response, hit or miss. A member who sees
  something only because it is theirs (a hidden post, a pending idea, a role
  above their audience) gets a signature of their own. The signature is kept in
  the cache under the versions it depends on (global, posts, people).
* **Personal** entries, per member, for a page a view marks as its viewer's own
  (``viewer_state.personal_page``: their settings, their notifications, the feed
  of whom they follow) or as owned (``viewer_state.page_owned_by``: the owner
  of a profile, a post, a roadmap item or a network's hosts see owner controls).
  An owned page's shared entry lists its owners and is never served to them; a
  personal entry's key also holds the member's version, bumped when their
  notifications change (``feed.notification`` saves touch no shared page).

It never caches a response that sets cookies, carries or consumes messages,
modified the session, is not a 200, or says ``Cache-Control:
private/no-cache/no-store``; and it never serves a cached page to a request
that has messages waiting, or that asks for a fresh copy with
``Cache-Control: no-cache`` (a browser's hard reload; the benchmark's
"uncached" rows). The key holds the language (LocaleMiddleware runs first),
the host and the full path.

Every page carries the language switcher's CSRF token. A cached page holds a
placeholder instead; each hit gets a fresh token for its own visitor, and
CsrfViewMiddleware (outside this one) sets that visitor's cookie as usual.

Invalidation forgets only what changed: a version per subject (posts,
reactions, comments, people, roadmaps) and one global version, all in the
cache. A save or delete (or many-to-many change) of a model that belongs to a
subject bumps that subject's version; any other model outside a short list of
bookkeeping models bumps the global one (the safe default: purpose, pages,
groups, …). A page's key holds the global version and the versions of the
subjects its section shows (``SECTION_SUBJECTS``): a reaction makes the feed,
the home page and the pages with post cards stale, but not the roadmap
boards, the directory or the competence pages. Signals fire in every process, management
commands included (``IntranetConfig.ready`` connects them), so the next visit
renders fresh. The scopes (visitors, one signature, one member) do not depend
on the versions: splitting them never lets a page cross a scope. Writes that
bypass signals (``QuerySet.update``, ``bulk_create``) are covered by a short lifetime (``KOERS_PAGE_CACHE_SECONDS``,
default 60 s) or by calling ``bump_page_cache()``.

``X-Page-Scope`` says which copy answered (``visitor``, ``shared``, ``personal``).
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import (
    _unmask_cipher_token,  # private, stable since 4.1
    get_token,
)
from django.utils.translation import get_language

from intranet.audience import audience_signature
from intranet.viewer_state import is_personal, page_owners

logger = logging.getLogger(__name__)

VERSION_KEY = "pagecache:version"
MEMBER_VERSION_KEY = "pagecache:member:{pk}"
HEADER = "X-Page-Cache"
#: Which copy answered: ``visitor``, ``shared`` (one audience signature) or ``personal``.
SCOPE_HEADER = "X-Page-Scope"
SIGNATURE_KEY = "pagecache:signature:{pk}:{stamp}"
SIGNATURE_SECONDS = 3600
CSRF_PLACEHOLDER = "__KOERS_CSRF_TOKEN_PLACEHOLDER_PADDED_TO_SIXTYFOUR_CHARACTERS__"
# A masked CSRF token: 64 letters and digits (Django's CSRF_TOKEN_LENGTH).
_TOKEN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

# Public sections whose pages visitors may read. "/" is the home page only.
CACHED_PREFIXES = ("/purpose/", "/roadmaps/", "/people/", "/feed/", "/search/")
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
    "feed.feedevent",  # the live-update replay log; pages never show it
    "feed.notification",  # only its recipient's pages show it: a member version
}


#: Models whose changes only the pages of one subject show.
SUBJECT_OF_MODEL = {
    "feed.post": "posts",
    "feed.taggedpostcompetence": "posts",
    "feed.report": "posts",
    "feed.reaction": "reactions",
    "feed.comment": "comments",
    "accounts.user": "people",
}
#: Apps whose every model belongs to one subject.
SUBJECT_OF_APP = {
    "profiles": "people",
    "roadmaps": "roadmaps",
    # Shown only in their own sections, which are not page-cached (elsewhere a plain
    # link in the menu): a sign-up or a contribution in a live session bumps a
    # subject no cached page shows, instead of making the whole site stale.
    "gatherings": "gatherings",
    "intervision": "intervision",
}
#: The subjects a page shows unless its section says otherwise.
SUBJECTS = ("posts", "reactions", "comments", "people", "roadmaps")
SUBJECT_VERSION_KEY = "pagecache:subject:{name}"
#: path pattern -> the subjects its pages show (first match wins; else all).
#: Pages with post cards (the feed, a roadmap item's results, a profile's kudos,
#: a network's posts) show reaction and comment counts, so they keep all.
SECTION_SUBJECTS = (
    (re.compile(r"^/roadmaps/[^/]+/[^/]+/"), SUBJECTS),  # an item, its changes
    (re.compile(r"^/roadmaps/"), ("posts", "people", "roadmaps")),  # index, boards
    (
        re.compile(r"^/people/(competences/.*|networks/)?$"),
        ("people", "roadmaps"),  # directory, competences, the networks index
    ),
)


def subject_of(label_lower: str) -> str | None:
    """The subject a model's changes belong to, or None (then every page)."""
    subject = SUBJECT_OF_MODEL.get(label_lower)
    if subject is None:
        subject = SUBJECT_OF_APP.get(label_lower.split(".", 1)[0])
    return subject


def subjects_of_path(path: str) -> tuple[str, ...]:
    for pattern, subjects in SECTION_SUBJECTS:
        if pattern.match(path):
            return subjects
    return SUBJECTS


def page_cache_seconds() -> int:
    return getattr(settings, "KOERS_PAGE_CACHE_SECONDS", 60)


def cache_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _incr_version(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not set yet: the first page will start at 1
        cache.add(key, 2, timeout=None)


def _bump(key: str, using=None) -> None:
    """Move a version now, so this process and tests inside a transaction see the
    change at once; and again after the commit, so a page another process
    rendered from the old data in between is not kept under the new version.
    One after-commit move per version and transaction is enough."""
    _incr_version(key)
    conn = transaction.get_connection(using)
    if not conn.in_atomic_block:
        return
    for entry in conn.run_on_commit[-20:]:
        callback = entry[1]
        if getattr(callback, "func", None) is _incr_version and callback.args == (key,):
            return
    transaction.on_commit(partial(_incr_version, key), using=using)


def bump_page_cache() -> None:
    """Make every cached page stale (all processes share the cache)."""
    _bump(VERSION_KEY)


def bump_subject(subject: str, using=None) -> None:
    """Make the cached pages that show ``subject`` stale (and only those)."""
    _bump(SUBJECT_VERSION_KEY.format(name=subject), using=using)


def bump_member_page_cache(user_id: int) -> None:
    """Make one member's cached pages stale (their notifications changed)."""
    _bump(MEMBER_VERSION_KEY.format(pk=user_id))


def _on_notification_change(sender, instance, **kwargs) -> None:
    recipient_id = getattr(instance, "recipient_id", None)
    if recipient_id is not None:
        bump_member_page_cache(recipient_id)


def _on_change(sender, **kwargs) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.label_lower in IGNORED_MODELS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= {"last_login"}:
        return
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: count the post_add/post_remove/post_clear only
    subject = subject_of(meta.label_lower)
    if subject is None:
        _bump(VERSION_KEY, using=kwargs.get("using"))
    else:
        bump_subject(subject, using=kwargs.get("using"))


def connect_signals() -> None:
    post_save.connect(_on_change, dispatch_uid="koers-page-cache-save")
    post_delete.connect(_on_change, dispatch_uid="koers-page-cache-delete")
    m2m_changed.connect(_on_change, dispatch_uid="koers-page-cache-m2m")
    post_save.connect(
        _on_notification_change,
        sender="feed.Notification",
        dispatch_uid="koers-page-cache-notification-save",
    )
    post_delete.connect(
        _on_notification_change,
        sender="feed.Notification",
        dispatch_uid="koers-page-cache-notification-delete",
    )


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


@dataclass(frozen=True)
class _Keys:
    """Where a page may be kept for this request: the copy shared by its scope
    (visitors, or members with one audience signature), and for members their own
    copy of a personal page."""

    shared: str
    member: str | None
    scope: str


def _signature(user, stamp: str) -> str:
    """The member's audience signature, kept under the versions it reads."""
    key = SIGNATURE_KEY.format(pk=user.pk, stamp=stamp)
    signature = cache.get(key)
    if signature is None:
        signature = audience_signature(user)
        cache.set(key, signature, SIGNATURE_SECONDS)
    return signature


def _keys(request) -> _Keys:
    """The page's keys in the viewer's scope, at the current version(s)."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    place = f"{get_language()}:{request.get_host()}:{digest}"
    subject_keys = [
        SUBJECT_VERSION_KEY.format(name=name) for name in subjects_of_path(request.path)
    ]
    # What the signature reads: groups and permissions (global), networks and roles
    # (people), one's own hidden posts (posts), pending ideas and comments (roadmaps).
    signature_keys = [
        SUBJECT_VERSION_KEY.format(name=n) for n in ("posts", "people", "roadmaps")
    ]
    user = request.user
    member_key = (
        MEMBER_VERSION_KEY.format(pk=user.pk) if user.is_authenticated else None
    )
    versions = cache.get_many(
        [
            VERSION_KEY,
            *subject_keys,
            *signature_keys,
            *([member_key] if member_key else []),
        ]
    )
    version = versions.get(VERSION_KEY) or cache_version()
    # One version per subject the page shows; a subject never bumped reads 1.
    subjects = ".".join(str(versions.get(key, 1)) for key in subject_keys)
    stamp = f"{version}-{subjects}"
    if member_key is None:
        return _Keys(f"pagecache:{stamp}:v:{place}", None, "visitor")
    signature_stamp = ".".join(
        str(v) for v in (version, *(versions.get(k, 1) for k in signature_keys))
    )
    signature = _signature(user, signature_stamp)
    return _Keys(
        f"pagecache:{stamp}:s{signature}:{place}",
        f"pagecache:{stamp}:m{user.pk}.{versions.get(member_key, 1)}:{place}",
        "shared",
    )


def _wants_fresh(request) -> bool:
    return "no-cache" in request.headers.get("Cache-Control", "").lower()


def _csrf_tokens_of(request, content: str) -> set[str]:
    """The masked CSRF tokens of this request that the page contains."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return set()
    return {
        t for t in set(_TOKEN_RE.findall(content)) if _unmask_cipher_token(t) == secret
    }


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._applies(request):
            return self.get_response(request)
        user = request.user
        was_member = user.is_authenticated
        try:
            keys = _keys(request)
            entries = (
                {}
                if _wants_fresh(request)
                else cache.get_many([k for k in (keys.shared, keys.member) if k])
            )
        except Exception:  # noqa: BLE001 - a cache outage must not take pages down
            return self.get_response(request)
        shared = entries.get(keys.shared)
        if shared is not None and user.pk not in shared.get("owners", ()):
            return self._from_cache(request, shared, keys.scope)
        if keys.member and entries.get(keys.member) is not None:
            return self._from_cache(request, entries[keys.member], "personal")
        response = self.get_response(request)
        if (
            request.method == "GET"
            and self._storable(request, response)
            # Signed in or out during the request (a login or logout view): the
            # page belongs to neither scope.
            and request.user.is_authenticated == was_member
        ):
            personal = is_personal(request)
            if personal and keys.member is None:
                return response  # a visitor's own page: not kept
            key, scope = (
                (keys.member, "personal") if personal else (keys.shared, keys.scope)
            )
            entry = self._entry(request, response)
            if not personal:
                entry["owners"] = sorted(page_owners(request))
            try:
                cache.set(key, entry, page_cache_seconds())
            except Exception:  # noqa: BLE001 - serve the page even if it cannot be kept
                logger.warning("page cache: could not store %s", request.path)
            response[HEADER] = "miss"
            response[SCOPE_HEADER] = scope
        return response

    @staticmethod
    def _applies(request) -> bool:
        if page_cache_seconds() <= 0:
            return False
        if request.method not in ("GET", "HEAD"):
            return False
        if not _cacheable_path(request.path):
            return False
        if request.headers.get("HX-Request") or request.headers.get("X-Requested-With"):
            return False
        if getattr(request, "user", None) is None:
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
        return response.get("Content-Type", "").startswith("text/html")

    @staticmethod
    def _entry(request, response) -> dict:
        charset = response.charset or "utf-8"
        content = response.content.decode(charset)
        for token in _csrf_tokens_of(request, content):
            content = content.replace(token, CSRF_PLACEHOLDER)
        headers = {
            k: v
            for k, v in response.headers.items()
            if k.lower()
            not in (
                "content-length",
                "set-cookie",
                "date",
                HEADER.lower(),
                SCOPE_HEADER.lower(),
            )
        }
        return {"content": content, "charset": charset, "headers": headers}

    @staticmethod
    def _from_cache(request, entry, scope: str) -> HttpResponse:
        content = entry["content"]
        if CSRF_PLACEHOLDER in content:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request))
        response = HttpResponse(content.encode(entry["charset"]))
        for name, value in entry["headers"].items():
            response[name] = value
        response[HEADER] = "hit"
        response[SCOPE_HEADER] = scope
        return response
