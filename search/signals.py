"""Keep the Elasticsearch indexes current: after each commit, re-index what changed.

Connected only when ELASTICSEARCH_URL is set (the database backend reads the
tables directly and needs no index). Updates run in ``transaction.on_commit``
so a rolled-back write never reaches the index, and an unreachable server
is logged, never raised into the request that wrote.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .indexing import index_object

_connected = False


def schedule(kind: str, pk) -> None:
    if pk is not None:
        transaction.on_commit(lambda: index_object(kind, pk))


def _profile(sender, instance, **kwargs):
    schedule("people", instance.pk)


def _profile_part(sender, instance, **kwargs):
    schedule(
        "people", getattr(instance, "profile_id", None) or instance.content_object_id
    )


def _membership(sender, instance, **kwargs):
    from profiles.models import Profile

    for pk in Profile.objects.filter(user_id=instance.user_id).values_list(
        "pk", flat=True
    ):
        schedule("people", pk)


def _user(sender, instance, **kwargs):
    from profiles.models import Profile

    for pk in Profile.objects.filter(user_id=instance.pk).values_list("pk", flat=True):
        schedule("people", pk)


def _competence(sender, instance, **kwargs):
    schedule("competences", instance.pk)


def _post(sender, instance, **kwargs):
    schedule("posts", instance.pk)


def _post_competence(sender, instance, **kwargs):
    schedule("posts", instance.content_object_id)


def _page(sender, instance, **kwargs):
    schedule("pages", instance.pk)


def _restriction(sender, instance, **kwargs):
    # Page privacy changed: every page under it has a new audience.
    from wagtail.models import Page

    for pk in Page.objects.descendant_of(instance.page, inclusive=True).values_list(
        "pk", flat=True
    ):
        schedule("pages", pk)


def _receivers():
    from django.contrib.auth import get_user_model
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished

    from feed.models import Post, TaggedPostCompetence
    from home.models import PurposePage
    from profiles.models import (
        Competence,
        NetworkMembership,
        Profile,
        ProfileCompetence,
        RoleAssignment,
    )
    from roadmaps.models import RoadmapItemPage, RoadmapPage

    pages = (RoadmapItemPage, RoadmapPage, PurposePage)
    return (
        get_user_model(),
        page_published,
        page_unpublished,
        pages,
        [
            (Profile, _profile),
            (ProfileCompetence, _profile_part),
            (RoleAssignment, _profile_part),
            (NetworkMembership, _membership),
            (Competence, _competence),
            (Post, _post),
            (TaggedPostCompetence, _post_competence),
            (PageViewRestriction, _restriction),
        ],
    )


def connect() -> None:
    """Wire index updates (idempotent; apps.ready calls it when ES is configured)."""
    global _connected
    if _connected:
        return
    user, published, unpublished, pages, pairs = _receivers()
    for model, handler in pairs:
        post_save.connect(
            handler, sender=model, dispatch_uid=f"search-{model.__name__}"
        )
        post_delete.connect(
            handler, sender=model, dispatch_uid=f"search-del-{model.__name__}"
        )
    post_save.connect(_user, sender=user, dispatch_uid="search-user")
    for model in pages:
        name = model.__name__
        published.connect(_page, sender=model, dispatch_uid=f"search-pub-{name}")
        unpublished.connect(_page, sender=model, dispatch_uid=f"search-unpub-{name}")
        post_delete.connect(_page, sender=model, dispatch_uid=f"search-pdel-{name}")
    _connected = True


def disconnect() -> None:
    global _connected
    user, published, unpublished, pages, pairs = _receivers()
    for model, _handler in pairs:
        post_save.disconnect(sender=model, dispatch_uid=f"search-{model.__name__}")
        post_delete.disconnect(
            sender=model, dispatch_uid=f"search-del-{model.__name__}"
        )
    post_save.disconnect(sender=user, dispatch_uid="search-user")
    for model in pages:
        name = model.__name__
        published.disconnect(sender=model, dispatch_uid=f"search-pub-{name}")
        unpublished.disconnect(sender=model, dispatch_uid=f"search-unpub-{name}")
        post_delete.disconnect(sender=model, dispatch_uid=f"search-pdel-{name}")
    _connected = False
