"""The database backend: ORM queries, audience applied inside each query.

Why the ORM and not Wagtail's ``database`` search backend: Wagtail indexes
one text blob per object, but a profile's fields each carry their own
audience (a bio may be ``private`` while the name is ``public``), so the
index cannot know which words a given viewer may match. Here every field
is matched under its own audience condition, and every queryset starts
from ``visible_to(user)`` / ``pages_visible_to``, so counts, facets and
pages only ever see what the viewer may see.

On PostgreSQL, posts (the large table) are matched with full-text search:
``to_tsvector('simple', body)`` against prefix terms, ranked by ``ts_rank``
and served by the GIN expression index from ``search/migrations``. The
``simple`` configuration suits mixed Dutch and English text: no stemming
surprises, and prefix matching finds "vrijwillig" in "vrijwilligers"; a post
also matches when a word has the same Dutch or English stem ("warmtepompen"
finds "warmtepomp", "installing" finds "installed"), each from its own index.
Other types (people, competences, pages) are matched by substring on both
databases, so the contract reads the same everywhere; on PostgreSQL the
profile fields are served by ``pg_trgm`` indexes (``search/migrations``).

Cost follows the page, not the community: at most ``COUNT_CAP`` matches per
type are read (counts past it read "1,000+"), facets are counted over those,
and ``ts_rank`` runs over the newest ``RANK_WINDOW`` matching posts only.
"""

from __future__ import annotations

from functools import partial

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Length
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from intranet.audience import audiences_for, pages_visible_to
from roadmaps.selectors import item_titles_in_context

from ..service import (
    COUNT_CAP,
    KINDS,
    FacetValue,
    Hit,
    SearchFilters,
    SearchResults,
    highlight,
    text_of,
)

#: Profile fields searched under their own audience (never e-mail, phone or links).
PROFILE_AUDIENCE_FIELDS = ("bio", "location", "languages")
FACET_SIZE = 15
#: How many of the newest matching posts PostgreSQL ranks by relevance
#: (``ts_rank`` re-parses each body, so this bounds the work per request).
#: Posts past the window follow, newest first, as unranked matches.
RANK_WINDOW = 200


EMPTY = mark_safe("")  # noqa: S308 - empty


def _text_snippet(html, fallback, terms):
    return highlight(text_of(html or "") or fallback, terms)


class PostBodyVector(Func):
    """``to_tsvector('simple', body)``, spelled exactly as the GIN index is."""

    template = "to_tsvector('simple'::regconfig, COALESCE(%(expressions)s, ''))"
    output_field = SearchVectorField()


class DutchBodyVector(Func):
    """``to_tsvector('dutch', body)``: Dutch stems (warmtepompen -> warmtepomp),
    spelled exactly as its GIN index (``search/migrations/0004``)."""

    template = "to_tsvector('dutch'::regconfig, COALESCE(%(expressions)s, ''))"
    output_field = SearchVectorField()


