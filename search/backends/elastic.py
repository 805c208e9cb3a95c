"""The Elasticsearch backend: one elasticsearch-dsl Search across the type aliases.

The query is built by pure functions (:func:`build_search`,
:func:`build_autocomplete`) from the terms, the filters and a
:class:`Viewer` (what the audience helper says this user may see), so its
body can be unit-tested without a server (``Search.to_dict()``). The
audience rule is a ``filter`` clause of the query itself, and the type tab
is a ``post_filter`` so the kind facet still counts every type.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.dateparse import parse_datetime
from django.utils.html import escape
from django.utils.safestring import mark_safe
from elasticsearch_dsl import Q, Search

from intranet import search as registry
from intranet.audience import (
    audiences_for,
    is_community_manager,
    member_network_ids,
)
from intranet.language import current_language

from ..documents import AUDIENCE_BUCKETS, alias_name, all_aliases
from ..indexing import get_client
from ..results import KINDS, FacetValue, Hit, SearchResults, highlight

FACET_SIZE = 15
MAX_PROFILE_IDS = 1000


@dataclass(frozen=True)
class Viewer:
    """What one user may see, resolved from intranet.audience once per request."""

    user_id: int | None
    audiences: tuple[str, ...]
    manager: bool
    network_ids: tuple[int, ...] = ()

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @classmethod
    def of(cls, user) -> Viewer:
        authenticated = bool(getattr(user, "is_authenticated", False))
        networks: tuple[int, ...] = ()
        if authenticated:
            networks = tuple(
                member_network_ids(user).values_list("network_id", flat=True)
            )
        audiences = audiences_for(user)
        return cls(
            user_id=user.pk if authenticated else None,
            audiences=tuple(a for a in AUDIENCE_BUCKETS if a in audiences),
            manager=is_community_manager(user),
            network_ids=networks,
        )


def person_fields(viewer: Viewer) -> list[str]:
    """Searched people fields: only the audience buckets this viewer may see."""
    fields = [
        "name^6",
        "headline^2",
        "headline.nl",
        "headline.en",
        "competences^3",
        "competences.nl^2",
        "competences.en^2",
    ]
    roles = "roles_members" if viewer.authenticated else "roles_public"
    fields += [f"{roles}^2", f"{roles}.nl", f"{roles}.en"]
    for audience in viewer.audiences:
        fields += [f"text_{audience}", f"text_{audience}.nl", f"text_{audience}.en"]
    return fields


CONTENT_FIELDS = [
    "names^3",
    "names.nl^2",
    "names.en^2",
    "title^3",
    "title.nl^2",
    "title.en^2",
    "body",
    "body.nl",
    "body.en",
    "description",
    "description.nl",
    "description.en",
]


def audience_filter(viewer: Viewer):
    """Which documents the viewer may see, per type (the audience helper's rules)."""
    person = [Q("term", type="person"), Q("term", is_active=True)]
    if not viewer.authenticated:
        person.append(Q("term", public_profile=True))
    visible_post = [Q("terms", audience=list(viewer.audiences))]
    if not viewer.manager:
        visible_post.append(Q("term", hidden=False))
        in_network = Q("bool", must_not=[Q("exists", field="network_ids")])
        if viewer.network_ids:
            in_network |= Q("terms", network_ids=list(viewer.network_ids))
        visible_post.append(in_network)
    post_visible = Q("bool", filter=visible_post)
    if viewer.authenticated:
        post_visible |= Q("term", author_id=viewer.user_id)
    post = Q("bool", filter=[Q("term", type="post"), post_visible])
    page = Q(
        "bool",
        filter=[
            Q("terms", type=["roadmap_item", "page"]),
            Q("terms", audience=list(viewer.audiences)),
        ],
    )
    # Signals: the signal's audience, and its author always finds their own (the
    # database backend's ``Signal.objects.visible_to``).
    signal_visible = Q("terms", audience=list(viewer.audiences))
    if viewer.authenticated:
        signal_visible |= Q("term", author_id=viewer.user_id)
    signal = Q("bool", filter=[Q("term", type="signal"), signal_visible])
    return Q(
        "bool",
        should=[
            Q("bool", filter=person),
            Q("term", type="competence"),
            post,
            page,
            signal,
        ],
        minimum_should_match=1,
    )


def text_query(terms: list[str], viewer: Viewer):
    """Exact name first, then all words across weighted fields, typos forgiven."""
    text = " ".join(terms)
    fields = person_fields(viewer) + CONTENT_FIELDS
    return Q(
        "bool",
        should=[
            Q("term", **{"name.exact": {"value": text, "boost": 20}}),
            Q("term", **{"title.exact": {"value": text, "boost": 10}}),
            Q("match_phrase_prefix", name={"query": text, "boost": 3}),
            Q(
                "multi_match",
                query=text,
                fields=fields,
                type="cross_fields",
                operator="and",
            ),
            Q(
                "multi_match",
                query=text,
                fields=fields,
                type="best_fields",
                operator="and",
                fuzziness="AUTO",
                prefix_length=1,
                boost=0.5,
            ),
        ],
        minimum_should_match=1,
    )


def filter_clauses(filters, viewer: Viewer, network_id: int | None) -> list:
    """The facet filters, as the database backend applies them per type."""
    clauses = []
    if filters.post_kind:
        clauses.append(Q("term", type="post") & Q("term", kind=filters.post_kind))
    if filters.competence:
        clauses.append(
            Q("term", competence_slugs=filters.competence)
            | Q("term", slug=filters.competence)
        )
    if filters.role:
        field = "role_slugs" if viewer.authenticated else "role_slugs_public"
        clauses.append(Q("term", **{field: filters.role}))
    if filters.network:
        if network_id is None:
            clauses.append(Q("match_none"))
        else:
            clauses.append(Q("term", network_ids=network_id))
    if filters.dated:
        dates = {}
        if filters.date_from:
            dates["gte"] = filters.date_from.isoformat()
        if filters.date_to:
            dates["lte"] = filters.date_to.isoformat()
        clauses.append(Q("range", created_at=dates))
    return clauses


def kind_clause(kind: str):
    return Q("term", type=kind) if kind else Q("match_all")


HIGHLIGHT_ORDER = [
    "headline",
    "competences",
    "body",
    "description",
    "title",
    "name",
]


def build_search(
    *, terms, filters, viewer: Viewer, page=1, per_page=20, network_id=None
):
    s = Search(index=all_aliases()).extra(track_total_hits=True)
    s = s.query(
        Q(
            "bool",
            must=[text_query(terms, viewer)],
            filter=[
                audience_filter(viewer),
                *filter_clauses(filters, viewer, network_id),
            ],
        )
    )
    kind = kind_clause(filters.kind)
    if filters.kind:
        s = s.post_filter(kind)
    s.aggs.bucket("kind", "terms", field="type", size=len(KINDS))
    role_field = "role_slugs" if viewer.authenticated else "role_slugs_public"
    s.aggs.bucket("competence", "filter", filter=kind).bucket(
        "values", "terms", field="competence_slugs", size=FACET_SIZE
    )
    s.aggs.bucket("role", "filter", filter=kind).bucket(
        "values", "terms", field=role_field, size=FACET_SIZE
    )
    s.aggs.bucket("post_kind", "filter", filter=kind & Q("term", type="post")).bucket(
        "values", "terms", field="kind", size=10
    )
    highlight_fields = HIGHLIGHT_ORDER + [f"text_{a}" for a in viewer.audiences]
    s = s.highlight_options(
        pre_tags=["<mark>"],
        post_tags=["</mark>"],
        encoder="html",
        fragment_size=180,
        number_of_fragments=1,
        require_field_match=True,
    ).highlight(*highlight_fields)
    s = s.sort(
        "_score",
        {"created_at": {"order": "desc", "unmapped_type": "date", "missing": "_last"}},
    )
    start = (page - 1) * per_page
    return s[start : start + per_page]


def build_autocomplete(*, terms, viewer: Viewer, limit=8):
    text = " ".join(terms)
    s = Search(index=[alias_name("people"), alias_name("competences")])
    s = s.query(
        Q(
            "bool",
            must=[Q("match", **{"name.suggest": {"query": text, "operator": "and"}})],
            should=[Q("term", **{"name.exact": {"value": text, "boost": 10}})],
            filter=[audience_filter(viewer)],
        )
    ).source(["type", "name", "headline", "url"])
    return s[:limit]


def build_profile_ids(*, terms, viewer: Viewer):
    s = Search(index=alias_name("people")).query(
        Q("bool", must=[text_query(terms, viewer)], filter=[audience_filter(viewer)])
    )
    return s.source(False)[:MAX_PROFILE_IDS]


def _facet_labels(facet: str, values: list[str]) -> dict[str, str]:
    """Labels of facet values, from the types that declare them."""
    labels: dict[str, str] = {}
    if values:
        for search_type in registry.search_types().values():
            labels.update(search_type.facet_labels(facet, values))
    return labels


class ElasticsearchBackend:
    name = "elasticsearch"

    def __init__(self, client=None):
        self._client = client

    @property
    def client(self):
        if self._client is None:
            self._client = get_client()
        return self._client

    def search(self, *, terms, query, user, filters, page, per_page):
        viewer = Viewer.of(user)
        network_id = None
        if filters.network:
            network = registry.hook("visible_network")(user, filters.network)
            network_id = network.pk if network is not None else None
        s = build_search(
            terms=terms,
            filters=filters,
            viewer=viewer,
            page=page,
            per_page=per_page,
            network_id=network_id,
        )
        response = s.using(self.client).execute()
        hits = [self._hit(h, terms) for h in response.hits]
        aggs = response.aggregations
        kind_counts = {b.key: b.doc_count for b in aggs.kind.buckets}
        facets = {
            "kind": [
                FacetValue(k, str(label), kind_counts[k])
                for k, label in KINDS.items()
                if kind_counts.get(k)
            ]
        }
        for facet in ("competence", "role", "post_kind"):
            buckets = aggs[facet]["values"].buckets
            labels = _facet_labels(facet, [b.key for b in buckets])
            facets[facet] = [
                FacetValue(b.key, labels.get(b.key, b.key), b.doc_count)
                for b in buckets
            ]
        total = response.hits.total.value
        if filters.kind:
            total = kind_counts.get(filters.kind, 0)
        return SearchResults(
            query=query,
            terms=terms,
            filters=filters,
            hits=hits,
            total=total,
            page=page,
            per_page=per_page,
            facets=facets,
            backend=self.name,
        )

    @staticmethod
    def _hit(h, terms) -> Hit:
        kind = h.type
        fragments = getattr(h.meta, "highlight", None)
        snippet = None
        if fragments is not None:
            for field in list(fragments):
                if field in ("name", "title"):
                    continue
                snippet = mark_safe(fragments[field][0])  # noqa: S308 - ES html encoder
                break
        if snippet is None:
            text = getattr(h, "headline", "") or getattr(h, "body", "") or ""
            text = text or getattr(h, "description", "") or ""
            snippet = highlight(text, terms) if text else mark_safe(escape(""))  # noqa: S308
        # A bilingual name in the viewer's language, else as indexed.
        title = (
            getattr(h, f"name_{current_language()}", None)
            or getattr(h, "name", None)
            or getattr(h, "title", "")
        )
        return Hit(
            type=kind,
            title=title,
            snippet=snippet,
            url=h.url,
            score=h.meta.score or 0.0,
            date=parse_datetime(str(h.created_at))
            if getattr(h, "created_at", None)
            else None,
            label=str(KINDS.get(kind, kind)),
            pk=int(h.meta.id),
        )

    def autocomplete(self, *, terms, user, limit):
        viewer = Viewer.of(user)
        response = build_autocomplete(terms=terms, viewer=viewer, limit=limit)
        response = response.using(self.client).execute()
        return [
            {
                "type": h.type,
                "label": h.name,
                "detail": getattr(h, "headline", "") or str(KINDS.get(h.type, "")),
                "url": h.url,
            }
            for h in response.hits
        ]

    def profile_ids(self, *, terms, user):
        s = build_profile_ids(terms=terms, viewer=Viewer.of(user))
        return [int(h.meta.id) for h in s.using(self.client).execute().hits]
