"""Turning models into Elasticsearch documents, and keeping the indexes current.

``rebuild()`` (behind ``manage.py search_reindex``) fills a brand-new index
per type and then moves the alias in one atomic ``update_aliases`` call, so
searches never see a half-built index. ``index_object``/``remove_object``
are the after-commit updates the signals in ``search/signals.py`` schedule.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Q

from intranet.audience import Audience, page_audience
from roadmaps.selectors import item_titles_in_context

from .documents import DOCUMENTS, alias_name
from .service import text_of

log = logging.getLogger(__name__)
CHUNK = 500


def get_client():
    from elasticsearch import Elasticsearch

    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)


# --- documents from models ---------------------------------------------------------


def person_source(profile) -> dict:
    """A profile's document: each audience-bound field in its audience bucket."""
    from .backends.database import PROFILE_AUDIENCE_FIELDS

    buckets: dict[str, list[str]] = {a: [] for a in ("public", "community", "staff")}
    buckets["private"] = []
    for field in PROFILE_AUDIENCE_FIELDS:
        value = getattr(profile, field, "")
        if not value:
            continue
        audience_field = profile.AUDIENCE_FIELDS.get(field, f"{field}_audience")
        audience = getattr(profile, audience_field, Audience.PUBLIC)
        buckets.setdefault(audience, []).append(text_of(str(value)))
    links = list(profile.competence_links.all())
    # A role earned in a staff context is not indexed at all: the document has no
    # staff bucket for roles, and leaving it out cannot leak it.
    assignments = [
        a
        for a in profile.role_assignments.all()
        if a.is_current and a.audience in (Audience.PUBLIC, Audience.COMMUNITY)
    ]
    public_roles = [
        a.role
        for a in assignments
        if a.role.is_public and a.audience == Audience.PUBLIC
    ]
    return {
        "type": "person",
        "name": profile.display_name,
        "headline": profile.headline,
        "competences": [name for link in links for name in link.tag.all_names()],
        "competence_slugs": [link.tag.slug for link in links],
        "roles_public": [r.name for r in public_roles],
        "roles_members": [a.role.name for a in assignments],
        "role_slugs_public": [r.slug for r in public_roles],
        "role_slugs": sorted({a.role.slug for a in assignments}),
        **{f"text_{a}": " \n".join(v) for a, v in buckets.items()},
        "network_ids": [
            m.network_id
            for m in profile.user.network_memberships.all()
            if m.status == m.Status.ACTIVE
        ],
        "public_profile": profile.public_profile,
        "is_active": profile.user.is_active,
        "user_id": profile.user_id,
        "url": profile.get_absolute_url(),
    }


def competence_source(competence) -> dict:
    from django.urls import reverse

    return {
        "type": "competence",
        "name": competence.name,
        # every name and synonym, so each one finds the competence
        "description": " ".join(
            [*competence.all_names(), text_of(competence.description)]
        ),
        "slug": competence.slug,
        "url": f"{reverse('profiles:directory')}?competence={competence.slug}",
    }


def post_source(post) -> dict:
    profile = getattr(post.author, "profile", None)
    author = profile.display_name if profile else post.author.get_username()
    links = list(post.tagged_competences.all())
    return {
        "type": "post",
        "kind": post.kind,
        "title": f"{post.get_kind_display()} – {author}",
        "body": text_of(post.body),
        "competences": [name for link in links for name in link.tag.all_names()],
        "competence_slugs": [link.tag.slug for link in links],
        "audience": post.audience,
        "network_ids": [post.network_id] if post.network_id else [],
        "author_id": post.author_id,
        "hidden": bool(getattr(post, "hidden_at", None)),
        "created_at": post.created_at,
        "url": post.get_absolute_url(),
    }


def page_source(page, kind: str, body_field: str) -> dict:
    title = page.title
    if kind == "roadmap_item":  # "Roadmap › Item", as the database backend shows
        title = item_titles_in_context([page])[page.pk]
    return {
        "type": kind,
        "title": title,
        "body": text_of(getattr(page, body_field, "") or ""),
        "audience": page_audience(page),
        "created_at": page.first_published_at,
        "url": page.url or "",
    }


def _page_models():
    from home.models import PurposePage
    from roadmaps.models import RoadmapItemPage, RoadmapPage

    return [
        (RoadmapItemPage, "roadmap_item", "description"),
        (RoadmapPage, "page", "intro"),
        (PurposePage, "page", "statement"),
    ]


def _people():
    from profiles.models import Profile

    return Profile.objects.select_related("user").prefetch_related(
        "competence_links__tag", "role_assignments__role", "user__network_memberships"
    )


