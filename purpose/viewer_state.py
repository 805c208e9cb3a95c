"""The purpose section's per-viewer bits on shared pages: the proposals a viewer
supports and the signals they follow (one query each for a whole page)."""

from intranet import viewer_state
from intranet.strict_input import parse_id

from .models import ProposalSupport, SignalFollow


def _ids(request, args) -> set[int]:
    if not request.user.is_authenticated:
        return set()
    return {parse_id(arg) for arg in args} - {None}


def supported_proposal(request, args) -> dict[str, bool]:
    """``<proposal id>`` -> does the viewer support it."""
    ids = _ids(request, args)
    if not ids:
        return {}
    given = ProposalSupport.objects.filter(user=request.user, proposal_id__in=ids)
    return {str(pk): True for pk in given.values_list("proposal_id", flat=True)}


def following_signal(request, args) -> dict[str, bool]:
    """``<signal id>`` -> does the viewer follow it."""
    ids = _ids(request, args)
    if not ids:
        return {}
    follows = SignalFollow.objects.filter(user=request.user, signal_id__in=ids)
    return {str(pk): True for pk in follows.values_list("signal_id", flat=True)}


viewer_state.register(viewer_state.Kind("supported_proposal", supported_proposal))
viewer_state.register(viewer_state.Kind("following_signal", following_signal))
