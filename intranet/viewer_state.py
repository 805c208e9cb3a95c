"""Each viewer's own state on a shared page: markers in the HTML, filled in per request.

A page is rendered once for everyone with the same audience signature
(``intranet.audience.audience_signature``) and kept by the page cache
(intranet/cache.py). What differs between those viewers (the bell's count, the
account menu, which reaction they gave, their vote, whether they follow) is not in
that HTML: templates write a small marker instead (``{% viewer_state "bell" %}``, or
``marker("reacted", "12.like")`` from Python), and ``ViewerStateMiddleware``, outside
the page cache, replaces the markers of each response with this viewer's HTML.

Most per-viewer bits are a choice between two renderings that are the same for
everyone: ``{% viewer_if "voted" item.pk %}…{% viewer_else %}…{% end_viewer_if %}``
keeps both branches in the shared HTML and the fill keeps one. The rest (the bell's
count, the account menu) are a marker the fill replaces with HTML.

An app registers a ``Kind`` per marker in ``<app>/viewer_state.py`` (found at
start-up, as the inbox finds ``inbox_items``): its ``fill(request, args)`` answers
every marker and switch of that kind on the page at once (one query for the page,
never one per item) as ``{arg: value}``: HTML for a marker, true or false for a
switch. What it does not answer is the state of someone who did nothing: an empty
marker, a switch's second branch (not pressed, not voted, not following).

There is one code path: a view always renders the shared form (the middleware marks
the request, so tags know to write markers) and the fill always runs, on a cache
hit, a miss, with the cache off, and for the in-place (htmx) answers. A fragment
rendered without a request (a live WebSocket fragment, an e-mail) gets no markers.

Markers are HTML comments: member text never carries one (nh3 strips comments, and
escaped text cannot open one), and filling one only ever shows a viewer their own
state.

A view whose whole output depends on the viewer in ways markers do not cover calls
``personal_page(request)``: the page cache then keeps it per member. A page that
shows owner-only controls to its owners (their own profile) calls
``page_owned_by(request, *user_ids)``: its owners get a copy of their own, everyone
else the shared one, which is never served to an owner.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

#: ``<!--kv:kind:arg-->``: a kind is a lower-case name, an argument ids and dots.
MARKER_RE = re.compile(r"<!--kv:([a-z_]+):([A-Za-z0-9_.\-]*)-->")
#: ``<!--kv?kind:arg-->yes<!--kv!kind:arg-->no<!--kv.kind:arg-->``: a switch keeps one
#: branch. Both are in the shared HTML; the viewer's state picks.
SWITCH_OPEN_RE = re.compile(r"<!--kv\?([a-z_]+):([A-Za-z0-9_.\-]*)-->")
SWITCH_RE = re.compile(
    r"<!--kv\?([a-z_]+):([A-Za-z0-9_.\-]*)-->(.*?)<!--kv!\1:\2-->(.*?)<!--kv\.\1:\2-->",
    re.DOTALL,
)
_MARKER_START = "<!--kv"
_FILLING = "_koers_viewer_state"
_PERSONAL = "_koers_personal_page"
_OWNERS = "_koers_page_owners"

Fill = Callable[..., dict[str, str]]


@dataclass(frozen=True)
class Kind:
    """One kind of per-viewer bit: ``fill(request, args) -> {arg: html}``."""

    name: str
    fill: Fill


_KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if not re.fullmatch(r"[a-z_]+", kind.name):
        raise ValueError(f"viewer state kind {kind.name!r}: lower-case letters and _")
    _KINDS[kind.name] = kind
    return kind


def kinds() -> dict[str, Kind]:
    return dict(_KINDS)


def marker(kind: str, arg: object = "") -> SafeString:
    """The placeholder the fill replaces with this viewer's HTML for ``kind``."""
    return mark_safe(f"<!--kv:{kind}:{arg}-->")  # noqa: S308 - a fixed pattern


def filling(request) -> bool:
    """Is this request's HTML filled per viewer (should templates write markers)?"""
    return bool(getattr(request, _FILLING, False))


def switch(kind: str, arg: object, yes: str, no: str) -> SafeString:
    """Both branches, of which the fill keeps ``yes`` where ``kind`` answers ``arg``
    with something true for this viewer, else ``no``."""
    return mark_safe(  # noqa: S308 - the branches are the caller's safe HTML
        f"<!--kv?{kind}:{arg}-->{yes}<!--kv!{kind}:{arg}-->{no}<!--kv.{kind}:{arg}-->"
    )


def fill(request, content: str) -> str:
    """Replace every marker and switch in ``content`` with this viewer's HTML (one
    call per kind, whatever the number of markers)."""
    if _MARKER_START not in content:
        return content
    wanted: dict[str, list[str]] = {}
    for found in (MARKER_RE.findall(content), SWITCH_OPEN_RE.findall(content)):
        for name, arg in found:
            args = wanted.setdefault(name, [])
            if arg not in args:
                args.append(arg)
    answers: dict[tuple[str, str], object] = {}
    for name, args in wanted.items():
        kind = _KINDS.get(name)
        if kind is None:
            logger.warning("viewer state: no kind %r registered", name)
            continue
        for arg, value in kind.fill(request, args).items():
            answers[(name, arg)] = value

    def branch(m) -> str:
        return m[3] if answers.get((m[1], m[2])) else m[4]

    previous = None
    while previous != content:  # switches may nest: the outer one first
        previous, content = content, SWITCH_RE.sub(branch, content)

    def value(m) -> str:
        answer = answers.get((m[1], m[2]))
        return answer if isinstance(answer, str) else ""

    return MARKER_RE.sub(value, content)


def personal_page(request) -> None:
    """This response depends on who asks: the page cache keeps it per member."""
    setattr(request, _PERSONAL, True)


def personal(view):
    """Decorate a view whose every answer is the viewer's own (their settings, their
    notifications): ``personal_page`` for each request."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        personal_page(request)
        return view(request, *args, **kwargs)

    return wrapped


def page_owned_by(request, *user_ids) -> None:
    """These members see owner controls on this page: each gets a copy of their own,
    and the shared copy (rendered for someone else) is never served to them."""
    owners = getattr(request, _OWNERS, set())
    owners.update(pk for pk in user_ids if pk is not None)
    setattr(request, _OWNERS, owners)
    user = getattr(request, "user", None)
    if getattr(user, "pk", None) in owners:
        personal_page(request)


def is_personal(request) -> bool:
    return bool(getattr(request, _PERSONAL, False))


def page_owners(request) -> frozenset:
    return frozenset(getattr(request, _OWNERS, ()))


class ViewerStateMiddleware:
    """Marks each request as filled per viewer, and fills its HTML response.

    Sits just outside the page cache, so what the cache keeps is the shared form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        setattr(request, _FILLING, True)
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            return response
        charset = response.charset or "utf-8"
        content = response.content.decode(charset)
        if _MARKER_START in content:
            response.content = fill(request, content).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