def _posts():
    from feed.models import Post

    return Post.objects.select_related("author__profile").prefetch_related(
        "tagged_competences__tag"
    )


def sources(kind: str):
    """(id, source) pairs for every object of one index, streamed in chunks."""
    from profiles.models import Competence

    if kind == "people":
        for profile in _people().order_by("pk").iterator(chunk_size=CHUNK):
            yield profile.pk, person_source(profile)
    elif kind == "competences":
        for competence in Competence.objects.order_by("pk").iterator(chunk_size=CHUNK):
            yield competence.pk, competence_source(competence)
    elif kind == "posts":
        for post in _posts().order_by("pk").iterator(chunk_size=CHUNK):
            yield post.pk, post_source(post)
    elif kind == "pages":
        for model, page_kind, body in _page_models():
            for page in model.objects.live().order_by("pk"):
                yield page.pk, page_source(page, page_kind, body)


def count(kind: str) -> int:
    from feed.models import Post
    from profiles.models import Competence, Profile

    if kind == "pages":
        return sum(m.objects.live().count() for m, _k, _b in _page_models())
    model = {"people": Profile, "competences": Competence, "posts": Post}[kind]
    return model.objects.count()


# --- building and switching indexes -----------------------------------------------


def new_index(kind: str, name: str):
    """An Index named ``name`` with the document's settings, analysers and mapping."""
    return DOCUMENTS[kind]._index.clone(name)


def rebuild(*, client=None, kinds=None, progress=None) -> dict:
    """Build fresh indexes, then atomically point the aliases at them.

    ``progress(iterable, desc, total)`` wraps the document stream (tqdm in the
    management command). Returns {alias: new index name}.
    """
    from elasticsearch.helpers import streaming_bulk

    client = client or get_client()
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
    switched = {}
    for kind in kinds or list(DOCUMENTS):
        alias = alias_name(kind)
        name = f"{alias}-{stamp}"
        new_index(kind, name).create(using=client)
        actions = (
            {"_index": name, "_id": pk, "_source": source}
            for pk, source in sources(kind)
        )
        if progress is not None:
            actions = progress(actions, desc=alias, total=count(kind))
        for ok, item in streaming_bulk(
            client, actions, chunk_size=CHUNK, raise_on_error=False
        ):
            if not ok:
                log.warning("search: could not index %s", item)
        client.indices.refresh(index=name)
        old = []
        if client.indices.exists_alias(name=alias):
            old = list(client.indices.get_alias(name=alias))
        elif client.indices.exists(index=alias):
            client.indices.delete(index=alias)  # a stray index squatting the name
        actions = [{"remove": {"index": i, "alias": alias}} for i in old]
        actions.append({"add": {"index": name, "alias": alias}})
        client.indices.update_aliases(actions=actions)
        for index in old:
            client.indices.delete(index=index, ignore_unavailable=True)
        switched[alias] = name
    return switched


def ensure_indexes(client) -> None:
    """Create the aliases with empty indexes if none exist (first write before reindex)."""
    missing = [
        k for k in DOCUMENTS if not client.indices.exists_alias(name=alias_name(k))
    ]
    if missing:
        rebuild(client=client, kinds=missing)


# --- incremental updates ------------------------------------------------------------


def index_object(kind: str, pk: int, *, client=None) -> None:
    """(Re)index one object, or remove it if it is gone; never raises."""
    client = client or get_client()
    try:
        ensure_indexes(client)
        source = _source_for(kind, pk)
        alias = alias_name(kind)
        if source is None:
            client.options(ignore_status=404).delete(index=alias, id=pk)
        else:
            client.index(index=alias, id=pk, document=source)
    except Exception:  # noqa: BLE001 - search must never break a write
        log.exception("search: could not update %s %s", kind, pk)


def _source_for(kind: str, pk: int):
    from profiles.models import Competence

    if kind == "people":
        profile = _people().filter(pk=pk).first()
        return person_source(profile) if profile else None
    if kind == "competences":
        competence = Competence.objects.filter(pk=pk).first()
        return competence_source(competence) if competence else None
    if kind == "posts":
        post = _posts().filter(pk=pk).first()
        return post_source(post) if post else None
    for model, page_kind, body in _page_models():
        page = model.objects.live().filter(pk=pk).first()
        if page is not None:
            return page_source(page, page_kind, body)
    return None


def profiles_of_user(user_id) -> list[int]:
    from profiles.models import Profile

    return list(Profile.objects.filter(Q(user_id=user_id)).values_list("pk", flat=True))
