"""What the feed makes searchable: posts, matched with PostgreSQL full-text search.

Registered with the search registry (``intranet/search.py``); the search app
finds this module at start-up and never imports the feed. Posts, the large
table, are matched with ``to_tsvector('simple', body)`` against prefix terms,
ranked by ``ts_rank`` over the newest ``RANK_WINDOW`` matches and served by the
GIN expression index from ``search/migrations`` (a post also matches when a word
has the same Dutch or English stem: "warmtepompen" finds "warmtepomp", each from
its own index, ``0004``). The ``simple`` configuration
suits mixed Dutch and English text: no stemming surprises, and prefix matching
finds "vrijwillig" in "vrijwilligers". Other databases match by substring.
"""

from __future__ import annotations

from functools import partial

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Count, F, FloatField, Func, Q, Value
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intranet import search
from intranet.id_lists import IdsIn
from intranet.language import translated
from intranet.search import EMPTY, Hit, Matches, text_of, text_snippet

from .models import Post, TaggedPostCompetence

#: How many of the newest matching posts PostgreSQL ranks by relevance
#: (``ts_rank`` re-parses each body, so this bounds the work per request).
#: Posts past the window follow, newest first, as unranked matches.
RANK_WINDOW = 200


class PostBodyVector(Func):
    """``to_tsvector('simple', body)``, spelled exactly as the GIN index is."""

    template = "to_tsvector('simple'::regconfig, COALESCE(%(expressions)s, ''))"
    output_field = SearchVectorField()


class _Unindexed(Func):
    """``created_at`` as an expression no B-tree index answers.

    Ordering the matches by a bare ``created_at`` invites PostgreSQL to walk the
    newest-first index and parse every post's body until enough match (all of
    them, for a rare word); through this it reads the matches from the GIN
    index and sorts only those.
    """

    template = "(%(expressions)s + INTERVAL '0 seconds')"


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


class DutchBodyVector(Func):
    """``to_tsvector('dutch', body)``: Dutch stems (warmtepompen -> warmtepomp),
    spelled exactly as its GIN index (``search/migrations/0004``)."""

    template = "to_tsvector('dutch'::regconfig, COALESCE(%(expressions)s, ''))"
    output_field = SearchVectorField()


class EnglishBodyVector(Func):
    """``to_tsvector('english', body)``: English stems (installing -> install)."""

    template = "to_tsvector('english'::regconfig, COALESCE(%(expressions)s, ''))"
    output_field = SearchVectorField()


def tsquery(terms):
    # Terms are letters and digits only (service.terms_of), so this is safe raw syntax.
    return SearchQuery(
        " & ".join(f"{t}:*" for t in terms), search_type="raw", config="simple"
    )


