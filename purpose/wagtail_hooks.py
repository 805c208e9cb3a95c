"""Wagtail admin for the purpose: deciding proposals, running Purpose Index rounds.

Responses and answers are deliberately not registered: individual answers are
never shown to anyone but the respondent, not even to administrators.
"""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Proposal, PurposeIndexRound, PurposeIndexStatement


class NoAddPolicy(ModelPermissionPolicy):
    """Proposals come from members on the site; the admin only decides them."""

    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SiteLinkColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            instance.get_absolute_url(),
            _("View on site"),
        )


class DecideColumn(Column):
    """Adopt / Decline buttons on open proposals, leading to the decision form."""

    cell_template_name = "purpose/admin/actions_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["links"] = (
            [
                (
                    _("Adopt"),
                    reverse("purpose_admin_decide", args=[instance.pk, "adopt"]),
                ),
                (
                    _("Decline"),
                    reverse("purpose_admin_decide", args=[instance.pk, "decline"]),
                ),
            ]
            if instance.is_open
            else []
        )
        return context


class ProposalViewSet(SnippetViewSet):
    model = Proposal
    icon = "doc-full-inverse"
    menu_label = _("Proposals")
    list_display = [
        "__str__",
        "target",
        "status",
        "support_count",
        "comment_count",
        "author",
        "created_at",
        SiteLinkColumn("site", label=_("On the site")),
        DecideColumn("decide", label=_("Decide")),
    ]
    list_filter = ["status", "target"]
    search_fields = ["text", "reasoning"]
    ordering = ["status", "-support_count", "-created_at"]

    def get_queryset(self, request):
        return Proposal.objects.select_related("author", "promise")


class RoundViewSet(SnippetViewSet):
    model = PurposeIndexRound
    icon = "list-ol"
    menu_label = _("Purpose Index rounds")
    list_display = ["title", "opens_at", "closes_at"]


class StatementViewSet(SnippetViewSet):
    model = PurposeIndexStatement
    icon = "list-ul"
    menu_label = _("Purpose Index statements")
    list_display = ["text", "dimension", "round", "order"]
    list_filter = ["dimension", "round"]


class PurposeGroup(SnippetViewSetGroup):
    menu_label = _("Purpose")
    menu_icon = "pick"
    menu_order = 250
    items = (ProposalViewSet, RoundViewSet, StatementViewSet)


register_permission_policy(Proposal, NoAddPolicy(Proposal))
register_snippet(PurposeGroup)


@hooks.register("register_admin_urls")
def register_decide_url():
    return [
        path(
            "purpose/proposals/<int:pk>/<str:decision>/",
            admin_views.proposal_decide_view,
            name="purpose_admin_decide",
        )
    ]


@hooks.register("after_edit_snippet")
def stamp_proposal_decision(request, instance):
    """Record who decided a proposal, and when, the moment its status leaves open."""
    if not isinstance(instance, Proposal):
        return
    if instance.status == Proposal.Status.OPEN:
        if instance.decided_at:
            Proposal.objects.filter(pk=instance.pk).update(
                decided_at=None, decided_by=None
            )
        return
    if instance.decided_at is None:
        Proposal.objects.filter(pk=instance.pk).update(
            decided_at=timezone.now(), decided_by=request.user
        )
