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
from elasticsearch import Elasticsearch
from elasticsearch.helpers import streaming_bulk

from intranet import search as registry
from intranet.audience import page_audience
from intranet.search import text_of

from .documents import DOCUMENTS, alias_name

log = logging.getLogger(__name__)
CHUNK = 500


def get_client():
    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=30)


# --- documents, from the types the apps register ------------------------------------


def _types_of(index: str) -> list:
    return [t for t in registry.search_types().values() if t.index == index]


def person_source(profile) -> dict:
    """A profile's document (declared in ``profiles/search.py``)."""
    return registry.search_type("person").source(profile)


def post_source(post) -> dict:
    """A post's document (declared in ``feed/search.py``)."""
    return registry.search_type("post").source(post)


def page_source(page, kind: str, body_field: str) -> dict:
    return {
        "type": kind,
        "title": registry.titles_in_context(  # "Roadmap › Item"
            type(page), [{"pk": page.pk, "path": page.path, "title": page.title}]
        )[page.pk],
        "body": text_of(getattr(page, body_field, "") or ""),
        "audience": page_audience(page),
        "created_at": page.first_published_at,
        "url": page.url or "",
    }


def sources(kind: str):
    """(id, source) pairs for every object of one index, streamed in chunks."""
    if kind == "pages":
        for entry in registry.page_types():
            for page in entry.model.objects.live().order_by("pk"):
                yield page.pk, page_source(page, entry.kind, entry.body_field)
        return
    for search_type in _types_of(kind):
        objects = search_type.objects().order_by("pk").iterator(chunk_size=CHUNK)
        for obj in objects:
            yield obj.pk, search_type.source(obj)


def count(kind: str) -> int:
    if kind == "pages":
        return sum(p.model.objects.live().count() for p in registry.page_types())
    return sum(t.objects().count() for t in _types_of(kind))


# --- building and switching indexes -----------------------------------------------


def new_index(kind: str, name: str):
    """An Index named ``name`` with the document's settings, analysers and mapping."""
    return DOCUMENTS[kind]._index.clone(name)


def rebuild(*, client=None, kinds=None, progress=None) -> dict:
    """Build fresh indexes, then atomically point the aliases at them.

    ``progress(iterable, desc, total)`` wraps the document stream (tqdm in the
    management command). Returns {alias: new index name}.
    """
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
    if kind == "pages":
        for entry in registry.page_types():
            page = entry.model.objects.live().filter(pk=pk).first()
            if page is not None:
                return page_source(page, entry.kind, entry.body_field)
        return None
    for search_type in _types_of(kind):
        obj = search_type.objects().filter(pk=pk).first()
        if obj is not None:
            return search_type.source(obj)
    return None