class EnglishBodyVector(Func):
    """``to_tsvector('english', body)``: English stems (installing -> install)."""

    template = "to_tsvector('english'::regconfig, COALESCE(%(expressions)s, ''))"
    output_field = SearchVectorField()


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _has_field(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends
        return False
    return True


def _authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _visible_network(user, slug):
    from profiles.models import Network

    return Network.objects.visible_to(user).filter(slug=slug).first()


class _Context:
    """One request's inputs, and the network filter resolved once."""

    def __init__(self, *, terms, query, user, filters):
        self.terms = terms
        self.phrase = " ".join(terms)
        self.query = query
        self.user = user
        self.filters = filters = filters or SearchFilters()
        self.allowed = audiences_for(user)
        self.network = None
        self.network_missing = False
        if filters.network:
            self.network = _visible_network(user, filters.network)
            self.network_missing = self.network is None


# --- people ---------------------------------------------------------------------


def _field_audience_q(ctx, field: str):
    from profiles.models import Profile

    audience_field = Profile.AUDIENCE_FIELDS.get(field, f"{field}_audience")
    if not _has_field(Profile, audience_field):
        return Q()
    allowed = Q(**{f"{audience_field}__in": ctx.allowed})
    if _authenticated(ctx.user):
        allowed |= Q(user=ctx.user)
    return allowed


def _person_term_ids(ctx, term: str):
    """Ids of the profiles where one word matches a field the viewer may see.

    A union of small selects, each answered by its own index (on PostgreSQL the
    trigram indexes from ``search/migrations`` serve the substring matches), so
    the cost follows the matches rather than the number of profiles: one
    ``OR`` across the fields and the competence and role subqueries would
    make PostgreSQL test every profile.
    """
    from profiles.models import (
        Competence,
        Profile,
        ProfileCompetence,
        Role,
        RoleAssignment,
    )

    q = Q(display_name__icontains=term) | Q(headline__icontains=term)
    for field in PROFILE_AUDIENCE_FIELDS:
        if _has_field(Profile, field):
            q |= Q(**{f"{field}__icontains": term}) & _field_audience_q(ctx, field)
    fields = Profile.objects.filter(q).order_by().values("pk")
    # Either language's name or a synonym: each finds the same people.
    competences = Competence.objects.matching(term).values("pk")
    links = (
        ProfileCompetence.objects.filter(tag__in=competences)
        .order_by()
        .values("content_object_id")
    )
    roles = Role.objects.matching(term)
    if not _authenticated(ctx.user):
        roles = roles.filter(is_public=True)
    assignments = (
        RoleAssignment.objects.current()
        .filter(RoleAssignment.audience_q(ctx.user))
        .filter(role__in=roles.values("pk"))
        .order_by()
        .values("profile_id")
    )
    return fields.union(links, assignments)


def people_queryset(ctx):
    """Profiles ``ctx.user`` may see whose visible fields match every term."""
    from profiles.models import NetworkMembership, Profile, RoleAssignment

    f = ctx.filters
    if f.post_kind or f.dated or ctx.network_missing:
        return None
    qs = Profile.objects.visible_to(ctx.user)
    for term in ctx.terms:
        qs = qs.filter(pk__in=_person_term_ids(ctx, term))
    if f.competence:
        qs = qs.filter(competence_links__tag__slug=f.competence)
    if f.role:
        roles = (
            RoleAssignment.objects.current()
            .visible_to(ctx.user)
            .filter(profile=OuterRef("pk"), role__slug=f.role)
        )
        qs = qs.filter(Exists(roles))
    if ctx.network:
        qs = qs.filter(
            Exists(
                NetworkMembership.objects.filter(
                    user=OuterRef("user"),
                    network=ctx.network,
                    status=NetworkMembership.Status.ACTIVE,
                )
            )
        )
    return qs


def _person_snippet(profile, ctx):
    """The first field the viewer may see that holds a match (else the headline)."""
    competences = [link.tag.name for link in profile.competence_links.all()]
    candidates = [profile.headline]
    candidates += [
        text_of(v) if isinstance(v, str) else ", ".join(v)
        for k, v in profile.visible_fields(ctx.user).items()
        if k in PROFILE_AUDIENCE_FIELDS
    ]
    candidates.append(", ".join(competences))
    text = next(
        (c for c in candidates if c and any(t in c.lower() for t in ctx.terms)),
        profile.headline or ", ".join(competences),
    )
    return highlight(text, ctx.terms)


def _person_hits(ctx, qs, limit):
    first = ctx.terms[0]
    qs = qs.annotate(
        score=Case(
            When(display_name__iexact=ctx.phrase, then=Value(100.0)),
            When(display_name__istartswith=ctx.phrase, then=Value(70.0)),
            When(display_name__istartswith=first, then=Value(60.0)),
            When(display_name__icontains=first, then=Value(45.0)),
            When(headline__icontains=first, then=Value(25.0)),
            default=Value(20.0),
            output_field=FloatField(),
        )
    ).order_by("-score", Length("display_name"), "display_name", "pk")
    rows = list(
        qs.select_related("user").prefetch_related("competence_links__tag")[:limit]
    )
    hits = []
    for profile in rows:
        hits.append(
            Hit(
                type="person",
                title=profile.display_name,
                snippet=EMPTY,
                make_snippet=partial(_person_snippet, profile, ctx),
                url=profile.get_absolute_url(),
                score=profile.score,
                label=str(KINDS["person"]),
                sort_key=(0, profile.display_name.lower()),
                pk=profile.pk,
            )
        )
    return hits


# --- competences ----------------------------------------------------------------


def competences_queryset(ctx):
    from profiles.models import Competence

    f = ctx.filters
    if f.post_kind or f.role or f.dated or ctx.network:
        return None
    if ctx.network_missing:
        return None
    qs = Competence.objects.all()
    for term in ctx.terms:
        qs = qs.filter(pk__in=Competence.objects.matching(term).values("pk"))
    if f.competence:
        qs = qs.filter(slug=f.competence)
    return qs


def _competence_hits(ctx, qs, limit):
    from django.urls import reverse

    qs = qs.annotate(
        score=Case(
            When(name__iexact=ctx.phrase, then=Value(90.0)),
            When(name__istartswith=ctx.terms[0], then=Value(50.0)),
            default=Value(35.0),
            output_field=FloatField(),
        )
    ).order_by("-score", "name")
    people_url = reverse("profiles:directory")
    return [
        Hit(
            type="competence",
            title=c.name,
            snippet=highlight(text_of(c.description), ctx.terms),
            url=f"{people_url}?competence={c.slug}",
            score=c.score,
            label=str(KINDS["competence"]),
            sort_key=(0, c.name.lower()),
            pk=c.pk,
        )
        for c in qs[:limit]
    ]


# --- posts ----------------------------------------------------------------------


def _tsquery(terms):
    # Terms are letters and digits only (service.terms_of), so this is safe raw syntax.
    return SearchQuery(
        " & ".join(f"{t}:*" for t in terms), search_type="raw", config="simple"
    )


def posts_queryset(ctx):
    from feed.models import Post

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
            Q(search_vector=_tsquery(ctx.terms))
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


class _Unindexed(Func):
    """``created_at`` as an expression no B-tree index answers.

    Ordering the matches by a bare ``created_at`` invites PostgreSQL to walk the
    newest-first index and parse every post's body until enough match (all of
    them, for a rare word); through this it reads the matches from the GIN
    index and sorts only those.
    """

    template = "(%(expressions)s + INTERVAL '0 seconds')"


def _newest_matches(ctx, qs):
    """(pk, kind) of the newest matching posts, at most COUNT_CAP + 1 of them.

    The one read of the matches: the count ("1,000+" past the cap), the
    post-kind facet, the competence facet and the ranking window come from it.
    """
    newest = _Unindexed(F("created_at")) if _is_postgresql() else F("created_at")
    return list(
        qs.order_by(newest.desc(), "-pk").values_list("pk", "kind")[: COUNT_CAP + 1]
    )


def _post_hits(ctx, matches, limit):
    from feed.models import Post

    ids = [pk for pk, _kind in matches[:limit]]
    if _is_postgresql():
        # Rank the newest RANK_WINDOW matches; the rest follow unranked, newest first.
        window = ids[:RANK_WINDOW]
        rank = SearchRank(PostBodyVector(F("body")), _tsquery(ctx.terms))
        rows = list(
            Post.objects.filter(pk__in=window)
            .annotate(score=Value(10.0) + rank * Value(10.0))
            .select_related("author__profile")
            .order_by("-score", "-created_at", "-pk")[:limit]
        )
        rest = ids[RANK_WINDOW:]
    else:
        rows, rest = [], ids
    if rest:
        rows += list(
            Post.objects.filter(pk__in=rest)
            .annotate(score=Value(10.0, output_field=FloatField()))
            .select_related("author__profile")
            .order_by("-created_at", "-pk")
        )
    hits = []
    # Translated once: get_FOO_display() per row costs more than the query here.
    kinds = {value: str(label) for value, label in Post.Kind.choices}
    title = _("%(kind)s by %(author)s")
    for post in rows[:limit]:
        profile = getattr(post.author, "profile", None)
        author = profile.display_name if profile else post.author.get_username()
        kind = kinds.get(post.kind, post.kind)
        hits.append(
            Hit(
                type="post",
                title=title % {"kind": kind, "author": author},
                snippet=EMPTY,
                make_snippet=partial(_text_snippet, post.body, "", ctx.terms),
                url=post.get_absolute_url(),
                score=float(post.score),
                date=post.created_at,
                label=kind,
                sort_key=(-post.created_at.timestamp(), ""),
                pk=post.pk,
            )
        )
    return hits


# --- pages ----------------------------------------------------------------------


def _page_models(kind):
    from home.models import PurposePage
    from roadmaps.models import RoadmapItemPage, RoadmapPage

    if kind == "roadmap_item":
        return [(RoadmapItemPage, "description")]
    return [(RoadmapPage, "intro"), (PurposePage, "statement")]


def pages_querysets(ctx, kind):
    f = ctx.filters
    if f.post_kind or f.role or f.competence or ctx.network or ctx.network_missing:
        return None
    querysets = []
    for model, body in _page_models(kind):
        qs = model.objects.live()
        for term in ctx.terms:
            qs = qs.filter(Q(title__icontains=term) | Q(**{f"{body}__icontains": term}))
        if f.date_from:
            qs = qs.filter(first_published_at__date__gte=f.date_from)
        if f.date_to:
            qs = qs.filter(first_published_at__date__lte=f.date_to)
        querysets.append((qs, body))
    return querysets


def _visible_matches(ctx, page_querysets):
    """Keep the pages the viewer may see, with page privacy applied once.

    Each type's matches (at most COUNT_CAP + 1) are read first, then one query
    applies ``pages_visible_to`` to those ids only: the privacy condition grows
    with the number of restricted pages, so compiling and testing it against
    every page, once per count and once per list, would grow with the site.
    Returns, per kind, ``[(queryset of the visible matches, body field, ids)]``.
    """
    from wagtail.models import Page

    matched = {}
    every = []
    for kind, querysets in page_querysets.items():
        if querysets is None:
            continue
        matched[kind] = []
        for qs, body in querysets:
            ids = list(qs.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
            matched[kind].append((qs.model, body, ids))
            every += ids
    visible = set()
    if every:
        visible = set(
            pages_visible_to(ctx.user, Page.objects.filter(pk__in=every)).values_list(
                "pk", flat=True
            )
        )
    out = dict.fromkeys(page_querysets)
    for kind, entries in matched.items():
        out[kind] = []
        for model, body, ids in entries:
            ids = [pk for pk in ids if pk in visible]
            out[kind].append((model.objects.filter(pk__in=ids), body, ids))
    return out


def _page_hits(ctx, kind, querysets, limit):
    hits = []
    for qs, body, _ids in querysets:
        qs = qs.annotate(
            score=Case(
                When(title__iexact=ctx.phrase, then=Value(80.0)),
                When(title__icontains=ctx.terms[0], then=Value(30.0)),
                default=Value(15.0),
                output_field=FloatField(),
            )
        ).order_by("-score", "title")
        pages = list(qs[:limit])
        # an item's title repeats across roadmaps: hits read "Roadmap › Item"
        titles = item_titles_in_context(pages) if kind == "roadmap_item" else {}
        for page in pages:
            date = page.last_published_at or page.first_published_at
            hits.append(
                Hit(
                    type=kind,
                    title=titles.get(page.pk, page.title),
                    snippet=EMPTY,
                    make_snippet=partial(
                        _text_snippet, getattr(page, body, ""), page.title, ctx.terms
                    ),
                    url=page.url or "",
                    score=page.score,
                    date=date,
                    label=str(KINDS[kind]),
                    sort_key=(-(date.timestamp() if date else 0), page.title.lower()),
                    pk=page.pk,
                )
            )
    return hits


# --- the backend ----------------------------------------------------------------


class DatabaseBackend:
    name = "database"

    def _querysets(self, ctx):
        from profiles.models import Profile

        people = people_queryset(ctx)
        if people is not None:
            # Match once (from the trigram indexes on PostgreSQL), at most
            # COUNT_CAP + 1 profiles; the count, the hits and both people
            # facets reuse the ids.
            ids = list(people.order_by().values_list("pk", flat=True)[: COUNT_CAP + 1])
            people = Profile.objects.filter(pk__in=ids[:COUNT_CAP])
            people.matched_ids = ids
        pages = _visible_matches(
            ctx,
            {
                "roadmap_item": pages_querysets(ctx, "roadmap_item"),
                "page": pages_querysets(ctx, "page"),
            },
        )
        return {
            "person": people,
            "competence": competences_queryset(ctx),
            "post": posts_queryset(ctx),
            **pages,
        }

    @staticmethod
    def _count(value) -> int:
        if value is None:
            return 0
        if hasattr(value, "matched_ids"):
            return min(len(value.matched_ids), COUNT_CAP)
        if isinstance(value, list):
            return min(COUNT_CAP, sum(len(ids) for _qs, _body, ids in value))
        return value.count()

    def search(self, *, terms, query, user, filters, page, per_page):
        ctx = _Context(terms=terms, query=query, user=user, filters=filters)
        querysets = self._querysets(ctx)
        # The newest matching posts, read once and capped: the count, the
        # post-kind facet, the competence facet and the hits all come from them.
        matches = []
        if querysets["post"] is not None:
            matches = _newest_matches(ctx, querysets["post"])
        capped = {"post"} if len(matches) > COUNT_CAP else set()
        people = querysets["person"]
        if people is not None and len(people.matched_ids) > COUNT_CAP:
            capped.add("person")
        matches = matches[:COUNT_CAP]
        post_kinds = {}
        for _pk, kind in matches:
            post_kinds[kind] = post_kinds.get(kind, 0) + 1
        counts = {
            kind: len(matches) if kind == "post" else self._count(qs)
            for kind, qs in querysets.items()
        }
        selected = [filters.kind] if filters.kind else list(KINDS)
        want = page * per_page
        hits: list[Hit] = []
        for kind in selected:
            qs = querysets[kind]
            if not counts[kind]:
                continue
            if kind == "person":
                hits += _person_hits(ctx, qs, want)
            elif kind == "competence":
                hits += _competence_hits(ctx, qs, want)
            elif kind == "post":
                hits += _post_hits(ctx, matches, want)
            else:
                hits += _page_hits(ctx, kind, qs, want)
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
        results.facets = self._facets(
            ctx, querysets, counts, selected, post_kinds, matches, capped
        )
        return results

    def _facets(self, ctx, querysets, counts, selected, post_kinds, matches, capped):
        from feed.models import Post, TaggedPostCompetence
        from profiles.models import ProfileCompetence, RoleAssignment

        facets = {
            "kind": [
                FacetValue(kind, str(label), counts[kind], kind in capped)
                for kind, label in KINDS.items()
                if counts[kind]
            ]
        }
        people = querysets["person"] if "person" in selected else None
        posts = querysets["post"] if "post" in selected else None
        competences: dict[str, list] = {}
        if people is not None and counts["person"]:
            rows = (
                ProfileCompetence.objects.filter(
                    content_object_id__in=people.matched_ids[:COUNT_CAP]
                )
                .values("tag__slug", "tag__name")
                .annotate(n=Count("pk"))
                .order_by("-n")[:50]
            )
            for row in rows:
                competences.setdefault(row["tag__slug"], [row["tag__name"], 0])
                competences[row["tag__slug"]][1] += row["n"]
        if posts is not None and counts["post"]:
            rows = (
                TaggedPostCompetence.objects.filter(
                    content_object_id__in=[pk for pk, _kind in matches]
                )
                .values("tag__slug", "tag__name")
                .annotate(n=Count("pk"))
                .order_by("-n")[:50]
            )
            for row in rows:
                competences.setdefault(row["tag__slug"], [row["tag__name"], 0])
                competences[row["tag__slug"]][1] += row["n"]
        facets["competence"] = [
            FacetValue(slug, name, n)
            for slug, (name, n) in sorted(
                competences.items(), key=lambda kv: (-kv[1][1], kv[1][0])
            )[:FACET_SIZE]
        ]
        facets["role"] = []
        if people is not None and counts["person"]:
            roles = (
                RoleAssignment.objects.current()
                .visible_to(ctx.user)
                .filter(profile_id__in=people.matched_ids[:COUNT_CAP])
            )
            rows = (
                roles.values("role__slug", "role__name")
                .annotate(n=Count("profile", distinct=True))
                .order_by("-n", "role__name")[:FACET_SIZE]
            )
            facets["role"] = [
                FacetValue(r["role__slug"], r["role__name"], r["n"]) for r in rows
            ]
        facets["post_kind"] = []
        if posts is not None and counts["post"]:
            labels = dict(Post.Kind.choices)
            facets["post_kind"] = [
                FacetValue(kind, str(labels.get(kind, kind)), n, "post" in capped)
                for kind, n in sorted(post_kinds.items(), key=lambda r: (-r[1], r[0]))
            ]
        return facets

    def autocomplete(self, *, terms, user, limit):
        from profiles.models import Competence, Profile

        ctx = _Context(terms=terms, query=" ".join(terms), user=user, filters=None)
        people = Profile.objects.visible_to(user)
        competences = Competence.objects.all()
        for term in terms:
            people = people.filter(display_name__icontains=term)
            competences = competences.filter(name__icontains=term)
        people = people.annotate(
            starts=Case(
                When(display_name__istartswith=ctx.phrase, then=Value(1)),
                default=Value(0),
            )
        ).order_by("-starts", "display_name")
        competences = competences.annotate(
            starts=Case(
                When(name__istartswith=ctx.phrase, then=Value(1)), default=Value(0)
            )
        ).order_by("-starts", "name")
        from django.urls import reverse

        directory = reverse("profiles:directory")
        out = [
            {
                "type": "person",
                "label": p.display_name,
                "detail": p.headline,
                "url": p.get_absolute_url(),
            }
            for p in people.select_related("user")[:limit]
        ]
        out += [
            {
                "type": "competence",
                "label": c.name,
                "detail": str(KINDS["competence"]),
                "url": f"{directory}?competence={c.slug}",
            }
            for c in competences[: max(3, limit - len(out))]
        ]
        return out

    def profile_ids(self, *, terms, user):
        ctx = _Context(
            terms=terms, query=" ".join(terms), user=user, filters=SearchFilters()
        )
        return people_queryset(ctx).values("pk")
