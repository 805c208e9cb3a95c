"""Wagtail admin view for deciding a proposal: adopt or decline, with a reason."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from home.models import PurposePage
from intranet.audience import community_managers_only

from .models import Proposal
from .services import proposal_decide


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (shown with the proposal)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


@community_managers_only
def proposal_decide_view(request, pk, decision):
    if decision not in ("adopt", "decline"):
        raise Http404
    proposal = get_object_or_404(Proposal.objects.select_related("promise"), pk=pk)
    status = (
        Proposal.Status.ADOPTED if decision == "adopt" else Proposal.Status.DECLINED
    )
    form = DecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_decide(
                proposal=proposal,
                status=status,
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("reason", message)
        else:
            if status == Proposal.Status.ADOPTED and proposal.revision_id:
                messages.success(
                    request,
                    _(
                        "Proposal adopted: a draft of the purpose page with the "
                        "proposed text waits for your review. Publish it to make "
                        "the change."
                    ),
                )
                return redirect("wagtailadmin_pages:edit", proposal.revision.object_id)
            messages.success(request, _("Proposal declined."))
            return redirect("wagtailsnippets_purpose_proposal:list")
    page = PurposePage.objects.first()
    return TemplateResponse(
        request,
        "purpose/admin/proposal_decide.html",
        {
            "proposal": proposal,
            "form": form,
            "adopt": status == Proposal.Status.ADOPTED,
            "purpose_page": page,
        },
    )
