"""Keep the Elasticsearch indexes current: after each commit, re-index what changed.

Connected only when ELASTICSEARCH_URL is set (the database backend reads the
tables directly and needs no index). Updates run in ``transaction.on_commit``
so a rolled-back write never reaches the index, and an unreachable server
is logged, never raised into the request that wrote.

Which saves re-index what is declared by each searchable type
(``dependencies()`` in the apps' ``search.py``); pages follow Wagtail's
publish signals and page privacy.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from intranet import search as registry

from .indexing import index_object

_connected = False


def schedule(kind: str, pk) -> None:
    if pk is not None:
        transaction.on_commit(lambda: index_object(kind, pk))


def _handler(index: str, ids):
    def handle(sender, instance, **kwargs):
        for pk in ids(instance):
            schedule(index, pk)

    return handle


def _page(sender, instance, **kwargs):
    schedule("pages", instance.pk)


def _restriction(sender, instance, **kwargs):
    # Page privacy changed: every page under it has a new audience.
    for pk in Page.objects.descendant_of(instance.page, inclusive=True).values_list(
        "pk", flat=True
    ):
        schedule("pages", pk)


def _receivers():
    """(model, handler, uid, on delete too) for every declared dependency."""
    out = []
    for search_type in registry.search_types().values():
        for model, ids, *when in search_type.dependencies():
            uid = f"{search_type.kind}-{model._meta.label_lower}"
            out.append((model, _handler(search_type.index, ids), uid, when != ["save"]))
    out.append((PageViewRestriction, _restriction, "pages-restriction", True))
    return out


def _pages():
    return sorted({p.model for p in registry.page_types()}, key=lambda m: m.__name__)


def connect() -> None:
    """Wire index updates (idempotent; apps.ready calls it when ES is configured)."""
    global _connected
    if _connected:
        return
    for model, handler, uid, on_delete in _receivers():
        post_save.connect(
            handler, sender=model, weak=False, dispatch_uid=f"search-{uid}"
        )
        if on_delete:
            post_delete.connect(
                handler, sender=model, weak=False, dispatch_uid=f"search-del-{uid}"
            )
    for model in _pages():
        name = model.__name__
        page_published.connect(_page, sender=model, dispatch_uid=f"search-pub-{name}")
        page_unpublished.connect(
            _page, sender=model, dispatch_uid=f"search-unpub-{name}"
        )
        post_delete.connect(_page, sender=model, dispatch_uid=f"search-pdel-{name}")
    _connected = True


def disconnect() -> None:
    global _connected
    for model, _h, uid, on_delete in _receivers():
        post_save.disconnect(sender=model, dispatch_uid=f"search-{uid}")
        if on_delete:
            post_delete.disconnect(sender=model, dispatch_uid=f"search-del-{uid}")
    for model in _pages():
        name = model.__name__
        page_published.disconnect(sender=model, dispatch_uid=f"search-pub-{name}")
        page_unpublished.disconnect(sender=model, dispatch_uid=f"search-unpub-{name}")
        post_delete.disconnect(sender=model, dispatch_uid=f"search-pdel-{name}")
    _connected = False
