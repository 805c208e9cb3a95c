"""Reads for the feed: the visible, filtered, paginated list of posts, and a member's notifications."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.cache import cache
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from home.models import Promise
from intranet.audience import is_community_manager, pages_visible_to
from intranet.cache import SUBJECT_VERSION_KEY, VERSION_KEY, cache_version
from intranet.html import plain_text
from intranet.strict_input import parse_id
from profiles.models import Competence, Follow, Network

from .card_data import card_queryset, load_cards
from .models import Comment, Notification, Post, TaggedPostCompetence

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
FILTER_KINDS = {
    "results": Post.Kind.RESULT,
    "ideas": Post.Kind.IDEA,
    "questions": Post.Kind.QUESTION,
    "updates": Post.Kind.UPDATE,
    "kudos": Post.Kind.KUDOS,
}


class UnknownFilter(ValueError):
    """A filter that must be an id got something else; the message says which."""


@dataclass
class FeedFilters:
    filter: str = ""
    competence: str = ""
    network: int | None = None
    roadmap_item: int | None = None
    promise: int | None = None

    @classmethod
    def from_query(cls, params) -> FeedFilters:
        def as_int(name):
            raw = params.get(name, "")
            value = parse_id(raw)
            if raw and value is None:
                raise UnknownFilter(
                    _('The filter "%(name)s" takes a number; "%(value)s" is not one.')
                    % {"name": name, "value": raw[:40]}
                )
            return value

        return cls(
            filter=params.get("filter", "")[:20],
            competence=params.get("competence", "")[:100],
            network=as_int("network"),
            roadmap_item=as_int("roadmap_item"),
            promise=as_int("promise"),
        )

    @property
    def active(self) -> bool:
        return bool(
            self.filter
            or self.competence
            or self.network
            or self.roadmap_item
            or self.promise
        )


@dataclass
class FeedPage:
    pinned: list = field(default_factory=list)
    posts: list = field(default_factory=list)
    next_cursor: str = ""


def encode_cursor(post) -> str:
    return f"{int(post.created_at.timestamp() * 1_000_000)}.{post.pk}"


def decode_cursor(value: str):
    micros, _sep, pk = value.partition(".")
    micros, pk = parse_id(micros), parse_id(pk)
    if micros is None or pk is None:
        return None
    try:
        return datetime.fromtimestamp(micros / 1_000_000, tz=UTC), pk
    except (ValueError, OverflowError, OSError):
        return None


def _followed_user_ids(viewer):
    """A subquery of the members the viewer follows (profiles.Follow)."""
    return Follow.objects.filter(follower=viewer).values("followed_id")


def visible_posts(viewer, filters: FeedFilters | None = None):
    qs = Post.objects.visible_to(viewer)
    if filters is None:
        return qs
    if filters.filter in FILTER_KINDS:
        qs = qs.filter(kind=FILTER_KINDS[filters.filter])
    elif filters.filter == "following" and getattr(viewer, "is_authenticated", False):
        qs = qs.filter(Q(author_id__in=_followed_user_ids(viewer)) | Q(author=viewer))
    if filters.competence:
        tags = Competence.objects.filter(
            Q(slug=filters.competence) | Q(name__iexact=filters.competence)
        )
        qs = qs.filter(
            pk__in=TaggedPostCompetence.objects.filter(tag__in=tags).values(
                "content_object_id"
            )
        )
    if filters.network:
        qs = qs.filter(network_id=filters.network)
    if filters.roadmap_item:
        qs = qs.filter(roadmap_item_id=filters.roadmap_item)
    if filters.promise:
        qs = qs.filter(promise_id=filters.promise)
    return qs


def feed_page(
    *, viewer, filters: FeedFilters, cursor: str = "", limit: int = PAGE_SIZE
) -> FeedPage:
    """One page of the feed: pinned posts on top (first page only), then newest first."""
    base = card_queryset(visible_posts(viewer, filters))
    page = FeedPage()
    now = timezone.now()
    decoded = decode_cursor(cursor) if cursor else None
    pinned = []
    if not decoded:
        pinned = list(base.filter(pinned_until__gt=now).order_by("-pinned_until")[:5])
    qs = base.exclude(pinned_until__gt=now).order_by("-created_at", "-id")
    if decoded:
        when, pk = decoded
        qs = qs.filter(Q(created_at__lt=when) | Q(created_at=when, pk__lt=pk))
    posts = list(qs[: limit + 1])
    if len(posts) > limit:
        posts = posts[:limit]
        page.next_cursor = encode_cursor(posts[-1])
    # One round of prefetches for the pinned posts and the page together; the
    # view takes the bodies from the card cache (it may not need them all).
    load_cards([*pinned, *posts], viewer, bodies=False)
    page.pinned = pinned
    page.posts = posts
    return page


def roadmap_item_model():
    """The roadmap item page model, as ``Post.roadmap_item`` names it.

    Roadmaps sit a layer above the feed (they post into it), so the feed reaches
    their page model through its own foreign key rather than an import.
    """
    return Post._meta.get_field("roadmap_item").related_model


def roadmap_item_choices(viewer, limit: int = 300) -> list[tuple[str, list]]:
    """The live roadmap items the viewer may see, grouped by roadmap:
    ``[(roadmap title, [(pk, item title), ...])]`` (Django's grouped choices, shown
    as ``<optgroup>``s): item titles repeat across roadmaps. An item's roadmap is
    its tree parent. Plain tuples, not page objects, in two queries: building a
    hundred Wagtail pages per request was a visible part of the feed's cost."""
    rows = list(
        pages_visible_to(viewer, roadmap_item_model().objects.live())
        .order_by("path")
        .values("pk", "title", "path")[:limit]
    )
    step = Page.steplen
    roadmaps = dict(
        Page.objects.filter(path__in={r["path"][:-step] for r in rows}).values_list(
            "path", "title"
        )
    )
    groups: dict[str, list] = {}
    for row in rows:
        roadmap = roadmaps.get(row["path"][:-step], "")
        groups.setdefault(roadmap, []).append((row["pk"], row["title"]))
    return sorted(groups.items(), key=lambda group: group[0].lower())


