"""What a visitor may do on a post before they have an account: react to it.

Kept through sign-up by accounts/contributions.py and applied here through the
feed's own service once the address is verified; the audience helper decides again
for the new member (a post hidden or deleted meanwhile is refused with a message).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from accounts.contributions import Applied, ContributionRefused, Kind, register

from .models import Post, Reaction
from .services import reaction_give

REACTION = "feed.reaction"

GONE_URL = "/"


def _post(target: dict, user=None) -> Post:
    posts = Post.objects.all() if user is None else Post.objects.visible_to(user)
    post = posts.filter(pk=target.get("post")).first()
    if post is None:
        raise ContributionRefused(
            _("The post you reacted to is no longer there, so nothing was added."),
            GONE_URL,
        )
    return post


def _label(payload: dict) -> str:
    kind = payload.get("kind")
    if kind not in Reaction.Kind.values:
        raise ContributionRefused(_("This reaction can no longer be made."), GONE_URL)
    return str(Reaction.Kind(kind).label)


def _describe_reaction(target, payload) -> str:
    _post(target)
    return _("Your reaction “%(reaction)s”") % {"reaction": _label(payload)}


def _apply_reaction(*, user, target, payload) -> Applied:
    _label(payload)
    post = _post(target, user)
    url = post.get_absolute_url()
    try:
        reaction_give(post=post, user=user, kind=payload["kind"])
    except (ValidationError, PermissionDenied) as exc:
        raise ContributionRefused(" ".join(getattr(exc, "messages", [])), url) from exc
    return Applied(_("Your reaction is on the post: thank you!"), url)


register(Kind(REACTION, _describe_reaction, _apply_reaction))
