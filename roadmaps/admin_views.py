"""Wagtail admin screens for community managers: volunteers waiting, the moderation
queue of first contributions, and turning ideas into roadmap items."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intranet.audience import is_community_manager

from . import services
from .models import IdeaProposal, ItemComment, Moderation, Status, Volunteer
from .selectors import item_titles_in_context


def _require_manager(request):
    if not is_community_manager(request.user):
        raise PermissionDenied


def volunteers_waiting(request):
    _require_manager(request)
    volunteers = list(
        Volunteer.objects.filter(status=Volunteer.Decision.PENDING)
        .select_related("user__profile", "role__item")
        .order_by("created_at")[:200]
    )
    titles = item_titles_in_context({v.role.item for v in volunteers})
    for volunteer in volunteers:
        volunteer.item_title = titles[volunteer.role.item_id]  # "Roadmap › Item"
    return TemplateResponse(
        request, "roadmaps/admin/volunteers.html", {"volunteers": volunteers}
    )


@require_POST
def volunteer_decide(request, pk):
    _require_manager(request)
    volunteer = get_object_or_404(Volunteer, pk=pk)
    try:
        services.volunteer_decide(
            volunteer=volunteer,
            by=request.user,
            accept=request.POST.get("decision") == "accept",
        )
        messages.success(
            request, _("Answer sent to %(name)s.") % {"name": volunteer.user}
        )
    except services.RoadmapError as exc:
        messages.error(request, exc.message)
    return redirect("roadmaps_admin:volunteers")


def moderation_queue(request):
    _require_manager(request)
    comments = (
        ItemComment.objects.filter(moderation=Moderation.PENDING)
        .select_related("author__profile", "item", "proposal")
        .order_by("created_at")[:200]
    )
    pending = (
        IdeaProposal.objects.filter(state=IdeaProposal.State.PENDING)
        .select_related("author__profile", "roadmap")
        .order_by("created_at")[:200]
    )
    open_ideas = (
        IdeaProposal.objects.filter(state=IdeaProposal.State.OPEN)
        .select_related("author__profile", "roadmap")
        .order_by("-created_at")[:200]
    )
    pending, open_ideas = list(pending), list(open_ideas)
    _attach_merge_choices([*pending, *open_ideas])
    return TemplateResponse(
        request,
        "roadmaps/admin/moderation.html",
        {
            "comments": comments,
            "pending_ideas": pending,
            "open_ideas": open_ideas,
            "statuses": Status.choices,
        },
    )


def _attach_merge_choices(ideas) -> None:
    """Give each idea the ideas of its roadmap it may be merged into (one query)."""
    targets: dict[int, list] = {}
    kept = IdeaProposal.objects.filter(
        roadmap_id__in={idea.roadmap_id for idea in ideas},
        state__in=services.MERGE_TARGET_STATES,
    ).order_by("title", "pk")
    for target in kept[:1000]:
        targets.setdefault(target.roadmap_id, []).append(target)
    for idea in ideas:
        idea.merge_choices = [
            t for t in targets.get(idea.roadmap_id, []) if t.pk != idea.pk
        ]


@require_POST
def idea_merge(request, pk):
    """Merge a duplicate idea into another of its roadmap; the votes move along."""
    _require_manager(request)
    duplicate = get_object_or_404(IdeaProposal, pk=pk)
    into = IdeaProposal.objects.filter(
        pk=_int(request.POST.get("into")), roadmap_id=duplicate.roadmap_id
    ).first()
    if into is None:
        messages.error(request, _("Choose the idea to merge this one into."))
        return redirect("roadmaps_admin:moderation")
    try:
        services.proposal_merge(duplicate=duplicate, into=into, by=request.user)
    except services.RoadmapError as exc:
        messages.error(request, exc.message)
        return redirect("roadmaps_admin:moderation")
    messages.success(
        request,
        _("“%(duplicate)s” is merged into “%(kept)s”; its votes moved along.")
        % {"duplicate": duplicate.title, "kept": into.title},
    )
    return redirect("roadmaps_admin:moderation")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@require_POST
def moderate(request, kind, pk):
    _require_manager(request)
    model = {"comment": ItemComment, "idea": IdeaProposal}.get(kind)
    if model is None:
        raise PermissionDenied
    contribution = get_object_or_404(model, pk=pk)
    try:
        services.contribution_moderate(
            moderator=request.user,
            contribution=contribution,
            publish=request.POST.get("decision") == "publish",
        )
        messages.success(request, _("Done."))
    except services.RoadmapError as exc:
        messages.error(request, exc.message)
    return redirect("roadmaps_admin:moderation")


@require_POST
def idea_convert(request, pk):
    _require_manager(request)
    proposal = get_object_or_404(IdeaProposal, pk=pk)
    try:
        item = services.proposal_convert(
            proposal=proposal,
            by=request.user,
            status=request.POST.get("status", Status.IDEA),
            lane=request.POST.get("lane", "")[:80],
        )
    except services.RoadmapError as exc:
        messages.error(request, exc.message)
        return redirect("roadmaps_admin:moderation")
    messages.success(
        request, _("“%(title)s” is now a roadmap item.") % {"title": item.title}
    )
    return redirect("wagtailadmin_pages:edit", item.pk)
