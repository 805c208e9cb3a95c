"""The search registry: what each app makes searchable, and how.

An app declares its searchable types in its own ``search.py`` (as Wagtail apps
declare ``search_fields``): :func:`register` with a :class:`SearchType` for
content with its own matching rules (people, competences, posts), or
:func:`register_page` for a Wagtail page model searched by title and one body
field. The ``search`` app finds those modules at start-up
(``autodiscover_modules("search")`` in ``SearchConfig.ready``) and its service,
backends and indexing work from the declarations only: they import no app.

Each declaration keeps the audience inside its own queries (the audience
helper in ``intranet/audience.py``), so counts, facets and pages only ever see
what the viewer may see. Apps below ``search`` (the people directory) match
text through :func:`matching_ids`, which the search app connects to the
configured backend: they never import ``search``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from intranet.html import plain_text

SNIPPET_CHARS = 180


@dataclass
class Hit:
    """One search result as the result card shows it."""

    type: str
    title: str
    snippet: SafeString
    url: str
    score: float = 0.0
    date: dt.datetime | None = None
    label: str = ""
    #: Tie-break inside equal scores: newer first, then by title.
    sort_key: tuple = ()
    pk: int | None = None
    #: Builds the snippet later, for the hits on the shown page only.
    make_snippet: Callable[[], SafeString] | None = field(
        default=None, repr=False, compare=False
    )


EMPTY = mark_safe("")  # noqa: S308 - empty


def text_of(html: str) -> str:
    """Member-written HTML as the plain text a reader sees (tags gone, entities decoded)."""
    return plain_text(html or "")


def highlight(
    text: str, terms: list[str], *, length: int = SNIPPET_CHARS
) -> SafeString:
    """A short window of plain ``text`` around the first match, matches in <mark>.

    Everything except the <mark> tags is escaped; whole words containing a
    term are marked, so prefix and substring matches read naturally.
    """
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    pattern = None
    start = 0
    if terms:
        alternatives = "|".join(
            re.escape(t) for t in sorted(terms, key=len, reverse=True)
        )
        pattern = re.compile(rf"\w*(?:{alternatives})\w*", re.IGNORECASE | re.UNICODE)
        first = pattern.search(text)
        if first and first.start() > length // 3:
            start = text.rfind(" ", 0, first.start() - length // 4) + 1
    window = text[start : start + length]
    if start + length < len(text):
        cut = window.rfind(" ")
        window = (window[:cut] if cut > length // 2 else window) + " …"
    if start > 0:
        window = "… " + window
    if pattern is None:
        return mark_safe(escape(window))  # noqa: S308 - escaped
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts.append(escape(window[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(window[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped above


def text_snippet(html, fallback, terms) -> SafeString:
    """A highlighted snippet of member-written HTML (or ``fallback`` when empty)."""
    return highlight(text_of(html or "") or fallback, terms)


class SearchType:
    """One searchable type (a result tab), declared by the app that owns it.

    The database backend calls, per request, with ``ctx`` (terms, phrase,
    filters, user, allowed audiences, the network filter resolved, ``cap``):

    - ``match(ctx)``: a :class:`Matches` of what the viewer may see, or None
      when the filters exclude this type;
    - the returned object's ``hits(limit)`` and ``facets()``.

    Elasticsearch indexing uses ``index`` (the index name), ``source(obj)``
    (the document), ``objects()`` (what to index, with what ``source`` needs
    loaded) and ``dependencies()`` (which saves re-index which objects).
    """

    kind: str = ""
    label: str = ""
    #: The Elasticsearch index its documents live in ("people", "posts", …).
    index: str = ""

    def match(self, ctx):  # pragma: no cover - every type implements it
        raise NotImplementedError

    def objects(self):  # pragma: no cover
        raise NotImplementedError

    def source(self, obj) -> dict:  # pragma: no cover
        raise NotImplementedError

    def dependencies(self) -> list[tuple[type, Callable]]:
        """(model, ``ids(instance)``) pairs: saving or deleting ``instance`` of
        ``model`` re-indexes the objects of this type with those ids."""
        return []

    def facet_labels(self, facet: str, values: list[str]) -> dict[str, str]:
        """Labels of facet values this type knows (for the Elasticsearch facets)."""
        return {}

    def autocomplete(self, ctx, limit: int) -> list[dict]:
        return []


@dataclass
class Matches:
    """What one type matched for one request (see :class:`SearchType`)."""

    count: int
    capped: bool = False
    hits: Callable[[int], list[Hit]] = lambda limit: []
    #: {facet name: [(value, label, count)]}, computed when asked for.
    facets: Callable[[], dict[str, list[tuple[str, str, int]]]] = dict
    #: Whether facet counts stopped at the cap.
    facets_capped: bool = False


@dataclass(frozen=True)
class PageType:
    """A Wagtail page model searched by title and one body field."""

    model: type
    kind: str
    body_field: str


_types: dict[str, SearchType] = {}
_pages: list[PageType] = []
_hooks: dict[str, Callable] = {}


def register(search_type: SearchType) -> SearchType:
    """Declare a searchable type; registering a kind again replaces it."""
    _types[search_type.kind] = search_type
    return search_type


def register_page(model, *, kind: str, body_field: str) -> None:
    """Declare a page model searchable under ``kind`` ("page", "roadmap_item")."""
    entry = PageType(model=model, kind=kind, body_field=body_field)
    if entry not in _pages:
        _pages.append(entry)


def search_types() -> dict[str, SearchType]:
    return dict(_types)


def search_type(kind: str) -> SearchType | None:
    return _types.get(kind)


def page_types(kind: str | None = None) -> list[PageType]:
    return [p for p in _pages if kind is None or p.kind == kind]


def provide(name: str, function: Callable) -> None:
    """Offer a named helper to the search backends (e.g. ``network_id``)."""
    _hooks[name] = function


def hook(name: str, default: Callable | None = None) -> Callable:
    """A helper an app offered; ``default`` when no app offers it."""
    if default is not None:
        return _hooks.get(name, default)
    return _hooks[name]


def titles_in_context(model, rows) -> dict[int, str]:
    """``{pk: title}`` for page hits of ``model`` given as ``{"pk", "path",
    "title"}`` rows, as the apps that own them name them where they appear out
    of context ("Roadmap › Item"); plain titles otherwise."""
    rows = list(rows)
    titles = {row["pk"]: row["title"] for row in rows}
    titles.update(hook("page_titles", lambda _model, _rows: {})(model, rows))
    return titles


def matching_ids(kind: str, query: str, user):
    """Ids of the ``kind`` objects ``user`` may see that match ``query``,
    answered by the configured search backend (connected by the search app)."""
    return _hooks["matching_ids"](kind, query, user)
