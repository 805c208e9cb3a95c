"""Wagtail admin views for curation: deciding role claims and merging competences."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from intranet.audience import community_managers_only

from . import services
from .models import Competence, RoleClaim


class ClaimDecisionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the member)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=gettext_lazy("Merge into"),
        queryset=Competence.objects.all(),
        help_text=gettext_lazy(
            "Everyone who declared, endorsed or wants to learn the competence on "
            "the left keeps it, under this name."
        ),
    )


@community_managers_only
def claim_decide(request, pk, decision):
    claim = get_object_or_404(
        RoleClaim.objects.select_related("profile", "role"), pk=pk
    )
    approve = decision == "approve"
    form = ClaimDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.role_claim_decide(
                claim=claim,
                decided_by=request.user,
                approve=approve,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                (
                    _("%(member)s now holds the role %(role)s; they were e-mailed.")
                    if approve
                    else _(
                        "The claim of %(member)s for %(role)s was declined; they were e-mailed."
                    )
                )
                % {"member": claim.profile.display_name, "role": claim.role.name},
            )
        return redirect("wagtailsnippets_profiles_roleclaim:list")
    return TemplateResponse(
        request,
        "profiles/admin/claim_decide.html",
        {"claim": claim, "form": form, "approve": approve},
    )


@community_managers_only
def competence_merge(request, pk):
    source = get_object_or_404(Competence, pk=pk)
    form = MergeForm(request.POST or None)
    form.fields["target"].queryset = Competence.objects.exclude(pk=source.pk)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            services.competence_merge(source=source, target=target)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("“%(source)s” was merged into “%(target)s”.")
                % {"source": source.name, "target": target.name},
            )
            return redirect("wagtailsnippets_profiles_competence:list")
    return TemplateResponse(
        request,
        "profiles/admin/competence_merge.html",
        {"source": source, "form": form},
    )
