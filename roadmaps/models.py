"""Wagtail pages for roadmaps and their items, and what members do with them.

Items are child pages of their roadmap: each gets its own shareable URL
(/roadmaps/<slug>/<item-slug>/), revisions, moderation and the roadmap's
page privacy for free. Open roles are edited inline on the item page
(an InlinePanel); votes, follows, comments, volunteers and idea proposals
are plain models that point at the pages.
"""

from __future__ import annotations

import calendar
import datetime
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from intranet.audience import is_community_manager
from intranet.language import ContentLanguageField

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class Status(models.TextChoices):
    """An item's status; the board shows one column per status, in this order."""

    IDEA = "idea", _("Idea")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class RoutedPage(RoutablePageMixin):
    """A page whose sub-URLs come from a route table (``roadmaps/routes.py``).

    Wagtail's ``@path`` methods would make the model import its views; instead
    ``RoadmapsConfig.ready`` attaches the table, and Wagtail resolves it exactly
    as it resolves decorated methods (page privacy and serve hooks included).
    """

    subpage_routes: tuple = ()

    @classmethod
    def attach_routes(cls, routes) -> None:
        cls.subpage_routes = tuple(routes)
        # Wagtail caches the resolver per class on first use.
        if "_routablepage_urlresolver" in cls.__dict__:
            del cls._routablepage_urlresolver

    @classmethod
    def get_subpage_urls(cls):
        return cls.subpage_routes

    def sub_url(self, name: str, *args, **kwargs) -> str:
        return self.url + self.reverse_subpage(name, args=args, kwargs=kwargs)


class RoadmapIndexPage(RoutedPage, Page):
    intro = models.CharField(_("introduction"), max_length=300, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["roadmaps.RoadmapPage"]

    class Meta:
        verbose_name = _("roadmap index")


class RoadmapPage(RoutedPage, Page):
    """One roadmap: its introduction, lanes, the promises it serves and an owner.

    Sub-URLs (board, timeline, what changed, Atom feed, ideas) are routes of
    this page, so Wagtail's page privacy and the staff-404 hook guard them all.
    """

    intro = RichTextField(_("summary"), blank=True, features=RICH_FEATURES)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", label=_("Heading"))),
            ("paragraph", blocks.RichTextBlock(features=RICH_FEATURES)),
            ("quote", blocks.BlockQuoteBlock(label=_("Quote"))),
        ],
        verbose_name=_("introduction"),
        blank=True,
        use_json_field=True,
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_roadmaps",
    )
    promises = ParentalManyToManyField(
        "home.Promise",
        verbose_name=_("promises it serves"),
        blank=True,
        related_name="roadmaps",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("owner_user"),
        FieldPanel("promises", widget=forms.CheckboxSelectMultiple),
        InlinePanel("lanes", label=_("Lanes")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["roadmaps.RoadmapIndexPage"]
    subpage_types = ["roadmaps.RoadmapItemPage"]
    #: Read with the page when it is served (intranet/page_routing.py): the header
    #: names the owner.
    serve_select_related = ("owner_user__profile",)

    class Meta:
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")

    @property
    def index_url(self) -> str:
        """The roadmap index's URL (the tree parent's) without reading the parent:
        a roadmap's URL is its index's plus its own slug."""
        url = self.url or ""
        return url[: len(url) - len(self.slug) - 1]


class RoadmapLane(Orderable):
    """A lane or theme of a roadmap; items name their lane."""

    page = ParentalKey(RoadmapPage, on_delete=models.CASCADE, related_name="lanes")
    name = models.CharField(_("name"), max_length=80)

    panels = [
        FieldPanel("name_nl", heading=_("Name in Dutch")),
        FieldPanel("name_en", heading=_("Name in English")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("lane")
        verbose_name_plural = _("lanes")

    def __str__(self):
        return self.name


class RoadmapItemPage(RoutedPage, Page):
    # Kept as an attribute so existing code (and the feed) can say RoadmapItemPage.Status.
    Status = Status

    description = RichTextField(_("description"), blank=True, features=RICH_FEATURES)
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
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_roadmap_items",
    )
    # What the organisation says about the item (Fider/Canny's "official response"):
    # shown above the discussion, marked as the owner's word.
    official_response = RichTextField(
        _("official response"), blank=True, features=RICH_FEATURES
    )
    # The status followers last heard about: a publish that changes it is news.
    announced_status = models.CharField(max_length=16, blank=True, editable=False)
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("status"), FieldPanel("period")]),
                FieldRowPanel([FieldPanel("lane"), FieldPanel("owner_user")]),
            ],
            heading=_("Planning"),
        ),
        FieldPanel("official_response"),
        InlinePanel("open_roles", label=_("Open roles")),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.FilterField("status"),
    ]
    parent_page_types = ["roadmaps.RoadmapPage"]
    subpage_types = []
    serve_select_related = ("owner_user__profile",)  # the page names its owner

    class Meta:
        verbose_name = _("roadmap item")
        verbose_name_plural = _("roadmap items")

    def clean(self):
        super().clean()
        period = (self.period or "").strip().upper()
        if period and not _valid_period(period):
            raise ValidationError(
                {"period": _("Use a quarter like 2026-Q3 or a month like 2026-09.")}
            )
        self.period = period

    #: Statuses that promise a date: past it, the item is marked as late.
    SCHEDULED = (Status.PLANNED, Status.IN_PROGRESS)

    def is_past_due(self, today: datetime.date | None = None) -> bool:
        """Planned (or under way) and its period has ended: the board, timeline and
        item page say so in words, so a reader never trusts a date that passed."""
        return is_past_due(self.status, self.period, today)

    @property
    def past_due(self) -> bool:
        return self.is_past_due()


