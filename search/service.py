"""The one search interface: query text, filters and the user in, audience-safe hits out.

Views, the API, the header autocomplete and the people directory call
:func:`search`, :func:`autocomplete` and :func:`profile_ids_matching`; which
backend answers (database or Elasticsearch) is decided here, by
``settings.ELASTICSEARCH_URL``. Both backends filter by audience inside
their query, so totals, facets and pages only ever count what the user may see.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .backends.database import DatabaseBackend
from .backends.elastic import ElasticsearchBackend
from .results import (  # noqa: F401 - the service's public names, used by views and the API
    COUNT_CAP,
    KINDS,
    MAX_PAGE,
    MAX_QUERY_CHARS,
    PER_PAGE,
    SNIPPET_CHARS,
    FacetValue,
    Hit,
    SearchFilters,
    SearchResults,
    count_label,
    highlight,
    parse_filters,
    terms_of,
    text_of,
)


def get_backend(name: str | None = None):
    """The configured backend: Elasticsearch when ELASTICSEARCH_URL is set."""
    name = name or ("elasticsearch" if settings.ELASTICSEARCH_URL else "database")
    if name == "elasticsearch":
        return ElasticsearchBackend()
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

    For the people directory (through ``intranet.search.matching_ids``, so
    profiles need not import search): ``Profile.objects.filter(pk__in=...)``. A
    queryset (a subquery) on the database backend, a bounded list on
    Elasticsearch.
    """
    terms = terms_of(query)
    backend = backend or get_backend()
    if not terms:
        return []
    return backend.profile_ids(terms=terms, user=user)


def matching_ids(kind: str, query: str, user):
    """``intranet.search.matching_ids``: the registry's way into the backend."""
    if kind != "person":
        raise ValueError(f"no text matching for {kind!r}")
    return profile_ids_matching(query, user)
