"""Wagtail admin for the feed: posts to curate, the reports queue, audit-log action names."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Post, Report


class ActionsColumn(Column):
    cell_template_name = "feed/admin/actions_cell.html"

    def __init__(self, name, actions, *, when=None, **kwargs):
        super().__init__(name, **kwargs)
        self.actions = actions
        self.when = when

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        show = self.when is None or self.when(instance)
        context["links"] = (
            [(label, reverse(name, args=[instance.pk])) for label, name in self.actions]
            if show
            else []
        )
        return context


class ReportViewSet(SnippetViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Report history")
    list_display = [
        "__str__",
        "reason",
        "status",
        "created_at",
        ActionsColumn(
            "decide",
            [
                (_("Hide"), "feed_admin_report_hide"),
                (_("Dismiss"), "feed_admin_report_dismiss"),
            ],
            label=_("Decide"),
            when=lambda report: report.status == Report.Status.OPEN,
        ),
    ]
    list_filter = ["status"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return Report.objects.select_related("post", "comment").order_by(
            "status", "-created_at"
        )


class PostViewSet(SnippetViewSet):
    model = Post
    icon = "doc-full"
    menu_label = _("Posts")
    list_display = [
        "__str__",
        "author",
        "audience",
        "created_at",
        BooleanColumn("featured", label=_("Featured")),
        "pinned_until",
    ]
    list_filter = ["kind", "audience", "featured"]
    search_fields = ["body"]
    panels = [
        FieldPanel("pinned_until"),
        FieldPanel("featured"),
        FieldPanel("comments_locked"),
    ]

    def get_queryset(self, request):
        return Post.objects.select_related("author")


class FeedGroup(SnippetViewSetGroup):
    menu_label = _("Feed")
    menu_icon = "list-ul"
    menu_order = 260
    items = (ReportViewSet, PostViewSet)


register_snippet(FeedGroup)


@hooks.register("register_admin_urls")
def register_feed_admin_urls():
    return [
        path(
            "feed/reports/<int:pk>/hide/",
            admin_views.report_decide,
            {"decision": "hide"},
            name="feed_admin_report_hide",
        ),
        path(
            "feed/reports/<int:pk>/dismiss/",
            admin_views.report_decide,
            {"decision": "dismiss"},
            name="feed_admin_report_dismiss",
        ),
    ]


@hooks.register("register_log_actions")
def register_feed_log_actions(actions):
    for action, label, message in [
        ("feed.pin", _("Pin post"), _("Pinned the post")),
        ("feed.unpin", _("Unpin post"), _("Unpinned the post")),
        ("feed.feature", _("Feature post"), _("Featured the post on the home page")),
        ("feed.unfeature", _("Stop featuring post"), _("Stopped featuring the post")),
        ("feed.lock", _("Lock comments"), _("Locked the comments")),
        ("feed.unlock", _("Open comments"), _("Opened the comments")),
        ("feed.hide", _("Hide post"), _("Hid the post")),
        ("feed.unhide", _("Show post again"), _("Showed the post again")),
        ("feed.delete", _("Delete post"), _("Deleted the post")),
        ("feed.report_resolve", _("Decide report"), _("Decided a report")),
        ("feed.comment_hide", _("Hide comment"), _("Hid the comment")),
        ("feed.comment_unhide", _("Show comment again"), _("Showed the comment again")),
    ]:
        actions.register_action(action, label, message)
