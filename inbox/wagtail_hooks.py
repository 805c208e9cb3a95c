"""The inbox in the Wagtail admin: its pages, a menu item with the open count, a
dashboard panel, its audit-log actions, and Wagtail's page "Reports" renamed so it
is not taken for members' reports."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from . import services, views


@hooks.register("register_admin_urls")
def register_inbox_admin_urls():
    return [
        path("inbox/", views.inbox_admin, name="inbox_admin"),
        path("inbox/decide/", views.decide_admin, name="inbox_admin_decide"),
    ]


class InboxMenuItem(MenuItem):
    """ "Inbox (3)": the label carries the number of items waiting."""

    def is_shown(self, request):
        return services.may_use_inbox(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = sum(services.inbox_counts(viewer=request.user).values())
        if waiting:
            component.label = _("Inbox (%(count)s)") % {"count": waiting}
            component.attrs = {
                **component.attrs,
                "aria-label": _("Inbox: %(count)s items waiting") % {"count": waiting},
            }
        return component


@hooks.register("register_admin_menu_item")
def register_inbox_menu_item():
    return InboxMenuItem(
        _("Inbox"), reverse("inbox_admin"), name="inbox", icon_name="mail", order=50
    )


@hooks.register("construct_main_menu")
def rename_page_reports(request, menu_items):
    # Wagtail's "Reports" lists locked and ageing pages, not members' reports.
    for item in menu_items:
        if item.name == "reports":
            item.label = _("Page reports")


class InboxPanel(Component):
    name = "koers_inbox"
    order = 50
    template_name = "inbox/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        counts = services.inbox_counts(viewer=self.user)
        kinds = services.kinds_for(self.user)
        return {
            "rows": [(kind, counts.get(kind.key, 0)) for kind in kinds],
            "total": sum(counts.values()),
            "inbox_url": reverse("inbox_admin"),
        }


@hooks.register("construct_homepage_panels")
def add_inbox_panel(request, panels):
    if services.may_use_inbox(request.user):
        panels.insert(0, InboxPanel(request.user))


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    actions.register_action(
        services.DECIDE, _("Moderation decision"), _("Decided an inbox item")
    )
    actions.register_action(
        "moderation.auto_hide",
        _("Hidden after reports"),
        _("Hidden automatically after reports by several members"),
    )
