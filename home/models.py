"""Wagtail pages: the home page and the purpose page with its promises."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageLogEntry
from wagtail.search import index


class HomePage(Page):
    """The front door: purpose in one line, featured posts, live results."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(
        _("body"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    max_count = 1
    subpage_types = ["home.PurposePage", "roadmaps.RoadmapIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        purpose = PurposePage.objects.live().child_of(self).first()
        context["purpose_page"] = purpose
        context["promises"] = list(purpose.promises.all()) if purpose else []
        return context


class PurposePage(Page):
    """The organisation's purpose as a living document; revisions give its history."""

    statement = RichTextField(
        _("purpose statement"), features=["bold", "italic", "link", "ol", "ul"]
    )

    content_panels = Page.content_panels + [
        FieldPanel("statement"),
        InlinePanel("promises", label=_("Promises"), min_num=1),
    ]
    search_fields = Page.search_fields + [index.SearchField("statement")]
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("purpose page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["last_revised_at"] = self.last_revised_at()
        return context

    def last_revised_at(self):
        """When the wording now live was first published. A publication that changed
        nothing (a re-publish, a privacy change) does not count as a revision."""
        entries = (
            PageLogEntry.objects.filter(
                page=self, action="wagtail.publish", revision__isnull=False
            )
            .select_related("revision")
            .order_by("-timestamp", "-id")[:200]
        )
        revised, current = None, None
        for entry in entries:
            wording = _wording(entry.revision.content or {})
            if current is None:
                current = wording
            elif wording != current:
                break
            revised = entry.timestamp
        return revised or self.last_published_at


#: A promise's words in a revision: both languages since promises have two (the
#: plain ``title`` then holds whichever language the editor used, so it is left
#: out), the original fields in revisions made before.
PROMISE_WORDING = ("title_nl", "title_en", "description_nl", "description_en")
PROMISE_WORDING_BEFORE = ("title", "description")


def _wording(content: dict) -> tuple:
    promises = sorted(
        content.get("promises") or [], key=lambda p: p.get("sort_order") or 0
    )
    return (
        content.get("statement") or "",
        [
            tuple(
                p.get(key) or ""
                for key in (
                    PROMISE_WORDING if "title_en" in p else PROMISE_WORDING_BEFORE
                )
            )
            for p in promises
        ],
    )


class Promise(Orderable):
    """One of the few goals that results are reported against."""

    page = ParentalKey(PurposePage, on_delete=models.CASCADE, related_name="promises")
    title = models.CharField(_("title"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("title_nl", heading=_("Title in Dutch")),
        FieldPanel("title_en", heading=_("Title in English")),
        FieldPanel("slug"),
        FieldPanel("description_nl", heading=_("Description in Dutch")),
        FieldPanel("description_en", heading=_("Description in English")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("promise")
        verbose_name_plural = _("promises")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:120]
        super().save(*args, **kwargs)
