"""What waits in the inbox for a viewer, and deciding it (one item or many).

Every decision goes through the owning app's service (the kind's action), inside
one transaction with the item locked and re-read as still open for this viewer,
so deciding twice, or after another manager, changes nothing and says so. Each
decision is written to Wagtail's audit log (``moderation.decide``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from intranet import inbox as registry
from intranet.html import plain_text
from intranet.strict_input import parse_id

#: Audit-log actions of moderation (decisions here, threshold hiding in the feed).
AUDIT_PREFIX = "moderation."
DECIDE = "moderation.decide"
MAX_REASON = 300


class InboxError(Exception):
    """A decision that cannot be taken; ``message`` says why, ``status`` is 4xx."""

    def __init__(self, message: str, status: int = 400):
        self.message = message
        self.status = status
        super().__init__(message)


@dataclass
class Decision:
    kind: registry.Kind
    action: registry.Action
    label: str


def kinds_for(viewer) -> list[registry.Kind]:
    """The kinds this viewer may decide at all."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    return [kind for kind in registry.kinds() if kind.may_decide(viewer)]


def may_use_inbox(viewer) -> bool:
    return bool(kinds_for(viewer))


def inbox_entries(*, viewer, kind_key: str = "") -> list[registry.Entry]:
    """Open items first: content already hidden waits on a manager, then oldest first.
    One or two queries per kind, whatever the number of items."""
    entries = []
    for kind in kinds_for(viewer):
        if kind_key and kind.key != kind_key:
            continue
        entries.extend(kind.entries(viewer))
    entries.sort(key=lambda e: (not e.urgent, e.created_at))
    return entries


def inbox_counts(*, viewer) -> dict[str, int]:
    return {kind.key: kind.open_items(viewer).count() for kind in kinds_for(viewer)}


def audit_log(*, limit: int = 50):
    """Moderation decisions, newest first: who, what, when, why."""
    return (
        ModelLogEntry.objects.filter(action__startswith=AUDIT_PREFIX)
        .select_related("user", "content_type")
        .order_by("-timestamp", "-id")[:limit]
    )


def _parse(key: str) -> tuple[registry.Kind, int]:
    kind_key, _sep, pk = (key or "").partition(":")
    kind = registry.get(kind_key)
    number = parse_id(pk)
    if kind is None or number is None:
        raise InboxError(_("Unknown item."))
    return kind, number


@transaction.atomic
def inbox_decide(*, viewer, key: str, action_key: str, reason: str = "") -> Decision:
    """Take one decision on the item ``key`` ("kind:pk")."""
    kind, pk = _parse(key)
    if not kind.may_decide(viewer):
        raise InboxError(_("You may not decide these items."), 403)
    action = kind.action(action_key)
    if action is None:
        raise InboxError(_("Unknown action for this item."))
    reason = plain_text(reason or "")
    if len(reason) > MAX_REASON:
        raise InboxError(
            _("The reason is too long: at most %(limit)s characters.")
            % {"limit": MAX_REASON}
        )
    if action.needs_reason and not reason:
        raise InboxError(_("Give a reason for this decision."))
    # Lock the row, then read it again as open for this viewer: a decision another
    # manager committed meanwhile is seen here, not overwritten.
    obj = kind.open_items(viewer).select_for_update(of=("self",)).filter(pk=pk).first()
    if obj is None:
        raise InboxError(
            _(
                "This item was already decided, or is not yours to decide; "
                "nothing was changed."
            ),
            409,
        )
    label = str(obj)
    log(
        instance=obj,
        action=DECIDE,
        user=viewer,
        data={
            "kind": kind.key,
            "kind_label": str(kind.label),
            "action": action.key,
            "action_label": str(action.label),
            "reason": reason,
        },
    )
    try:
        action.run(obj, actor=viewer, reason=reason)
    except PermissionDenied as exc:
        raise InboxError(str(exc) or _("You may not decide this item."), 403) from exc
    except ValidationError as exc:
        raise InboxError(" ".join(exc.messages), 409) from exc
    return Decision(kind=kind, action=action, label=label)


def inbox_decide_many(
    *, viewer, keys: list[str], action_key: str, reason: str = ""
) -> tuple[list[Decision], list[str]]:
    """The same action on several items, each in its own transaction: what could
    be decided is, and each failure is reported with its reason."""
    done, failed = [], []
    for key in dict.fromkeys(keys):
        try:
            done.append(
                inbox_decide(
                    viewer=viewer, key=key, action_key=action_key, reason=reason
                )
            )
        except InboxError as exc:
            failed.append(exc.message)
    return done, failed