def is_past_due(status: str, period: str, today: datetime.date | None = None) -> bool:
    """An item with this status and period is late (``RoadmapItemPage.is_past_due``)."""
    if status not in RoadmapItemPage.SCHEDULED:
        return False
    end = period_end(period)
    return end is not None and end < (today or timezone.localdate())


def _valid_period(period: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-(Q[1-4]|0[1-9]|1[0-2])", period))


def period_end(period: str) -> datetime.date | None:
    """The last day of a period (2026-Q3 → 30 September 2026), None if unscheduled."""
    period = (period or "").strip().upper()
    if not _valid_period(period):
        return None
    year, part = int(period[:4]), period[5:]
    month = int(part[1]) * 3 if part.startswith("Q") else int(part)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


class OpenRole(Orderable):
    """A role an item is looking for: "a tester", "a designer"."""

    item = ParentalKey(
        RoadmapItemPage, on_delete=models.CASCADE, related_name="open_roles"
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    needed = models.PositiveSmallIntegerField(_("how many"), default=1)
    is_open = models.BooleanField(
        _("open"), default=True, help_text=_("Closed roles take no new volunteers.")
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("needed")]),
        FieldPanel("description"),
        FieldPanel("is_open"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("open role")
        verbose_name_plural = _("open roles")

    def __str__(self):
        return self.title


class Volunteer(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    role = models.ForeignKey(
        OpenRole, on_delete=models.CASCADE, related_name="volunteers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roadmap_volunteering",
    )
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Decision.choices,
        default=Decision.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["role", "user"], name="one_volunteer_per_role"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.role}"


class ItemFollow(models.Model):
    item = models.ForeignKey(
        RoadmapItemPage, on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roadmap_follows",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("item follower")
        verbose_name_plural = _("item followers")
        constraints = [
            models.UniqueConstraint(fields=["item", "user"], name="one_follow_per_item")
        ]


class Moderation(models.TextChoices):
    """First contributions of new external members wait for a community manager."""

    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")


class IdeaProposalQuerySet(models.QuerySet):
    def owned_beyond_audience(self, user):
        """Their own ideas waiting for moderation: only they (and the community
        managers, who see every waiting idea) see them (intranet.audience)."""
        if not getattr(user, "is_authenticated", False) or is_community_manager(user):
            return self.none()
        return self.filter(author=user, state=IdeaProposal.State.PENDING)


class IdeaProposal(models.Model):
    """An idea a member proposes for a roadmap; a manager may turn it into an item."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        OPEN = "open", _("Open for votes")
        CONVERTED = "converted", _("Turned into an item")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged into another idea")

    roadmap = models.ForeignKey(
        RoadmapPage, on_delete=models.CASCADE, related_name="proposals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roadmap_proposals",
    )
    title = models.CharField(_("title"), max_length=140)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    state = models.CharField(
        _("state"),
        max_length=16,
        choices=State.choices,
        default=State.PENDING,
        db_index=True,
    )
    item = models.ForeignKey(
        RoadmapItemPage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_proposals",
        verbose_name=_("item"),
    )
    # A duplicate a manager merged: its votes moved to this idea, its page points here.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_duplicates",
        verbose_name=_("merged into"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: The language it is written in (intranet/language.py).
    language = ContentLanguageField()

    objects = IdeaProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("idea proposal")
        verbose_name_plural = _("idea proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class Vote(models.Model):
    """One member's vote on an item or an idea. An idea's votes follow it to its item."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roadmap_votes"
    )
    item = models.ForeignKey(
        RoadmapItemPage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="votes",
    )
    proposal = models.ForeignKey(
        IdeaProposal,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="votes",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False) | Q(proposal__isnull=False),
                name="vote_has_target",
            ),
            models.UniqueConstraint(
                fields=["user", "item"],
                condition=Q(item__isnull=False),
                name="one_vote_per_item",
            ),
            models.UniqueConstraint(
                fields=["user", "proposal"],
                condition=Q(proposal__isnull=False),
                name="one_vote_per_proposal",
            ),
        ]


class ItemCommentQuerySet(models.QuerySet):
    def owned_beyond_audience(self, user):
        """Their own comments waiting for moderation: shown only to them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(author=user, moderation=Moderation.PENDING)


class ItemComment(models.Model):
    """A comment on an item or an idea (plain text); an idea's discussion follows it."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="roadmap_comments",
    )
    item = models.ForeignKey(
        RoadmapItemPage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    proposal = models.ForeignKey(
        IdeaProposal,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    body = models.TextField(_("comment"), max_length=2000)
    moderation = models.CharField(
        _("moderation"),
        max_length=16,
        choices=Moderation.choices,
        default=Moderation.PUBLISHED,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    #: The language it is written in (intranet/language.py).
    language = ContentLanguageField()

    objects = ItemCommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False) | Q(proposal__isnull=False),
                name="comment_has_target",
            ),
        ]


class RoadmapChange(models.Model):
    """One line of a roadmap's "what changed" list and Atom feed."""

    class Kind(models.TextChoices):
        ITEM_ADDED = "item_added", _("New item")
        STATUS = "status", _("Status changed")
        RESULT = "result", _("New result")
        ROLE_FILLED = "role_filled", _("Volunteer accepted")
        IDEA = "idea", _("Idea turned into an item")

    roadmap = models.ForeignKey(
        RoadmapPage, on_delete=models.CASCADE, related_name="changes"
    )
    item = models.ForeignKey(
        RoadmapItemPage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="changes",
    )
    # A result entry shows only to those who may see the post.
    post = models.ForeignKey(
        "feed.Post", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    old_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    new_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("roadmap change")
        verbose_name_plural = _("roadmap changes")
        ordering = ["-created_at", "-id"]
