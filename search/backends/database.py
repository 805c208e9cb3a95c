"""The database backend: ORM queries, audience applied inside each query.

Why the ORM and not Wagtail's ``database`` search backend: Wagtail indexes
one text blob per object, but a profile's fields each carry their own
audience (a bio may be ``private`` while the name is ``public``), so the
index cannot know which words a given viewer may match. Here every type is
matched by the declaration its app registered (``intranet/search.py``:
``profiles/search.py``, ``feed/search.py`` …), each starting from its
``visible_to(user)``, and pages from ``pages_visible_to``, so counts, facets
and pages only ever see what the viewer may see. This module imports no app.

Pages (registered with ``register_page``) are matched here, by substring on
title and body; people, competences and posts by their own app's rules (on
PostgreSQL, posts with full-text search and profile fields through
``pg_trgm`` indexes, both from ``search/migrations``).

Cost follows the page, not the community: at most ``COUNT_CAP`` matches per
type are read (counts past it read "1,000+"), facets are counted over those,
and ``ts_rank`` runs over the newest ``RANK_WINDOW`` matching posts only.
"""

from __future__ import annotations

from functools import partial

from django.db.models import Case, FloatField, Q, Value, When

from intranet import search as registry
from intranet.audience import audiences_for, page_paths_visible_to
from intranet.id_lists import IdsIn
from intranet.page_urls import page_urls
from intranet.search import EMPTY, Matches, text_snippet

from ..results import (
    COUNT_CAP,
    KINDS,
    FacetValue,
    Hit,
    SearchFilters,
    SearchResults,
)

FACET_SIZE = 15


class _Context:
    """One request's inputs, and the network filter resolved once."""

    def __init__(self, *, terms, query, user, filters):
        self.terms = terms
        self.phrase = " ".join(terms)
        self.query = query
        self.user = user
        self.filters = filters = filters or SearchFilters()
        self.allowed = audiences_for(user)
        #: Read per request, so a test (or a setting) can lower it.
        self.cap = COUNT_CAP
        self.network = None
        self.network_missing = False
        if filters.network:
            self.network = registry.hook("visible_network")(user, filters.network)
            self.network_missing = self.network is None


# --- pages ----------------------------------------------------------------------


def pages_querysets(ctx, kind):
    f = ctx.filters
    if f.post_kind or f.role or f.competence or ctx.network or ctx.network_missing:
        return None
    querysets = []
    for entry in registry.page_types(kind):
        body = entry.body_field
        qs = entry.model.objects.live()
        for term in ctx.terms:
            qs = qs.filter(Q(title__icontains=term) | Q(**{f"{body}__icontains": term}))
        if f.date_from:
            qs = qs.filter(first_published_at__date__gte=f.date_from)
        if f.date_to:
            qs = qs.filter(first_published_at__date__lte=f.date_to)
        querysets.append((qs, body))
    return querysets


#: What a page hit shows, read with the matches (the body only for shown hits).
_PAGE_VALUES = (
    "pk",
    "path",
    "url_path",
    "title",
    "score",
    "first_published_at",
    "last_published_at",
)


def _visible_matches(ctx, page_querysets):
    """Keep the pages the viewer may see, with page privacy applied once.

    Each model's matches (at most COUNT_CAP + 1, best first) are read once, as
    plain values, and page privacy is applied to their tree paths in Python,
    every restriction read once (``page_paths_visible_to``): the privacy
    condition grows with the number of restricted pages, so compiling it into
    each query would grow with the site. The count and the hits come from
    these rows. Returns, per kind, ``[(model, body field, visible rows)]``.
    """
    matched = {}
    paths = set()
    for kind, querysets in page_querysets.items():
        if querysets is None:
            continue
        matched[kind] = []
        for qs, body in querysets:
            rows = list(
                qs.annotate(
                    score=Case(
                        When(title__iexact=ctx.phrase, then=Value(80.0)),
                        When(title__icontains=ctx.terms[0], then=Value(30.0)),
                        default=Value(15.0),
                        output_field=FloatField(),
                    )
                )
                .order_by("-score", "title", "pk")
                .values(*_PAGE_VALUES)[: ctx.cap + 1]
            )
            matched[kind].append((qs.model, body, rows))
            paths.update(row["path"] for row in rows)
    visible = page_paths_visible_to(ctx.user, paths) if paths else set()
    out = dict.fromkeys(page_querysets)
    for kind, entries in matched.items():
        out[kind] = [
            (model, body, [row for row in rows if row["path"] in visible])
            for model, body, rows in entries
        ]
    return out


def _bodies(model, body, ids):
    """``{pk: body}`` of the pages, read when the first snippet asks: a page
    whose hits are not shown costs no read of its (long) bodies."""
    loaded = {}

    def get():
        if not loaded:
            loaded.update(
                model.objects.filter(IdsIn("pk", ids)).values_list("pk", body)
            )
        return loaded

    return get


def _page_snippet(bodies, row, terms):
    return text_snippet(bodies().get(row["pk"]) or "", row["title"], terms)


