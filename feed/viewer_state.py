"""The feed's per-viewer bits of shared pages: the bell's count and the reactions
a viewer gave (one query each for a whole page)."""

from django.template.loader import render_to_string

from intranet import viewer_state
from intranet.strict_input import parse_id

from . import selectors
from .models import Comment, Reaction

BELL_TEMPLATE = "feed/includes/bell.html"


def bell(request, args) -> dict[str, str]:
    if not request.user.is_authenticated:
        return {}
    html = render_to_string(
        BELL_TEMPLATE, {"unread": selectors.unread_count(request.user)}
    )
    return dict.fromkeys(args, html)


def reacted(request, args) -> dict[str, bool]:
    """``"<post id>.<kind>"`` -> did this viewer give that reaction (a switch
    between the pressed and the plain button, feed/cards.py)."""
    post_ids = {parse_id(arg.split(".", 1)[0]) for arg in args} - {None}
    if not request.user.is_authenticated or not post_ids:
        return {}
    given = Reaction.objects.filter(user=request.user, post_id__in=post_ids)
    return {
        f"{post_id}.{kind}": True
        for post_id, kind in given.values_list("post_id", "kind")
    }


def own_comment(request, args) -> dict[str, bool]:
    """``<comment id>`` -> did this viewer write it (no "report" on one's own)."""
    ids = {parse_id(arg) for arg in args} - {None}
    if not request.user.is_authenticated or not ids:
        return {}
    mine = Comment.objects.filter(author=request.user, pk__in=ids)
    return {str(pk): True for pk in mine.values_list("pk", flat=True)}


viewer_state.register(viewer_state.Kind("bell", bell))
viewer_state.register(viewer_state.Kind("own_comment", own_comment))
viewer_state.register(viewer_state.Kind("reacted", reacted))
