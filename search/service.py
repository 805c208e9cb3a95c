"""The one search interface: query text, filters and the user in, audience-safe hits out.

Views, the API, the header autocomplete and the people directory call
:func:`search`, :func:`autocomplete` and :func:`profile_ids_matching`; which
backend answers (database or Elasticsearch) is decided here, by
``settings.ELASTICSEARCH_URL``. Both backends filter by audience inside
their query, so totals, facets and pages only ever count what the user may see.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from intranet.html import plain_text

#: Hit types, in the order the tabs show them.
KINDS = {
    "person": _("People"),
    "competence": _("Competences"),
    "post": _("Posts"),
    "roadmap_item": _("Roadmap items"),
    "page": _("Pages"),
}
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
PER_PAGE = 20
#: Past this page a search asks for better words rather than deeper paging;
#: it bounds how many rows each backend ranks per request.
MAX_PAGE = 50
SNIPPET_CHARS = 180
#: Matches counted per type: past this a count reads "1,000+". Counting every
#: match of a common word would make the page cost grow with the community.
COUNT_CAP = MAX_PAGE * PER_PAGE

_TERM = re.compile(r"[^\W_]+", re.UNICODE)
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,120}$")


def terms_of(query: str) -> list[str]:
    """The words a query searches for: letters and digits only, lower case, bounded.

    Search-engine syntax (quotes, AND/OR operators, wildcards, field:value)
    is reduced to its words, so no input can reach a backend as syntax.
    """
    seen: list[str] = []
    for word in _TERM.findall((query or "")[:MAX_QUERY_CHARS].lower()):
        word = word[:MAX_TERM_CHARS]
        if word not in seen:
            seen.append(word)
        if len(seen) == MAX_TERMS:
            break
    return seen


@dataclass(frozen=True)
class SearchFilters:
    kind: str = ""
    post_kind: str = ""
    competence: str = ""
    role: str = ""
    network: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def dated(self) -> bool:
        return bool(self.date_from or self.date_to)

    def without(self, name: str) -> SearchFilters:
        values = {**self.__dict__, name: None if name.startswith("date") else ""}
        return SearchFilters(**values)

    def as_params(self) -> dict:
        params = {}
        for key, value in self.__dict__.items():
            if value:
                params[key] = (
                    value.isoformat() if hasattr(value, "isoformat") else value
                )
        return params


def parse_filters(params) -> tuple[SearchFilters, list[str]]:
    """Read filters from request parameters; unknown values are dropped with a notice."""
    from feed.models import Post

    notices: list[str] = []
    values: dict = {}
    kind = (params.get("kind") or "").strip()
    if kind:
        if kind in KINDS:
            values["kind"] = kind
        else:
            notices.append(str(_("Unknown result type ignored.")))
    post_kind = (params.get("post_kind") or "").strip()
    if post_kind:
        if post_kind in Post.Kind.values:
            values["post_kind"] = post_kind
        else:
            notices.append(str(_("Unknown post kind ignored.")))
    for name in ("competence", "role", "network"):
        value = (params.get(name) or "").strip()
        if value:
            if _SLUG.match(value):
                values[name] = value
            else:
                notices.append(str(_("Unknown filter value ignored.")))
    for name in ("date_from", "date_to"):
        value = (params.get(name) or "").strip()
        if value:
            try:
                values[name] = dt.date.fromisoformat(value[:10])
            except ValueError:
                notices.append(str(_("A date was not understood and is ignored.")))
    return SearchFilters(**values), notices


@dataclass
class Hit:
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


def count_label(count: int, capped: bool = False) -> str:
    """A count as shown: "1,000+" when counting stopped at the cap."""
    from django.utils.formats import number_format

    text = number_format(count, force_grouping=True)
    return f"{text}+" if capped else text


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    #: True when ``count`` stopped at COUNT_CAP (there are more).
    capped: bool = False

    @property
    def count_label(self) -> str:
        return count_label(self.count, self.capped)


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    filters: SearchFilters
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    backend: str = "database"
    #: True when ``total`` stopped at a cap (there are more matches).
    capped: bool = False

    @property
    def total_label(self) -> str:
        return count_label(self.total, self.capped)

    @property
    def num_pages(self) -> int:
        return max(1, min(MAX_PAGE, math.ceil(self.total / self.per_page)))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.hits else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.hits) - 1 if self.hits else 0


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


def get_backend(name: str | None = None):
    """The configured backend: Elasticsearch when ELASTICSEARCH_URL is set."""
    name = name or ("elasticsearch" if settings.ELASTICSEARCH_URL else "database")
    if name == "elasticsearch":
        from .backends.elastic import ElasticsearchBackend

        return ElasticsearchBackend()
    from .backends.database import DatabaseBackend

    return DatabaseBackend()


def _page_number(page) -> tuple[int, list[str]]:
    try:
        number = int(str(page).strip()[:6])
    except (TypeError, ValueError):
        return 1, [str(_("The page number was not understood; showing page 1."))]
    if number < 1:
        return 1, []
    if number > MAX_PAGE:
        return MAX_PAGE + 1, []
    return number, []


def search(
    *,
    query: str,
    user,
    filters: SearchFilters | None = None,
    page=1,
    per_page: int = PER_PAGE,
    backend=None,
) -> SearchResults:
    """Search everything ``user`` may see. Never raises on user input."""
    filters = filters or SearchFilters()
    query = (query or "").strip()[:MAX_QUERY_CHARS]
    per_page = max(1, min(int(per_page), 50))
    number, notices = _page_number(page)
    terms = terms_of(query)
    backend = backend or get_backend()
    empty = SearchResults(
        query=query,
        terms=terms,
        filters=filters,
        hits=[],
        total=0,
        page=1,
        per_page=per_page,
        notices=notices,
        backend=backend.name,
    )
    if not terms:
        if query:
            empty.notices.append(
                str(_("Type letters or digits to search; symbols alone match nothing."))
            )
        return empty
    results = backend.search(
        terms=terms,
        query=query,
        user=user,
        filters=filters,
        page=min(number, MAX_PAGE),
        per_page=per_page,
    )
    results.notices[:0] = notices
    if number > results.num_pages:
        results.hits = []
        results.page = number
        results.notices.append(str(_("There are no more results past this page.")))
    return results


def autocomplete(*, query: str, user, limit: int = 8, backend=None) -> list[dict]:
    """People and competences whose names start with (or contain) the words typed."""
    terms = terms_of(query)
    if not terms or len("".join(terms)) < 2:
        return []
    backend = backend or get_backend()
    return backend.autocomplete(terms=terms, user=user, limit=max(1, min(limit, 20)))


def profile_ids_matching(query: str, user, *, backend=None):
    """Ids of the profiles ``user`` may see whose visible fields match ``query``.

    For the people directory: ``Profile.objects.filter(pk__in=...)``. A queryset
    (a subquery) on the database backend, a bounded list on Elasticsearch.
    """
    terms = terms_of(query)
    backend = backend or get_backend()
    if not terms:
        from profiles.models import Profile

        return Profile.objects.none().values("pk")
    return backend.profile_ids(terms=terms, user=user)
