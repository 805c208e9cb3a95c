"""What a search returns, and the words and filters it is asked with.

The types the service, both backends and the views share; no app is imported
here (what each app makes searchable is declared in its own ``search.py``,
see ``intranet/search.py``).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from intranet import search as registry
from intranet.search import SNIPPET_CHARS, Hit, highlight, text_of

__all__ = [
    "COUNT_CAP",
    "KINDS",
    "MAX_PAGE",
    "PER_PAGE",
    "SNIPPET_CHARS",
    "FacetValue",
    "Hit",
    "SearchFilters",
    "SearchResults",
    "count_label",
    "highlight",
    "parse_filters",
    "terms_of",
    "text_of",
]

#: Hit types, in the order the tabs show them.
KINDS = {
    "person": _("People"),
    "competence": _("Competences"),
    "post": _("Posts"),
    "roadmap_item": _("Roadmap items"),
    "signal": _("Signals"),
    "page": _("Pages"),
}
MAX_QUERY_CHARS = 200
MAX_TERMS = 8
MAX_TERM_CHARS = 40
PER_PAGE = 20
#: Past this page a search asks for better words rather than deeper paging;
#: it bounds how many rows each backend ranks per request.
MAX_PAGE = 50
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
        if post_kind in registry.hook("post_kinds")():
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


def count_label(count: int, capped: bool = False) -> str:
    """A count as shown: "1,000+" when counting stopped at the cap."""
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
