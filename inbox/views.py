"""The inbox pages: in the Wagtail admin for managers, on the site for managers and
network hosts, and the one decide endpoint behind both. Logic is in services."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intranet.audience import is_community_manager

from . import services

TEMPLATES = {"admin": "inbox/admin/inbox.html", "site": "inbox/inbox.html"}
URL_NAMES = {"admin": "inbox_admin", "site": "inbox:inbox"}


def _inbox_response(request, *, surface: str, status: int = 200, error: str = ""):
    viewer = request.user
    kinds = services.kinds_for(viewer)
    if not kinds:
        raise PermissionDenied(_("Nothing in the inbox is yours to decide."))
    kind_key = request.GET.get("kind", "")
    if kind_key not in {kind.key for kind in kinds}:
        kind_key = ""
    entries = services.inbox_entries(viewer=viewer)
    counts = Counter(entry.kind.key for entry in entries)
    manager = is_community_manager(viewer)
    return TemplateResponse(
        request,
        TEMPLATES[surface],
        {
            "kinds": [(kind, counts.get(kind.key, 0)) for kind in kinds],
            "kind_key": kind_key,
            "entries": [e for e in entries if not kind_key or e.kind.key == kind_key],
            "total": len(entries),
            "audit": list(services.audit_log()) if manager else [],
            "inbox_url": reverse(URL_NAMES[surface]),
            "decide_url": reverse(
                "inbox_admin_decide" if surface == "admin" else "inbox:decide"
            ),
            "error": error,
            "bulk_actions": _bulk_actions(kinds),
        },
        status=status,
    )


def _bulk_actions(kinds) -> list[tuple[str, str]]:
    """The action keys shared across kinds, with one label each, for bulk forms."""
    seen: dict[str, str] = {}
    for kind in kinds:
        for action in kind.actions:
            seen.setdefault(action.key, str(action.label))
    return list(seen.items())


def inbox_admin(request):
    return _inbox_response(request, surface="admin")


@login_required
def inbox_site(request):
    return _inbox_response(request, surface="site")


def _decide(request, *, surface: str):
    if not services.may_use_inbox(request.user):
        raise PermissionDenied(_("Nothing in the inbox is yours to decide."))
    keys = request.POST.getlist("items") or [request.POST.get("item", "")]
    action = request.POST.get("action", "")
    reason = request.POST.get("reason", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    target = target or reverse(URL_NAMES[surface])
    if len(keys) == 1:
        try:
            decision = services.inbox_decide(
                viewer=request.user, key=keys[0], action_key=action, reason=reason
            )
        except services.InboxError as exc:
            if exc.status == 403:
                raise PermissionDenied(exc.message) from exc
            return _inbox_response(
                request, surface=surface, status=exc.status, error=exc.message
            )
        messages.success(
            request,
            _("%(done)s: %(item)s. It is recorded in the audit log.")
            % {
                "done": decision.action.done or decision.action.label,
                "item": decision.label,
            },
        )
        return redirect(target)
    done, failed = services.inbox_decide_many(
        viewer=request.user, keys=keys, action_key=action, reason=reason
    )
    if done:
        messages.success(request, _("%(count)s items decided.") % {"count": len(done)})
    for message in dict.fromkeys(failed):
        messages.error(request, message)
    if failed and not done:
        return _inbox_response(
            request, surface=surface, status=409, error=" ".join(dict.fromkeys(failed))
        )
    return redirect(target)


@require_POST
def decide_admin(request):
    return _decide(request, surface="admin")


@login_required
@require_POST
def decide_site(request):
    return _decide(request, surface="site")
