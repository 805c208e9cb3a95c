"""Views of teams and their reflections: the team page, opening a round, reflecting.

A team's pages answer 404 to anyone outside the team (its reflections are its own).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.models import Promise, PurposePage
from intranet.viewer_state import personal
from profiles.models import Network

from .. import reflections
from ..forms import OpenRoundForm, ReflectionForm
from ..models import ReflectionRound, TeamReflection
from ..stories import stories_about
from .common import SECTION, _errors, _members_only


def _team_for(request, slug: str) -> Network:
    team = get_object_or_404(Network, slug=slug, is_team=True)
    if not reflections.is_team_member(team=team, user=request.user):
        raise Http404
    return team


def _promises():
    page = PurposePage.objects.live().first()
    return page.promises.all() if page else Promise.objects.none()


@personal
@_members_only
def team_page(request, slug: str):
    team = _team_for(request, slug)
    return _render_team(request, team)


def _render_team(request, team, *, form=None, status=200):
    is_lead = reflections.is_team_lead(team=team, user=request.user)
    rounds = list(
        ReflectionRound.objects.visible_to(request.user)
        .filter(team=team)
        .select_related("promise")
        .order_by("-period_start", "promise__sort_order")[:24]
    )
    return render(
        request,
        "purpose/team.html",
        {
            "team": team,
            "is_lead": is_lead,
            "members": list(reflections.team_members(team)),
            "trends": reflections.team_trend(team=team, viewer=request.user),
            "actions": reflections.team_actions(team=team, viewer=request.user),
            "rounds": rounds,
            "open_form": (form or OpenRoundForm(promises=_promises()))
            if is_lead
            else None,
            **SECTION,
        },
        status=status,
    )


@require_POST
@_members_only
def team_open_round(request, slug: str):
    team = _team_for(request, slug)
    if not reflections.is_team_lead(team=team, user=request.user):
        raise Http404
    form = OpenRoundForm(request.POST, promises=_promises())
    if form.is_valid():
        try:
            round_ = reflections.reflection_round_open(
                team=team,
                promise=form.cleaned_data["promise"],
                by=request.user,
                share_actions=form.cleaned_data["share_actions"],
            )
        except PermissionDenied as exc:
            raise Http404 from exc
        except ValidationError as exc:
            for message in _errors(exc):
                form.add_error(None, message)
        else:
            messages.success(request, _("The reflection is open; the team is told."))
            return redirect(round_.get_absolute_url())
    return _render_team(request, team, form=form, status=400)


def _round_for(request, pk: int) -> ReflectionRound:
    return get_object_or_404(
        ReflectionRound.objects.visible_to(request.user).select_related(
            "team", "promise"
        ),
        pk=pk,
    )


@personal
@_members_only
def reflection_round(request, pk: int):
    round_ = _round_for(request, pk)
    members = reflections.team_members(round_.team)
    mine = TeamReflection.objects.filter(round=round_, member=request.user).first()
    form = None
    status = 200
    if request.method == "POST":
        form = ReflectionForm(request.POST, members=members)
        if form.is_valid():
            try:
                reflections.reflection_submit(
                    round=round_, member=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                messages.success(request, _("Thank you: your reflection is saved."))
                return redirect(_team_url(round_))
        status = 400
    elif round_.is_open and mine is None:
        form = ReflectionForm(members=members)
    [detail] = reflections.round_detail(round=round_)
    return render(
        request,
        "purpose/reflection_round.html",
        {
            "round": round_,
            "team": round_.team,
            "form": form,
            "mine": mine,
            "reflections": list(detail.reflections.all()),
            "stories": stories_about(request.user, reflection_round=round_),
            "is_lead": reflections.is_team_lead(team=round_.team, user=request.user),
            **SECTION,
        },
        status=status,
    )


def _team_url(round_) -> str:
    return reverse("purpose:team", kwargs={"slug": round_.team.slug})


@require_POST
@_members_only
def reflection_round_close(request, pk: int):
    round_ = _round_for(request, pk)
    try:
        reflections.reflection_round_close(round=round_, by=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The reflection is closed."))
    return redirect(round_.get_absolute_url())
