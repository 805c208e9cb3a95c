"""The sub-URLs of roadmap and item pages: one route table, plain view functions.

Roadmaps and items stay Wagtail pages (so page privacy, the staff-404 hook and
moderation guard every sub-URL), but the pages do not import their views: this
table is attached to the page classes at start-up (``RoadmapsConfig.ready``),
and Wagtail's ``RoutablePageMixin`` resolves it as it would ``@path`` methods.
Each view takes ``(request, page, **url_kwargs)``.
"""

from __future__ import annotations

from functools import wraps

from django.urls import path

from . import views
from .models import RoadmapIndexPage, RoadmapItemPage, RoadmapPage


def _page_view(view):
    """``view(request, page, ...)`` as a route Wagtail binds to the page it serves."""

    @wraps(view)
    def route(page, request, *args, **kwargs):
        return view(request, page, *args, **kwargs)

    return route


INDEX_ROUTES = (path("", _page_view(views.roadmap_index)),)

ROADMAP_ROUTES = (
    path("", _page_view(views.roadmap_board)),
    path("board/", _page_view(views.roadmap_board), name="board"),
    path("timeline/", _page_view(views.roadmap_timeline), name="timeline"),
    path("changes/", _page_view(views.roadmap_changes), name="changes"),
    path("feed.atom/", _page_view(views.roadmap_atom_feed), name="feed"),
    path("ideas/", _page_view(views.roadmap_ideas), name="ideas"),
    path(
        "ideas/similar/", _page_view(views.roadmap_similar_ideas), name="similar_ideas"
    ),
    path("ideas/<int:pk>/", _page_view(views.idea_detail), name="idea"),
    path("ideas/<int:pk>/vote/", _page_view(views.idea_vote), name="idea_vote"),
    path(
        "ideas/<int:pk>/comment/", _page_view(views.idea_comment), name="idea_comment"
    ),
)

ITEM_ROUTES = (
    path("", _page_view(views.item_detail)),
    path("vote/", _page_view(views.item_vote), name="vote"),
    path("follow/", _page_view(views.item_follow), name="follow"),
    path("comment/", _page_view(views.item_comment), name="comment"),
    path(
        "roles/<int:role_id>/volunteer/",
        _page_view(views.role_volunteer),
        name="volunteer",
    ),
    path(
        "volunteers/<int:pk>/decide/",
        _page_view(views.volunteer_decide),
        name="decide",
    ),
)


def attach() -> None:
    """Give the page classes their route tables (idempotent)."""
    RoadmapIndexPage.attach_routes(INDEX_ROUTES)
    RoadmapPage.attach_routes(ROADMAP_ROUTES)
    RoadmapItemPage.attach_routes(ITEM_ROUTES)
