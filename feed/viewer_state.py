"""The feed's per-viewer bits of shared pages: the bell's count and the reactions
a viewer gave (one query each for a whole page)."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from intranet import viewer_state
from intranet.strict_input import parse_id

from . import selectors
from .models import Reaction

BELL_TEMPLATE = "feed/includes/bell.html"
PRESSED = mark_safe(' class="reaction reaction--mine" aria-pressed="true"')
NOT_PRESSED = mark_safe(' class="reaction" aria-pressed="false"')


def bell(request, args) -> dict[str, str]:
    if not request.user.is_authenticated:
        return {}
    html = render_to_string(BELL_TEMPLATE, {"unread": selectors.unread_count(request.user)})
    return dict.fromkeys(args, html)


def reacted_marker(post_id, kind: str):
    """The attributes of a reaction button (class, aria-pressed) for this viewer."""
    return viewer_state.marker("reacted", f"{post_id}.{kind}")


def reacted(request, args) -> dict[str, str]:
    """``"<post id>.<kind>"`` -> the button's class and aria-pressed."""
    answers = dict.fromkeys(args, NOT_PRESSED)
    post_ids = {parse_id(arg.split(".", 1)[0]) for arg in args} - {None}
    if request.user.is_authenticated and post_ids:
        given = Reaction.objects.filter(user=request.user, post_id__in=post_ids)
        for post_id, kind in given.values_list("post_id", "kind"):
            key = f"{post_id}.{kind}"
            if key in answers:
                answers[key] = PRESSED
    return answers


viewer_state.register(viewer_state.Kind("bell", bell))
viewer_state.register(viewer_state.Kind("reacted", reacted))
