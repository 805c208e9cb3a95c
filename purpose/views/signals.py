"""Views of speak-up signals: the board, raising one, a signal, following, triage."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from feed.forms import audience_choices
from feed.selectors import roadmap_item_choices, roadmap_item_model
from home.models import Promise, PurposePage
from intranet.audience import is_community_manager
from intranet.paging import paged
from intranet.redirects import redirect_back
from intranet.strict_input import parse_id
from intranet.viewer_state import page_owned_by

from .. import speakup
from ..forms import SignalForm, SignalMoveForm
from ..models import Signal, SignalStatus
from ..stories import stories_about
from .common import PAGE_SIZE, SECTION, _errors, _members_only, _public_page


def _promises():
    page = PurposePage.objects.live().first()
    return page.promises.all() if page else Promise.objects.none()


@_public_page
def signal_board(request):
    status = request.GET.get("status") or ""
    promise_id = parse_id(request.GET.get("promise"))
    qs = speakup.signal_board(
        viewer=request.user, status=status, promise_id=promise_id
    ).order_by("-created_at", "-pk")
    page = paged(request, qs, per_page=PAGE_SIZE)
    return render(
        request,
        "purpose/signals.html",
        {
            "signals": list(page.object_list),
            "page_obj": page,
            "status": status if status in SignalStatus.values else "",
            "statuses": SignalStatus.choices,
            "counts": speakup.status_counts(viewer=request.user),
            "promise_id": promise_id,
            "promises": list(_promises()),
            **SECTION,
        },
    )


def _signal_audiences(user):
    return [c for c in audience_choices(user) if not c[0].startswith("network:")]


@_members_only
def signal_new(request):
    form = SignalForm(
        request.POST if request.method == "POST" else None,
        promises=_promises(),
        audiences=_signal_audiences(request.user),
        roadmap_items=roadmap_item_choices(request.user),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            item_id = data.pop("roadmap_item")
            item = (
                roadmap_item_model().objects.filter(pk=item_id).first()
                if item_id
                else None
            )
            try:
                signal = speakup.signal_raise(
                    author=request.user, roadmap_item=item, **data
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(
                    request, _("Thank you for speaking up: your signal is raised.")
                )
                return redirect(signal.get_absolute_url())
        status = 400
    return render(
        request, "purpose/signal_form.html", {"form": form, **SECTION}, status=status
    )


def _signal_for(request, pk: int) -> Signal:
    return get_object_or_404(
        Signal.objects.visible_to(request.user).select_related(
            "promise", "author__profile", "outcome_post"
        ),
        pk=pk,
    )


@_public_page
def signal_detail(request, pk: int):
    signal = _signal_for(request, pk)
    return _render_signal(request, signal)


def _render_signal(request, signal, *, move_form=None, status=200):
    # Its author sees their own name even where it is hidden: a copy of their own.
    # Following is filled per viewer (purpose/viewer_state.py).
    page_owned_by(request, signal.author_id)
    manager = is_community_manager(request.user)
    if manager and move_form is None and speakup.NEXT_STATUSES[signal.status]:
        move_form = SignalMoveForm(statuses=_next(signal))
    return render(
        request,
        "purpose/signal_detail.html",
        {
            "signal": signal,
            "show_author": signal.author_shown_to(request.user),
            "steps": list(signal.steps.select_related("actor__profile")),
            "stories": stories_about(request.user, signal=signal),
            "move_form": move_form if manager else None,
            **SECTION,
        },
        status=status,
    )


def _next(signal):
    return [(s, SignalStatus(s).label) for s in speakup.NEXT_STATUSES[signal.status]]


@require_POST
@_members_only
def signal_follow(request, pk: int):
    signal = _signal_for(request, pk)
    now = speakup.signal_follow_toggle(signal=signal, user=request.user)
    messages.success(
        request,
        _("You follow this signal.") if now else _("You no longer follow this signal."),
    )
    return redirect_back(request, signal.get_absolute_url())


@require_POST
@_members_only
def signal_move(request, pk: int):
    signal = _signal_for(request, pk)
    if not is_community_manager(request.user):
        raise PermissionDenied(_("Only community managers move a signal along."))
    form = SignalMoveForm(request.POST, statuses=SignalStatus.choices)
    if form.is_valid():
        try:
            speakup.signal_move(signal=signal, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The signal moved on; its followers are told."))
            return redirect(signal.get_absolute_url())
    signal.refresh_from_db()
    form.fields["status"].choices = _next(signal)
    return _render_signal(request, signal, move_form=form, status=400)
