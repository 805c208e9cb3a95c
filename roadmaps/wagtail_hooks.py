"""Wagtail admin for roadmaps: the queues community managers work through.

Items and their open roles are edited as child pages of a roadmap (open
roles inline on the item), so they get revisions, moderation workflows and
the roadmap's privacy; these screens add what pages cannot show: people
waiting for an answer.
"""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from intranet.audience import is_community_manager

from . import admin_views

admin_urls = [
    path("volunteers/", admin_views.volunteers_waiting, name="volunteers"),
    path(
        "volunteers/<int:pk>/decide/",
        admin_views.volunteer_decide,
        name="volunteer_decide",
    ),
    path("moderation/", admin_views.moderation_queue, name="moderation"),
    path("moderation/<str:kind>/<int:pk>/", admin_views.moderate, name="moderate"),
    path("ideas/<int:pk>/convert/", admin_views.idea_convert, name="idea_convert"),
    path("ideas/<int:pk>/merge/", admin_views.idea_merge, name="idea_merge"),
]


@hooks.register("register_admin_urls")
def register_roadmap_admin_urls():
    return [path("roadmaps/", include((admin_urls, "roadmaps_admin")))]


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_community_manager(request.user)


@hooks.register("register_admin_menu_item")
def register_open_ideas_menu_item():
    # Decisions (volunteers, first ideas and comments) live in the inbox; this
    # screen remains for turning open ideas into roadmap items.
    return ManagerMenuItem(
        _("Open ideas"),
        reverse("roadmaps_admin:moderation"),
        icon_name="pick",
        order=311,
    )