def promise_choices(limit: int = 50) -> list[tuple[int, str]]:
    return list(Promise.objects.values_list("pk", "title")[:limit])


#: What the filter choices list, as page-cache subjects (intranet/cache.py):
#: networks and memberships are "people", roadmap items "roadmaps"; promises,
#: page privacy and the viewer's groups move the global version.
FILTER_SUBJECTS = ("people", "roadmaps")
FILTER_OPTIONS_SECONDS = 3600


def _filter_options_key(viewer) -> str:
    """Where a viewer's filter choices are kept: per language, per member (their
    networks and groups decide what they may pick; visitors share one entry) and
    at the versions the page cache moves whenever what they list changes."""
    subject_keys = [SUBJECT_VERSION_KEY.format(name=n) for n in FILTER_SUBJECTS]
    versions = cache.get_many([VERSION_KEY, *subject_keys])
    version = versions.get(VERSION_KEY) or cache_version()
    # As the page cache reads them: a subject never bumped reads 1.
    stamp = ".".join([str(version), *(str(versions.get(k, 1)) for k in subject_keys)])
    who = f"m{viewer.pk}" if getattr(viewer, "is_authenticated", False) else "v"
    return f"feedfilters:{get_language()}:{stamp}:{who}"


def _load_filter_options(viewer) -> dict:
    return {
        "networks": list(
            Network.objects.visible_to(viewer).values_list("pk", "name")[:50]
        ),
        "promises": promise_choices(),
        "roadmap_items": roadmap_item_choices(viewer),
    }


def filter_options(viewer) -> dict:
    """The choices of the feed's filter form as (pk, name) pairs: networks, promises
    and roadmap items the viewer may see. Five small queries when they are built;
    then kept in the cache (two cache reads) until something they list changes."""
    try:
        key = _filter_options_key(viewer)
        options = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache outage builds them as before
        return _load_filter_options(viewer)
    if options is None:
        options = _load_filter_options(viewer)
        try:
            cache.set(key, options, FILTER_OPTIONS_SECONDS)
        except Exception:  # noqa: BLE001 - serve the page even if they cannot be kept
            logger.warning("feed: could not keep the filter choices")
    return options


def post_comments(*, post, viewer):
    """Top-level comments with their replies, in two queries. Managers also see
    hidden comments (marked), so they can restore them in place."""
    shown = Comment.objects.select_related("author__profile")
    if not is_community_manager(viewer):
        shown = shown.filter(hidden_at__isnull=True)
    return list(
        shown.filter(post=post, parent__isnull=True).prefetch_related(
            Prefetch("replies", queryset=shown.order_by("created_at", "id"))
        )
    )


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at=None).count()


