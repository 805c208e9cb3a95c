"""Views of purpose proposals"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.contributions import contribution_offer_response
from home.models import Promise, PurposePage
from intranet.paging import paged
from intranet.redirects import redirect_back

from .. import contributions
from ..forms import CommentForm, ProposalForm
from ..history import (
    published_versions,
    version_for_revision,
)
from ..models import (
    Proposal,
)
from ..services import (
    proposal_comment_create,
    proposal_create,
    proposal_support,
    proposal_support_retract,
)
from .common import (
    PAGE_SIZE,
    SECTION,
    _errors,
    _members_only,
)

# --- Proposals ----------------------------------------------------------------------


@_members_only
def proposals(request):
    status = request.GET.get("status") or ""
    qs = Proposal.objects.select_related("author", "promise")
    if status in Proposal.Status.values:
        qs = qs.filter(status=status)
    page = paged(request, qs.order_by("-created_at", "-pk"), per_page=PAGE_SIZE)
    items = list(page.object_list)
    return render(
        request,
        "purpose/proposals.html",
        {
            "proposals": items,
            "page_obj": page,
            "status": status,
            "statuses": Proposal.Status.choices,
            **SECTION,
        },
    )


@_members_only
def proposal_new(request):
    page = PurposePage.objects.live().first()
    promises = page.promises.all() if page else Promise.objects.none()
    form = ProposalForm(
        request.POST if request.method == "POST" else None, promises=promises
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = proposal_create(
                    author=request.user,
                    target=form.cleaned_data["target"],
                    promise=form.cleaned_data.get("promise"),
                    text=form.cleaned_data["text"],
                    reasoning=form.cleaned_data["reasoning"],
                    language=form.cleaned_data.get("language", ""),
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                return redirect(proposal.get_absolute_url())
        status = 400
    return render(
        request,
        "purpose/proposal_form.html",
        {"form": form, **SECTION},
        status=status,
    )


@_members_only
def proposal_detail(request, pk: int):
    proposal = get_object_or_404(
        Proposal.objects.select_related("author", "promise", "decided_by"), pk=pk
    )
    form = CommentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal_comment_create(
                    author=request.user,
                    proposal=proposal,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error("body", message)
            else:
                return redirect(proposal.get_absolute_url() + "#comments")
        status = 400
    return _render_proposal(request, proposal, form=form, status=status)


def _render_proposal(request, proposal, *, form=None, errors=(), status=200):
    published = None
    if proposal.revision_id:
        page = PurposePage.objects.live().first()
        versions = published_versions(page) if page else []
        published = version_for_revision(versions, proposal.revision_id)
    return render(
        request,
        "purpose/proposal_detail.html",
        {
            "proposal": proposal,
            "published_version": published,
            "comments": proposal.comments.select_related("author"),
            "form": form or CommentForm(),
            "errors": errors,
            **SECTION,
        },
        status=status,
    )


@require_POST
def proposal_support_view(request, pk: int):
    proposal = get_object_or_404(Proposal, pk=pk)
    if not request.user.is_authenticated:
        # Contribute first, sign up after: the support is kept through sign-up.
        if not proposal.is_open or request.POST.get("action") == "retract":
            return redirect_to_login(proposal.get_absolute_url())
        return contribution_offer_response(
            request,
            kind=contributions.SUPPORT,
            target={"proposal": proposal.pk},
            next_url=proposal.get_absolute_url(),
        )
    try:
        if request.POST.get("action") == "retract":
            proposal_support_retract(user=request.user, proposal=proposal)
        else:
            proposal_support(user=request.user, proposal=proposal)
    except ValidationError as exc:
        proposal.refresh_from_db()
        return _render_proposal(request, proposal, errors=_errors(exc), status=400)
    return redirect_back(request, proposal.get_absolute_url())
