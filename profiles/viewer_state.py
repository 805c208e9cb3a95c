"""A profile's per-viewer buttons on shared pages: whom the viewer follows, what
they endorsed (one query each for a whole page)."""

from django.template.loader import render_to_string

from intranet import viewer_state
from intranet.strict_input import parse_id

from .models import Endorsement, Follow, NetworkMembership
from .selectors import people_you_may_know as people_suggestions


def _ids(args) -> set[int]:
    return {parse_id(arg) for arg in args} - {None}


def following_person(request, args) -> dict[str, bool]:
    """``<user id>`` -> does the viewer follow that person."""
    ids = _ids(args)
    if not request.user.is_authenticated or not ids:
        return {}
    followed = Follow.objects.filter(follower=request.user, followed_id__in=ids)
    return {str(pk): True for pk in followed.values_list("followed_id", flat=True)}


def endorsed(request, args) -> dict[str, bool]:
    """``<profile competence id>`` -> did the viewer endorse it."""
    ids = _ids(args)
    if not request.user.is_authenticated or not ids:
        return {}
    given = Endorsement.objects.filter(
        endorser=request.user, profile_competence_id__in=ids
    ).values_list("profile_competence_id", flat=True)
    return {str(pk): True for pk in given}


def in_network(request, args) -> dict[str, bool]:
    """``<network id>`` -> is the viewer in it (active or asking to join)."""
    ids = _ids(args)
    if not request.user.is_authenticated or not ids:
        return {}
    mine = NetworkMembership.objects.filter(user=request.user, network_id__in=ids)
    return {str(pk): True for pk in mine.values_list("network_id", flat=True)}


def network_pending(request, args) -> dict[str, bool]:
    """``<network id>`` -> is the viewer's request to join still waiting."""
    ids = _ids(args)
    if not request.user.is_authenticated or not ids:
        return {}
    waiting = NetworkMembership.objects.filter(
        user=request.user,
        network_id__in=ids,
        status=NetworkMembership.Status.PENDING,
    )
    return {str(pk): True for pk in waiting.values_list("network_id", flat=True)}


def people_you_may_know(request, args) -> dict[str, str]:
    """The directory's suggestions, from the viewer's own competences, networks and
    follows (a few bounded queries; only on the directory)."""
    if not request.user.is_authenticated:
        return {}
    html = render_to_string(
        "profiles/includes/people_you_may_know.html",
        {"suggestions": people_suggestions(viewer=request.user)},
    )
    return dict.fromkeys(args, html)


viewer_state.register(viewer_state.Kind("people_you_may_know", people_you_may_know))
viewer_state.register(viewer_state.Kind("in_network", in_network))
viewer_state.register(viewer_state.Kind("network_pending", network_pending))
viewer_state.register(viewer_state.Kind("following_person", following_person))
viewer_state.register(viewer_state.Kind("endorsed", endorsed))
