"""Views of intervision (thin: parse, call a service, render). Everything answers
404 to anyone outside the circle (before any other answer, a 405 included, so
nothing tells an outsider a session exists), and a visitor is asked to sign in."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from intranet.audience import is_employee
from intranet.strict_input import parse_id

from . import selectors, services
from .forms import (
    CircleForm,
    ContributionForm,
    LearningEntryForm,
    MoveForm,
    PublishForm,
    SessionForm,
)
from .models import IntervisionSession, LearningEntry
from .phases import HINTS, ORDER, Phase, may_contribute, next_phase

SECTION = {"koers_section": "circles"}


def _messages(exc: Exception) -> list[str]:
    if isinstance(exc, ValidationError):
        if hasattr(exc, "message_dict"):
            return [m for ms in exc.message_dict.values() for m in ms]
        return list(exc.messages)
    return [str(exc) or _("You cannot do that here.")]


@login_required
def circles(request):
    return render(
        request,
        "intervision/circles.html",
        {
            "circles": list(selectors.circles_of(request.user)),
            "sessions": list(selectors.upcoming_sessions(request.user)),
            **SECTION,
        },
    )


@login_required
def circle_new(request):
    form = CircleForm(request.POST or None, creator=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                circle = services.circle_create(
                    creator=request.user,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    members=form.cleaned_data["members"],
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in _messages(exc):
                    form.add_error(None, message)
            else:
                return redirect(circle)
        status = 400
    return render(
        request,
        "intervision/circle_form.html",
        {"form": form, **SECTION},
        status=status,
    )


@login_required
def circle_detail(request, pk: int):
    circle = selectors.circle_for(request.user, pk)
    return render(
        request,
        "intervision/circle_detail.html",
        {
            "circle": circle,
            "members": [m.user for m in circle.memberships.all()],
            "sessions": list(selectors.sessions_of(circle)),
            **SECTION,
        },
    )


@login_required
def circle_leave(request, pk: int):
    circle = selectors.circle_for(request.user, pk)
    if request.method != "POST":
        return render(
            request, "intervision/circle_leave.html", {"circle": circle, **SECTION}
        )
    try:
        services.circle_leave(circle=circle, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return render(
            request,
            "intervision/circle_leave.html",
            {"circle": circle, "errors": _messages(exc), **SECTION},
            status=400,
        )
    return redirect("intervision:circles")


@login_required
def session_new(request, pk: int):
    circle = selectors.circle_for(request.user, pk)
    members = (
        get_user_model()
        .objects.filter(circle_memberships__circle=circle)
        .select_related("profile")
        .order_by("username")
    )
    form = SessionForm(request.POST or None, members=members)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                session = services.session_schedule(
                    circle=circle, actor=request.user, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in _messages(exc):
                    form.add_error(None, message)
            else:
                return redirect(session)
        status = 400
    return render(
        request,
        "intervision/session_form.html",
        {"form": form, "circle": circle, **SECTION},
        status=status,
    )


def _session_page(request, session, *, status=200, errors=(), contribution_form=None):
    user = request.user
    is_case_holder = session.case_holder_id == user.pk
    upcoming = next_phase(session.phase)
    writable = [
        phase for phase in ORDER if may_contribute(phase, is_case_holder=is_case_holder)
    ]
    return render(
        request,
        "intervision/session_detail.html",
        {
            "session": session,
            "circle": session.circle,
            "steps": [(phase, HINTS[phase]) for phase in ORDER],
            "current": Phase(session.phase),
            "hint": HINTS[Phase(session.phase)],
            "next": Phase(upcoming) if upcoming else None,
            "grouped": selectors.contributions_by_phase(session),
            "is_facilitator": session.facilitator_id == user.pk,
            "is_case_holder": is_case_holder,
            "writable": " ".join(writable),
            "can_write": session.phase in writable,
            "contribution_form": contribution_form
            or ContributionForm(initial={"phase": session.phase}),
            "learning_form": LearningEntryForm(),
            "errors": errors,
            **SECTION,
        },
        status=status,
    )


@login_required
def session_detail(request, pk: int):
    return _session_page(request, selectors.session_for(request.user, pk))


@login_required
def session_move(request, pk: int):
    session = selectors.session_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _session_page(
            request,
            session,
            status=400,
            errors=[_("Say which phase the session moves from and to.")],
        )
    try:
        services.session_move_phase(
            session=session,
            actor=request.user,
            from_phase=form.cleaned_data["from_phase"],
            to_phase=form.cleaned_data["to_phase"],
        )
    except (ValidationError, PermissionDenied) as exc:
        status = 403 if isinstance(exc, PermissionDenied) else 400
        session = selectors.session_for(request.user, pk)
        return _session_page(request, session, status=status, errors=_messages(exc))
    return redirect(f"{session.get_absolute_url()}#phase")


@login_required
def session_contribute(request, pk: int):
    session = selectors.session_for(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            contribution = services.contribution_add(
                session=session,
                author=request.user,
                phase=form.cleaned_data["phase"],
                body=form.cleaned_data["body"],
            )
        except (ValidationError, PermissionDenied) as exc:
            status = 403 if isinstance(exc, PermissionDenied) else 400
            session = selectors.session_for(request.user, pk)
            return _session_page(
                request,
                session,
                status=status,
                errors=_messages(exc),
                contribution_form=form,
            )
        return redirect(f"{session.get_absolute_url()}#contribution-{contribution.pk}")
    return _session_page(
        request,
        session,
        status=400,
        errors=[e for es in form.errors.values() for e in es],
        contribution_form=form,
    )


@login_required
def session_publish(request, pk: int):
    session = selectors.session_for(request.user, pk)
    if session.case_holder_id != request.user.pk:
        raise Http404
    form = PublishForm(request.POST or None)
    if not is_employee(request.user):
        form.fields["audience"].choices = form.fields["audience"].choices[:1]
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                post = services.learning_publish(
                    session=session, actor=request.user, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in _messages(exc):
                    form.add_error(None, message)
            else:
                return redirect(post.get_absolute_url())
        status = 400
    return render(
        request,
        "intervision/session_publish.html",
        {"session": session, "form": form, **SECTION},
        status=status,
    )


@login_required
def learning_log(request):
    form = LearningEntryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        session = None
        session_id = parse_id(request.POST.get("session", ""))
        if session_id is not None:
            session = (
                IntervisionSession.objects.visible_to(request.user)
                .filter(pk=session_id)
                .first()
            )
        if form.is_valid():
            try:
                services.learning_entry_add(
                    owner=request.user, text=form.cleaned_data["text"], session=session
                )
            except (ValidationError, PermissionDenied) as exc:
                for message in _messages(exc):
                    form.add_error(None, message)
            else:
                return redirect("intervision:learning")
        status = 400
    entries = list(selectors.learning_log(request.user))
    visible = set(
        IntervisionSession.objects.visible_to(request.user)
        .filter(pk__in={e.session_id for e in entries if e.session_id})
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "intervision/learning_log.html",
        {"entries": entries, "visible_sessions": visible, "form": form, **SECTION},
        status=status,
    )


@login_required
def learning_delete(request, pk: int):
    entry = get_object_or_404(LearningEntry.objects.visible_to(request.user), pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.learning_entry_delete(entry=entry, owner=request.user)
    return redirect("intervision:learning")
