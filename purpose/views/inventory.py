"""The ideas inventory"""

from __future__ import annotations

from django.apps import apps
from django.shortcuts import render

from intranet.paging import paged

from ..models import (
    Proposal,
)
from .common import (
    PAGE_SIZE,
    SECTION,
    _members_only,
)

# --- Inventory ----------------------------------------------------------------------

IDEAS_COUNTED = 1000  # fifty pages of ideas


@_members_only
def inventory(request):
    """Open ideas from the feed and proposals to the purpose, with votes and status."""
    post_model = apps.get_model("feed", "Post")
    ideas = paged(
        request,
        post_model.objects.visible_to(request.user)
        .filter(kind="idea")
        .select_related("author")
        .order_by("-created_at", "-pk"),
        per_page=PAGE_SIZE,
        param="ideas",
        # Every idea in the feed is not counted on every view: the newest
        # IDEAS_COUNTED are paged here, the rest are in the feed's ideas filter.
        count_limit=IDEAS_COUNTED,
    )
    open_proposals = paged(
        request,
        Proposal.objects.filter(status=Proposal.Status.OPEN)
        .select_related("author", "promise")
        .order_by("-support_count", "-created_at", "-pk"),
        per_page=PAGE_SIZE,
        param="proposals",
    )
    decided = list(
        Proposal.objects.exclude(status=Proposal.Status.OPEN)
        .select_related("author", "promise")
        .order_by("-decided_at", "-created_at")[:20]
    )
    return render(
        request,
        "purpose/inventory.html",
        {
            "ideas": ideas,
            "open_proposals": open_proposals,
            "decided": decided,
            **SECTION,
        },
    )
