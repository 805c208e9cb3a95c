"""Speak-up signals: raise one, follow it, and (community managers) move it along.

Each step is public with its reason; the author and followers are told; an outcome
may be posted to the feed as a result on the signal's promise.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from feed.models import Notification, Post
from feed.services import notification_create, post_create
from home.models import Promise
from intranet.audience import audience_allows, can_see, is_community_manager
from intranet.html import clean_text
from intranet.language import content_language
from intranet.ratelimit import rate_limit_check

from .models import (
    REASON_MAX,
    SIGNAL_BODY_MAX,
    SIGNAL_TITLE_MAX,
    Signal,
    SignalFollow,
    SignalStatus,
    SignalStep,
)

#: Where a signal may go from each status (a decided signal stays decided).
NEXT_STATUSES = {
    SignalStatus.OPEN: (
        SignalStatus.LOOKING,
        SignalStatus.CHANGED,
        SignalStatus.EXPLAINED,
    ),
    SignalStatus.LOOKING: (SignalStatus.CHANGED, SignalStatus.EXPLAINED),
    SignalStatus.CHANGED: (),
    SignalStatus.EXPLAINED: (),
}


def _text(value: str, *, field: str, limit: int, label: str) -> str:
    text = clean_text(value or "")
    if not text:
        raise ValidationError(
            {field: _("%(label)s cannot be empty.") % {"label": label}}
        )
    if len(text) > limit:
        raise ValidationError(
            {
                field: _("%(label)s is too long: at most %(limit)s characters.")
                % {"label": label, "limit": limit}
            }
        )
    return text


@transaction.atomic
def signal_raise(
    *,
    author,
    promise,
    title: str,
    body: str,
    audience: str,
    hide_name: bool = False,
    roadmap_item=None,
    language: str = "",
) -> Signal:
    """Any member (employee or external) raises a signal; they follow it at once."""
    if not getattr(author, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))
    if promise is None or not Promise.objects.filter(pk=promise.pk).exists():
        raise ValidationError(
            {"promise": _("Choose the promise it stands in the way of.")}
        )
    if audience not in ("public", "community", "staff") or not audience_allows(
        author, audience
    ):
        raise ValidationError({"audience": _("Choose who may see this signal.")})
    if roadmap_item is not None and not can_see(author, roadmap_item):
        raise ValidationError({"roadmap_item": _("Choose a roadmap item you can see.")})
    title = _text(title, field="title", limit=SIGNAL_TITLE_MAX, label=_("The title"))
    body = _text(body, field="body", limit=SIGNAL_BODY_MAX, label=_("The description"))
    rate_limit_check(user=author, action="post")
    signal = Signal.objects.create(
        author=author,
        promise=promise,
        roadmap_item=roadmap_item,
        title=title,
        body=body,
        audience=audience,
        hide_name=bool(hide_name),
        language=content_language(language),
    )
    SignalFollow.objects.create(signal=signal, user=author)
    return signal


@transaction.atomic
def signal_follow_toggle(*, signal: Signal, user) -> bool:
    """Follow or stop following; returns whether ``user`` follows it now."""
    if not can_see(user, signal) or not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))
    deleted, _rows = SignalFollow.objects.filter(signal=signal, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            SignalFollow.objects.create(signal=signal, user=user)
    except IntegrityError:
        pass
    return True


@transaction.atomic
def signal_move(
    *, signal: Signal, status: str, reason: str, by, post_outcome: bool = False
) -> Signal:
    """A community manager moves a signal on (open → looking into it → changed /
    explained why not) with a public reason. Refused, with nothing changed, for
    anyone else, an unknown or impossible step, or an empty reason."""
    if not is_community_manager(by):
        raise PermissionDenied(_("Only community managers move a signal along."))
    signal = Signal.objects.select_for_update().get(pk=signal.pk)
    if status not in SignalStatus.values:
        raise ValidationError({"status": _("Choose a known status.")})
    if status not in NEXT_STATUSES[signal.status]:
        raise ValidationError(
            {
                "status": _("A signal that is “%(now)s” cannot become “%(next)s”.")
                % {
                    "now": SignalStatus(signal.status).label,
                    "next": SignalStatus(status).label,
                }
            }
        )
    reason = _text(reason, field="reason", limit=REASON_MAX, label=_("The reason"))
    SignalStep.objects.create(signal=signal, status=status, reason=reason, actor=by)
    signal.status = status
    signal.updated_at = timezone.now()
    fields = ["status", "updated_at"]
    if post_outcome and status in (SignalStatus.CHANGED, SignalStatus.EXPLAINED):
        signal.outcome_post = post_create(
            author=by,
            body=_("Outcome of the signal “%(title)s”: %(reason)s")
            % {"title": signal.title, "reason": reason},
            kind=Post.Kind.RESULT,
            audience=signal.audience,
            promise=signal.promise,
            roadmap_item=signal.roadmap_item,
        )
        fields.append("outcome_post")
    signal.save(update_fields=fields)
    text = _("The signal “%(title)s” is now: %(status)s") % {
        "title": signal.title,
        "status": SignalStatus(status).label,
    }
    for follow in signal.follows.select_related("user"):
        if can_see(follow.user, signal):
            notification_create(
                recipient=follow.user,
                kind=Notification.Kind.PURPOSE,
                text=text,
                actor=by,
                url=signal.get_absolute_url(),
            )
    return signal


# --- reads -----------------------------------------------------------------------------


def signal_board(*, viewer, status: str = "", promise_id: int | None = None):
    """The signals ``viewer`` may see, newest first, filtered by status and promise."""
    qs = Signal.objects.visible_to(viewer).select_related("promise", "author__profile")
    if status in SignalStatus.values:
        qs = qs.filter(status=status)
    if promise_id:
        qs = qs.filter(promise_id=promise_id)
    return qs


def status_counts(*, viewer) -> dict[str, int]:
    rows = (
        Signal.objects.visible_to(viewer)
        .values("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(SignalStatus.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def is_following(*, signal: Signal, user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return SignalFollow.objects.filter(signal=signal, user=user).exists()