def _page_hits(ctx, kind, entries, limit):
    """The best ``limit`` visible pages of each model, from the rows read with
    the matches (no page objects): title in context, URL from ``url_path``."""
    hits = []
    label = str(KINDS[kind])
    for model, body, rows in entries:
        rows = rows[:limit]
        if not rows:
            continue
        titles = registry.titles_in_context(model, rows)  # "Roadmap › Item"
        urls = page_urls(model, [row["url_path"] for row in rows])
        bodies = _bodies(model, body, [row["pk"] for row in rows])
        for row in rows:
            date = row["last_published_at"] or row["first_published_at"]
            hits.append(
                Hit(
                    type=kind,
                    title=titles[row["pk"]],
                    snippet=EMPTY,
                    make_snippet=partial(_page_snippet, bodies, row, ctx.terms),
                    url=urls[row["url_path"]] or "",
                    score=row["score"],
                    date=date,
                    label=label,
                    sort_key=(-(date.timestamp() if date else 0), row["title"].lower()),
                    pk=row["pk"],
                )
            )
    return hits


def _page_matches(ctx, kinds):
    """Matches of the page kinds, with page privacy applied once for all of them."""
    pages = _visible_matches(ctx, {kind: pages_querysets(ctx, kind) for kind in kinds})
    out = {}
    for kind, entries in pages.items():
        if entries is None:
            out[kind] = None
            continue
        out[kind] = Matches(
            count=min(ctx.cap, sum(len(rows) for _model, _body, rows in entries)),
            hits=partial(_page_hits, ctx, kind, entries),
        )
    return out


# --- the backend ----------------------------------------------------------------


def _merge(rows_by_type) -> list[tuple[str, str, int]]:
    """One facet's values summed over the types that count them."""
    merged: dict[str, list] = {}
    for rows in rows_by_type:
        for value, label, n in rows:
            merged.setdefault(value, [label, 0])
            merged[value][1] += n
    return [(value, label, n) for value, (label, n) in merged.items()]


class DatabaseBackend:
    name = "database"

    def _matches(self, ctx) -> dict:
        types = registry.search_types()
        out = {}
        page_kinds = []
        for kind in KINDS:
            if kind in types:
                out[kind] = types[kind].match(ctx)
            else:
                page_kinds.append(kind)
        out.update(_page_matches(ctx, page_kinds))
        return out

    def search(self, *, terms, query, user, filters, page, per_page):
        ctx = _Context(terms=terms, query=query, user=user, filters=filters)
        matches = self._matches(ctx)
        counts = {kind: m.count if m else 0 for kind, m in matches.items()}
        capped = {kind for kind, m in matches.items() if m and m.capped}
        selected = [filters.kind] if filters.kind else list(KINDS)
        want = page * per_page
        hits: list[Hit] = []
        for kind in selected:
            if counts[kind]:
                hits += matches[kind].hits(want)
        hits.sort(key=lambda h: (-h.score, h.sort_key, h.type, h.pk or 0))
        total = sum(counts[k] for k in selected)
        start = (page - 1) * per_page
        shown = hits[start : start + per_page]
        for hit in shown:
            if hit.make_snippet is not None:
                hit.snippet, hit.make_snippet = hit.make_snippet(), None
        results = SearchResults(
            query=query,
            terms=terms,
            filters=filters,
            hits=shown,
            total=total,
            page=page,
            per_page=per_page,
            backend=self.name,
            capped=bool(capped & set(selected)),
        )
        results.facets = self._facets(matches, counts, selected, capped)
        return results

    def _facets(self, matches, counts, selected, capped):
        facets = {
            "kind": [
                FacetValue(kind, str(label), counts[kind], kind in capped)
                for kind, label in KINDS.items()
                if counts[kind]
            ]
        }
        rows: dict[str, list] = {"competence": [], "role": [], "post_kind": []}
        facet_capped: set[str] = set()
        for kind in selected:
            if not counts[kind]:
                continue
            for facet, values in matches[kind].facets().items():
                rows.setdefault(facet, []).append(values)
                if matches[kind].facets_capped:
                    facet_capped.add(facet)
        facets["competence"] = [
            FacetValue(slug, name, n)
            for slug, name, n in sorted(
                _merge(rows["competence"]), key=lambda r: (-r[2], r[1])
            )[:FACET_SIZE]
        ]
        for facet in ("role", "post_kind"):
            facets[facet] = [
                FacetValue(value, label, n, facet in facet_capped)
                for value, label, n in _merge(rows[facet])
            ]
        return facets

    def autocomplete(self, *, terms, user, limit):
        ctx = _Context(terms=terms, query=" ".join(terms), user=user, filters=None)
        types = registry.search_types()
        out = []
        for kind in KINDS:
            if kind in types:
                # The first type fills the list; later ones get what is left (at least 3).
                room = max(3, limit - len(out)) if out else limit
                out += types[kind].autocomplete(ctx, room)
        return out

    def profile_ids(self, *, terms, user):
        ctx = _Context(
            terms=terms, query=" ".join(terms), user=user, filters=SearchFilters()
        )
        return registry.search_type("person").profile_ids(ctx)
