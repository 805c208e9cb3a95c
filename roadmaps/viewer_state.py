"""A roadmap's per-viewer bits on shared pages: the viewer's votes, follows and
volunteering (one query each for a whole board)."""

from django.utils.html import escape

from intranet import viewer_state
from intranet.strict_input import parse_id

from .models import ItemFollow, Volunteer, Vote


def _ids(request, args) -> set[int]:
    if not request.user.is_authenticated:
        return set()
    return {parse_id(arg) for arg in args} - {None}


def _answer(ids) -> dict[str, bool]:
    return {str(pk): True for pk in ids}


def voted_item(request, args) -> dict[str, bool]:
    """``<item id>`` -> did the viewer vote for it."""
    ids = _ids(request, args)
    if not ids:
        return {}
    votes = Vote.objects.filter(user=request.user, item_id__in=ids)
    return _answer(votes.values_list("item_id", flat=True))


def voted_idea(request, args) -> dict[str, bool]:
    """``<idea id>`` -> did the viewer vote for it."""
    ids = _ids(request, args)
    if not ids:
        return {}
    votes = Vote.objects.filter(user=request.user, proposal_id__in=ids)
    return _answer(votes.values_list("proposal_id", flat=True))


def following_item(request, args) -> dict[str, bool]:
    """``<item id>`` -> does the viewer follow it."""
    ids = _ids(request, args)
    if not ids:
        return {}
    follows = ItemFollow.objects.filter(user=request.user, item_id__in=ids)
    return _answer(follows.values_list("item_id", flat=True))


def volunteered(request, args) -> dict[str, str]:
    """``<open role id>`` -> where the viewer's offer to help stands (its status, as
    text: a switch on whether they volunteered, and the badge's words)."""
    ids = _ids(request, args)
    if not ids:
        return {}
    offers = Volunteer.objects.filter(user=request.user, role_id__in=ids)
    return {
        str(offer.role_id): escape(offer.get_status_display())
        for offer in offers.only("role_id", "status")
    }


for _kind in (voted_item, voted_idea, following_item, volunteered):
    viewer_state.register(viewer_state.Kind(_kind.__name__, _kind))
