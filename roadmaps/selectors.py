"""Reads for roadmap pages, shaped so each page runs a fixed number of queries.

Counts (votes, results, open roles, volunteers) come as correlated
subqueries on the item query, never one query per item.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
)
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from feed.card_data import card_queryset, load_cards
from feed.models import Post
from intranet.audience import is_community_manager, pages_visible_to
from intranet.counting import correlated_count

from .cards import ItemCard, item_cards
from .models import (
    IdeaProposal,
    ItemComment,
    ItemFollow,
    Moderation,
    OpenRole,
    RoadmapChange,
    RoadmapItemPage,
    RoadmapLane,
    RoadmapPage,
    Status,
    Volunteer,
    Vote,
)

BOARD_LIMIT = 500  # a roadmap with more items than this needs lanes, not a longer page


#: "Roadmap › Item": how an item is named wherever it appears outside its roadmap.
CONTEXT_SEPARATOR = " › "


def roadmap_titles_by_item(items) -> dict[int, str]:
    """``{item pk: its roadmap's title}`` for items given as pages or as
    ``{"pk", "path"}`` rows, in one query: an item's roadmap is its tree parent,
    whose path is the item's path less one step."""
    rows = [
        (i["pk"], i["path"]) if isinstance(i, dict) else (i.pk, i.path) for i in items
    ]
    step = RoadmapPage.steplen
    parents = {path[:-step] for _pk, path in rows}
    titles = dict(
        RoadmapPage.objects.filter(path__in=parents).values_list("path", "title")
    )
    return {pk: titles.get(path[:-step], "") for pk, path in rows}


def roadmap_of(item: RoadmapItemPage) -> RoadmapPage:
    """The item's roadmap (its tree parent) in one query, without building the
    generic parent page first as ``item.get_parent().specific`` does."""
    return RoadmapPage.objects.get(path=item.path[: -item.steplen])


def item_title_in_context(roadmap_title: str, item_title: str) -> str:
    return (
        f"{roadmap_title}{CONTEXT_SEPARATOR}{item_title}"
        if roadmap_title
        else item_title
    )


def item_titles_in_context(items) -> dict[int, str]:
    """``{item pk: "Roadmap › Item"}`` for pages, in one query."""
    items = list(items)
    roadmaps = roadmap_titles_by_item(items)
    return {i.pk: item_title_in_context(roadmaps[i.pk], i.title) for i in items}


class UnknownFilter(ValueError):
    """A filter value that does not exist; the message says which ones do."""


def visible_results(user):
    return Post.objects.visible_to(user).filter(kind=Post.Kind.RESULT)


def items_visible_to(user, roadmap: RoadmapPage):
    items = RoadmapItemPage.objects.child_of(roadmap).live()
    return pages_visible_to(user, items)


def annotated_items(user, roadmap: RoadmapPage, visible=None):
    """The visible items with their counts; ``visible`` is ``items_visible_to``'s
    answer when the caller already has it (it reads page privacy)."""
    if visible is None:
        visible = items_visible_to(user, roadmap)
    return visible.select_related("owner_user__profile").annotate(
        vote_count=correlated_count(Vote.objects.all(), "item"),
        result_count=correlated_count(visible_results(user), "roadmap_item"),
        open_role_count=correlated_count(OpenRole.objects.filter(is_open=True), "item"),
        volunteer_count=correlated_count(
            Volunteer.objects.filter(status=Volunteer.Decision.ACCEPTED),
            "role__item",
        ),
    )


#: Board orders within a column: the roadmap's own order, most votes, newest, most
#: recently changed (published).
SORTS = {
    "": ("path",),
    "votes": ("-vote_count", "path"),
    "newest": ("-first_published_at", "path"),
    "changed": ("-last_published_at", "path"),
}


def sort_choices() -> list[tuple[str, str]]:
    return [
        ("", _("Roadmap order")),
        ("votes", _("Most votes")),
        ("newest", _("Newest")),
        ("changed", _("Recently changed")),
    ]


@dataclass
class Filters:
    lane: str = ""
    status: str = ""
    lane_names: tuple = ()  # every name of the chosen lane (Dutch and English)
    sort: str = ""

    @classmethod
    def from_query(cls, params, lanes) -> Filters:
        status = params.get("status", "").strip()
        lane = params.get("lane", "").strip()
        sort = params.get("sort", "").strip()
        if sort not in SORTS:
            raise UnknownFilter(
                _('There is no order "%(value)s". Choose one of: %(choices)s.')
                % {
                    "value": sort[:40],
                    "choices": ", ".join(k for k in SORTS if k),
                }
            )
        if status and status not in Status.values:
            raise UnknownFilter(
                _('There is no status "%(value)s". Choose one of: %(choices)s.')
                % {
                    "value": status[:40],
                    "choices": ", ".join(str(label) for label in Status.labels),
                }
            )
        if lane and lane not in lanes:
            raise UnknownFilter(
                _('There is no lane "%(value)s" on this roadmap.')
                % {"value": lane[:80]}
            )
        names = lanes.names_for(lane) if isinstance(lanes, Lanes) else [lane]
        return cls(
            lane=lane,
            status=status,
            lane_names=tuple(names) if lane else (),
            sort=sort,
        )

    def apply(self, items):
        if self.lane:
            items = items.filter(lane__in=self.lane_names or [self.lane])
        if self.status:
            items = items.filter(status=self.status)
        return items

    @property
    def ordering(self) -> tuple[str, ...]:
        return SORTS[self.sort]

    @property
    def active(self) -> bool:
        return bool(self.lane or self.status or self.sort)

    def query(self) -> str:
        return urlencode(
            {
                k: v
                for k, v in (
                    ("lane", self.lane),
                    ("status", self.status),
                    ("sort", self.sort),
                )
                if v
            }
        )


class Lanes(list):
    """A roadmap's lane labels in the viewer's language. A lane has a Dutch and an
    English name and an item may name it by either: ``names_for(label)`` gives
    every name of the lane shown as ``label``, ``label_for(name)`` the reverse."""

    def __init__(self, labels, aliases):
        super().__init__(labels)
        self.aliases = aliases  # label -> all names
        self.labels = {n: label for label, names in aliases.items() for n in names}

    def names_for(self, label: str) -> list[str]:
        return self.aliases.get(label, [label])

    def label_for(self, name: str) -> str:
        return self.labels.get(name, name)


def roadmap_lanes(roadmap: RoadmapPage, user, visible=None) -> Lanes:
    """The roadmap's lanes in their order, then any lane items name on their own
    (``visible``: the items the user may see, when the caller has them)."""
    aliases = {}
    for lane in roadmap.lanes.all():
        names = [n for n in (lane.name, lane.name_nl, lane.name_en) if n]
        aliases[lane.name] = list(dict.fromkeys(names))
    known = [n for names in aliases.values() for n in names]
    if visible is None:
        visible = items_visible_to(user, roadmap)
    extra = (
        visible.exclude(lane="")
        .exclude(lane__in=known)
        .order_by("lane")
        .values_list("lane", flat=True)
        .distinct()
    )
    return Lanes([*aliases, *extra], aliases)


def label_lanes(items, lanes) -> None:
    """Give each item its lane's label in the viewer's language (``lane_label``)."""
    for item in items:
        item.lane_label = lanes.label_for(item.lane) if item.lane else ""


@dataclass
class Board:
    columns: OrderedDict = field(default_factory=OrderedDict)
    total: int = 0


def _cards(user, roadmap, filters, visible) -> list[ItemCard]:
    items = filters.apply(annotated_items(user, roadmap, visible))
    return item_cards(items.order_by(*filters.ordering)[:BOARD_LIMIT], roadmap.url)


def roadmap_board(
    *,
    user,
    roadmap: RoadmapPage,
    filters: Filters,
    lanes: Lanes | None = None,
    visible=None,
) -> Board:
    items = _cards(user, roadmap, filters, visible)
    board = Board(total=len(items))
    for status in Status:
        if not filters.status or filters.status == status:
            board.columns[status] = []
    label_lanes(items, lanes or Lanes([], {}))
    for item in items:
        board.columns.setdefault(Status(item.status), []).append(item)
    return board


def period_sort_key(period: str):
    """2026-Q3 sorts with 2026-07..09; months before the quarter they fall in."""
    if not period:
        return (9999, 99, 1)
    year, _sep, part = period.partition("-")
    try:
        if part.startswith("Q"):
            return (int(year), (int(part[1]) - 1) * 3 + 1, 1)
        return (int(year), int(part), 0)
    except ValueError:
        return (9998, 99, 1)


def roadmap_timeline(
    *,
    user,
    roadmap: RoadmapPage,
    filters: Filters,
    lanes: Lanes | None = None,
    visible=None,
):
    """Items grouped by period, earliest first; unscheduled items last (the viewer's
    votes are filled per viewer: roadmaps/viewer_state.py)."""
    items = _cards(user, roadmap, filters, visible)
    label_lanes(items, lanes or Lanes([], {}))
    groups: dict[str, list] = {}
    for item in sorted(items, key=lambda i: period_sort_key(i.period)):
        groups.setdefault(item.period, []).append(item)
    return list(groups.items())


def roadmap_changes(*, user, roadmap: RoadmapPage, limit: int = 50):
    """What changed, newest first: only about items and results the user may see."""
    visible_items = items_visible_to(user, roadmap).values("pk")
    return (
        RoadmapChange.objects.filter(roadmap=roadmap)
        .filter(Q(item__isnull=True) | Q(item__in=visible_items))
        # A correlated EXISTS per change (by the post's primary key): an IN over
        # every visible result would read all of them for one roadmap's changes.
        .filter(
            Q(post__isnull=True)
            | Exists(visible_results(user).filter(pk=OuterRef("post_id")))
        )
        .select_related("item")
        .order_by("-created_at", "-id")[:limit]
    )


def roadmaps_for_index(*, user, index):
    """Visible roadmaps with item counts per status, in two queries."""
    roadmaps = list(
        pages_visible_to(user, RoadmapPage.objects.child_of(index).live())
        .select_related("owner_user__profile")
        .order_by("path")
    )
    counts = (
        pages_visible_to(
            user,
            RoadmapItemPage.objects.live().filter(
                path__startswith=index.path, depth=index.depth + 2
            ),
        )
        .values("path", "status")
        .order_by()
    )
    by_roadmap: dict[str, dict] = {}
    step = len(index.path) + RoadmapPage.steplen
    for row in counts:
        slot = by_roadmap.setdefault(row["path"][:step], {})
        slot[row["status"]] = slot.get(row["status"], 0) + 1
    for roadmap in roadmaps:
        roadmap.status_counts = by_roadmap.get(roadmap.path, {})
        roadmap.item_total = sum(roadmap.status_counts.values())
    return roadmaps


def comments_visible(user, **target):
    """Published comments, plus the viewer's own still waiting for moderation."""
    shown = Q(moderation=Moderation.PUBLISHED)
    if getattr(user, "is_authenticated", False):
        shown |= Q(author=user, moderation=Moderation.PENDING)
    return (
        ItemComment.objects.filter(**target)
        .filter(shown)
        .select_related("author__profile")
        .order_by("created_at", "id")
    )


def item_detail(*, user, item: RoadmapItemPage, results_limit: int = 20) -> dict:
    results_qs = visible_results(user).filter(roadmap_item=item)
    results = load_cards(
        card_queryset(results_qs).order_by("-created_at")[:results_limit], user
    )
    roles = list(
        OpenRole.objects.filter(item=item)
        .annotate(
            accepted=Count(
                "volunteers", filter=Q(volunteers__status=Volunteer.Decision.ACCEPTED)
            )
        )
        .prefetch_related(
            Prefetch(
                "volunteers",
                queryset=Volunteer.objects.select_related("user__profile").order_by(
                    "created_at"
                ),
            )
        )
        .order_by("sort_order", "pk")
    )
    # The item's counts in one query (correlated subqueries on its own row).
    counts = (
        RoadmapItemPage.objects.filter(pk=item.pk)
        .annotate(
            n_results=correlated_count(results_qs, "roadmap_item"),
            n_votes=correlated_count(Vote.objects.all(), "item"),
            n_followers=correlated_count(ItemFollow.objects.all(), "item"),
        )
        .values("n_results", "n_votes", "n_followers")
        .get()
    )
    for role in roles:
        everyone = list(role.volunteers.all())
        role.accepted_people = [
            v for v in everyone if v.status == Volunteer.Decision.ACCEPTED
        ]
        role.waiting = [v for v in everyone if v.status == Volunteer.Decision.PENDING]
        role.is_filled = role.accepted >= role.needed
        role.takes_volunteers = role.is_open and not role.is_filled
    return {
        "results": results,
        "result_count": counts["n_results"],
        "roles": roles,
        "comments": list(comments_visible(user, item=item)),
        "vote_count": counts["n_votes"],
        "follower_count": counts["n_followers"],
        "source_ideas": list(item.source_proposals.all()),
        "lane_label": _lane_label(item),
    }


def _lane_label(item: RoadmapItemPage) -> str:
    """The item's lane in the viewer's language (items store one of its names)."""
    if not item.lane:
        return ""
    for lane in RoadmapLane.objects.filter(page__path=item.path[: -item.steplen]):
        if item.lane in (lane.name_nl, lane.name_en, lane.name):
            return lane.name
    return item.lane


def proposals_visible(user, roadmap: RoadmapPage):
    """Open and converted ideas for everyone; your own waiting ones for you, and every
    waiting one for the community managers who decide on it (the inbox links to it)."""
    shown = Q(state__in=[IdeaProposal.State.OPEN, IdeaProposal.State.CONVERTED])
    if is_community_manager(user):
        shown |= Q(state=IdeaProposal.State.PENDING)
    elif getattr(user, "is_authenticated", False):
        shown |= Q(author=user, state=IdeaProposal.State.PENDING)
    return (
        IdeaProposal.objects.filter(roadmap=roadmap)
        .filter(shown)
        .select_related("author__profile", "item")
        .annotate(
            vote_count=correlated_count(Vote.objects.all(), "proposal"),
            comment_count=correlated_count(
                ItemComment.objects.filter(moderation=Moderation.PUBLISHED), "proposal"
            ),
        )
    )


def merged_idea_target(roadmap: RoadmapPage, pk: int) -> IdeaProposal | None:
    """The idea a merged duplicate ``pk`` of ``roadmap`` now lives in, if any (one
    query); its page and links send readers there."""
    return (
        IdeaProposal.objects.filter(
            merged_duplicates__pk=pk,
            merged_duplicates__roadmap=roadmap,
            merged_duplicates__state=IdeaProposal.State.MERGED,
            state__in=[IdeaProposal.State.OPEN, IdeaProposal.State.CONVERTED],
        )
        .only("pk", "roadmap_id")
        .first()
    )


def roadmap_author_name(roadmap) -> str:
    """atom:author (RFC 4287: required): the roadmap's owner, else the site."""
    owner = roadmap.owner_user
    if owner is not None:
        name = getattr(getattr(owner, "profile", None), "display_name", "")
        if name or owner.get_full_name():
            return name or owner.get_full_name()
    return getattr(settings, "WAGTAIL_SITE_NAME", "Koers")
