"""Wagtail pages for roadmaps and their items.

Items are child pages of their roadmap: each gets its own shareable URL
(/roadmaps/<slug>/<item-slug>/), revisions, moderation and the roadmap's
page privacy for free.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class RoadmapIndexPage(Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["roadmaps.RoadmapPage"]

    class Meta:
        verbose_name = _("roadmap index")

    def get_context(self, request, *args, **kwargs):
        from intranet.audience import pages_visible_to

        context = super().get_context(request, *args, **kwargs)
        roadmaps = RoadmapPage.objects.child_of(self).live()
        context["roadmaps"] = pages_visible_to(request.user, roadmaps)
        return context


class RoadmapPage(Page):
    intro = RichTextField(
        _("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["roadmaps.RoadmapIndexPage"]
    subpage_types = ["roadmaps.RoadmapItemPage"]

    class Meta:
        verbose_name = _("roadmap")


class RoadmapItemPage(Page):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    description = RichTextField(
        _("description"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.PLANNED,
        db_index=True,
    )
    period = models.CharField(
        _("period"),
        max_length=16,
        blank=True,
        help_text=_("A quarter (2026-Q3) or month (2026-09)."),
    )
    lane = models.CharField(_("lane"), max_length=80, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("status"),
        FieldPanel("period"),
        FieldPanel("lane"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["roadmaps.RoadmapPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")