def posts_queryset(ctx):
    f = ctx.filters
    if f.role or ctx.network_missing:
        return None
    qs = Post.objects.visible_to(ctx.user)
    if _is_postgresql():
        # prefix words in any language, or the same stem in Dutch or English
        qs = qs.annotate(
            search_vector=PostBodyVector(F("body")),
            dutch_vector=DutchBodyVector(F("body")),
            english_vector=EnglishBodyVector(F("body")),
        ).filter(
            Q(search_vector=tsquery(ctx.terms))
            | Q(dutch_vector=SearchQuery(ctx.phrase, config="dutch"))
            | Q(english_vector=SearchQuery(ctx.phrase, config="english"))
        )
    else:
        for term in ctx.terms:
            qs = qs.filter(body__icontains=term)
    if f.post_kind:
        qs = qs.filter(kind=f.post_kind)
    if f.competence:
        qs = qs.filter(tagged_competences__tag__slug=f.competence)
    if ctx.network:
        qs = qs.filter(network=ctx.network)
    if f.date_from:
        qs = qs.filter(created_at__date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(created_at__date__lte=f.date_to)
    return qs


def _newest_matches(ctx, qs):
    """(pk, kind) of the newest matching posts, at most cap + 1 of them.

    The one read of the matches: the count ("1,000+" past the cap), the
    post-kind facet, the competence facet and the ranking window come from it.
    """
    newest = _Unindexed(F("created_at")) if _is_postgresql() else F("created_at")
    return list(
        qs.order_by(newest.desc(), "-pk").values_list("pk", "kind")[: ctx.cap + 1]
    )


#: What a post hit shows: plain values, no model objects.
_POST_VALUES = {
    "author_name": F("author__profile__display_name"),
    "username": F("author__username"),
}


def _post_hits(ctx, matches, limit):
    ids = [pk for pk, _kind in matches[:limit]]
    fields = ("pk", "kind", "body", "created_at", "score")
    if _is_postgresql():
        # Rank the newest RANK_WINDOW matches; the rest follow unranked, newest first.
        window = ids[:RANK_WINDOW]
        rank = SearchRank(PostBodyVector(F("body")), tsquery(ctx.terms))
        rows = list(
            Post.objects.filter(IdsIn("pk", window))
            .annotate(score=Value(10.0) + rank * Value(10.0))
            .order_by("-score", "-created_at", "-pk")
            .values(*fields, **_POST_VALUES)[:limit]
        )
        rest = ids[RANK_WINDOW:]
    else:
        rows, rest = [], ids
    if rest:
        rows += list(
            Post.objects.filter(IdsIn("pk", rest))
            .annotate(score=Value(10.0, output_field=FloatField()))
            .order_by("-created_at", "-pk")
            .values(*fields, **_POST_VALUES)
        )
    hits = []
    # Translated once: get_FOO_display() per row costs more than the query here.
    kinds = {value: str(label) for value, label in Post.Kind.choices}
    title = _("%(kind)s by %(author)s")
    for row in rows[:limit]:
        author = row["author_name"]
        if author is None:  # no profile
            author = row["username"]
        kind = kinds.get(row["kind"], row["kind"])
        hits.append(
            Hit(
                type="post",
                title=title % {"kind": kind, "author": author},
                snippet=EMPTY,
                make_snippet=partial(text_snippet, row["body"], "", ctx.terms),
                url=reverse("feed:post", kwargs={"pk": row["pk"]}),
                score=float(row["score"]),
                date=row["created_at"],
                label=kind,
                sort_key=(-row["created_at"].timestamp(), ""),
                pk=row["pk"],
            )
        )
    return hits


def _facets(matches):
    post_kinds: dict[str, int] = {}
    for _pk, kind in matches:
        post_kinds[kind] = post_kinds.get(kind, 0) + 1
    labels = dict(Post.Kind.choices)
    competences = [
        (row["tag__slug"], row["label"], row["n"])
        for row in TaggedPostCompetence.objects.filter(
            IdsIn("content_object_id", [pk for pk, _kind in matches])
        )
        .values("tag__slug", label=translated("tag__name"))
        .annotate(n=Count("pk"))
        .order_by("-n")[:50]
    ]
    return {
        "competence": competences,
        "post_kind": [
            (kind, str(labels.get(kind, kind)), n)
            for kind, n in sorted(post_kinds.items(), key=lambda r: (-r[1], r[0]))
        ],
    }


class PostSearch(search.SearchType):
    kind = "post"
    label = gettext_lazy("Posts")
    index = "posts"

    @staticmethod
    def kind_values() -> list[str]:
        """The post kinds a search filter may name."""
        return list(Post.Kind.values)

    def match(self, ctx):
        qs = posts_queryset(ctx)
        if qs is None:
            return None
        # The newest matching posts, read once and capped: the count, the
        # post-kind facet, the competence facet and the hits all come from them.
        matches = _newest_matches(ctx, qs)
        capped = len(matches) > ctx.cap
        matches = matches[: ctx.cap]
        return Matches(
            count=len(matches),
            capped=capped,
            hits=lambda limit: _post_hits(ctx, matches, limit),
            facets=lambda: _facets(matches),
            facets_capped=capped,
        )

    # --- Elasticsearch ----------------------------------------------------------

    def objects(self):
        return Post.objects.select_related("author__profile").prefetch_related(
            "tagged_competences__tag"
        )

    def source(self, post) -> dict:
        profile = getattr(post.author, "profile", None)
        author = profile.display_name if profile else post.author.get_username()
        links = list(post.tagged_competences.all())
        return {
            "type": "post",
            "kind": post.kind,
            "title": f"{post.get_kind_display()} – {author}",
            "body": text_of(post.body),
            "competences": [n for link in links for n in link.tag.all_names()],
            "competence_slugs": [link.tag.slug for link in links],
            "audience": post.audience,
            "network_ids": [post.network_id] if post.network_id else [],
            "author_id": post.author_id,
            "hidden": bool(getattr(post, "hidden_at", None)),
            "created_at": post.created_at,
            "url": post.get_absolute_url(),
        }

    def dependencies(self):
        return [
            (Post, lambda instance: [instance.pk]),
            (TaggedPostCompetence, lambda instance: [instance.content_object_id]),
        ]

    def facet_labels(self, facet, values):
        if facet == "post_kind":
            labels = dict(Post.Kind.choices)
            return {v: str(labels.get(v, v)) for v in values}
        return {}


search.register(PostSearch())
search.provide("post_kinds", PostSearch.kind_values)