def notifications_for(user, limit: int = 50):
    return list(
        Notification.objects.filter(recipient=user).select_related(
            "actor__profile", "post"
        )[:limit]
    )


#: Kinds whose notifications group per post: "Anna and 3 others reacted to …".
GROUPED_SENTENCES = {
    Notification.Kind.REACTION: _("%(actors)s reacted to “%(title)s”"),
    Notification.Kind.REPLY: _("%(actors)s replied to “%(title)s”"),
    Notification.Kind.MENTION: _("%(actors)s mentioned you in “%(title)s”"),
}


@dataclass
class NotificationGroup:
    """Notifications of one kind about one post, told as one line with who and what.
    Reads like a Notification in templates (text, get_absolute_url, read_at)."""

    kind: str
    post: Post | None
    notifications: list = field(default_factory=list)

    @property
    def latest(self):
        return self.notifications[0]

    @property
    def created_at(self):
        return self.latest.created_at

    @property
    def read_at(self):
        unread = [n for n in self.notifications if n.read_at is None]
        return None if unread else self.latest.read_at

    def get_kind_display(self):
        return self.latest.get_kind_display()

    def get_absolute_url(self):
        return self.latest.get_absolute_url()

    @property
    def actor_names(self) -> list[str]:
        names = {}
        for n in self.notifications:
            key = n.actor_id or 0
            names.setdefault(key, _display_name(n.actor) if n.actor else None)
        return [name or str(_("Someone")) for name in names.values()]

    @property
    def text(self) -> str:
        sentence = GROUPED_SENTENCES.get(self.kind)
        if sentence is None or self.post is None:
            return self.latest.text
        return sentence % {
            "actors": _actors_phrase(self.actor_names),
            "title": _post_title(self.post),
        }


def _display_name(user) -> str:
    profile = getattr(user, "profile", None)
    return getattr(profile, "display_name", "") or user.get_username()


def _actors_phrase(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return _("%(first)s and %(second)s") % {"first": names[0], "second": names[1]}
    return ngettext(
        "%(first)s and %(count)s other",
        "%(first)s and %(count)s others",
        len(names) - 1,
    ) % {"first": names[0], "count": len(names) - 1}


def _post_title(post, limit: int = 40) -> str:
    text = " ".join(plain_text(post.body).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def group_notifications(notifications) -> list[NotificationGroup]:
    """Group (newest first) per post and kind; other kinds stay one line each.
    Needs the notifications with their post and actor's profile selected."""
    groups: dict = {}
    for n in notifications:
        if n.kind in GROUPED_SENTENCES and n.post_id:
            key = (n.kind, n.post_id)
        else:
            key = ("single", n.pk)
        group = groups.get(key)
        if group is None:
            group = groups[key] = NotificationGroup(kind=n.kind, post=n.post)
        group.notifications.append(n)
    return list(groups.values())


def profile_kudos(profile, viewer, limit: int = 10):
    return load_cards(
        card_queryset(
            Post.objects.visible_to(viewer).filter(
                kind=Post.Kind.KUDOS, kudos_to_id=profile.user_id
            )
        )[:limit],
        viewer,
    )


def network_posts(network, viewer, limit: int = 10):
    return load_cards(
        card_queryset(Post.objects.visible_to(viewer).filter(network=network))[:limit],
        viewer,
    )


def featured_posts(viewer, limit: int = 3):
    return load_cards(
        card_queryset(Post.objects.visible_to(viewer).filter(featured=True))[:limit],
        viewer,
    )


def feed_results(viewer):
    """The results an Atom reader sees: those ``viewer`` may see, newest first."""
    return (
        Post.objects.visible_to(viewer)
        .filter(kind=Post.Kind.RESULT, hidden_at__isnull=True)
        .order_by("-created_at", "-pk")
    )


def feed_results_posts(viewer, limit: int = 50) -> list[Post]:
    return list(
        feed_results(viewer).select_related(
            "author__profile", "promise", "roadmap_item"
        )[:limit]
    )


def feed_results_stamps(viewer, limit: int = 50) -> list[tuple]:
    """(id, created, edited) of the same rows: the feed's validators, one small query."""
    rows = feed_results(viewer).values_list("pk", "created_at", "edited_at")
    return list(rows[:limit])
