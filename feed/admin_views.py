"""Wagtail admin views for moderation: deciding a report (hide the content, or dismiss)."""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from intranet.audience import community_managers_only

from . import services
from .models import Report


class ReportDecisionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (sent to the author when hiding)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@community_managers_only
def report_decide(request, pk, decision):
    report = get_object_or_404(
        Report.objects.select_related("post", "comment__post", "reporter"), pk=pk
    )
    hide = decision == "hide"
    form = ReportDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_resolve(
                report=report,
                actor=request.user,
                hide=hide,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Content hidden.") if hide else _("Report dismissed.")
            )
            return redirect("wagtailsnippets_feed_report:list")
    return TemplateResponse(
        request,
        "feed/admin/report_decide.html",
        {"report": report, "form": form, "hide": hide},
    )
