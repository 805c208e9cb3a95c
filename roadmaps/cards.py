"""Item cards for the board and the timeline: plain values, no Wagtail page objects.

A board shows up to ``BOARD_LIMIT`` items; building a ``RoadmapItemPage`` per
card (every page field, Wagtail's tracking, a URL computed from the site's root
paths) cost more than the rest of the view. A card is read as one row of
values and answers the few things ``includes/item_card.html`` asks of it, under
the same names a page would.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Status, is_past_due

#: The columns a card needs, read with ``values()`` from the annotated item query.
CARD_FIELDS = (
    "pk",
    "title",
    "slug",
    "status",
    "period",
    "lane",
    "vote_count",
    "result_count",
    "open_role_count",
    "volunteer_count",
)


_STATUS_LABELS = dict(Status.choices)  # lazy: translated when shown


@dataclass(slots=True)
class ItemCard:
    pk: int
    title: str
    slug: str
    status: str
    period: str
    lane: str
    vote_count: int
    result_count: int
    open_role_count: int
    volunteer_count: int
    url: str = ""
    lane_label: str = ""

    def get_status_display(self) -> str:
        return str(_STATUS_LABELS.get(self.status, self.status))

    @property
    def past_due(self) -> bool:
        return is_past_due(self.status, self.period)


def item_cards(items, roadmap_url: str) -> list[ItemCard]:
    """Cards for the rows of an annotated item query (children of the roadmap at
    ``roadmap_url``, so each item's URL is the roadmap's plus its slug)."""
    return [
        ItemCard(**row, url=f"{roadmap_url}{row['slug']}/")
        for row in items.values(*CARD_FIELDS)
    ]
