"""Circles, their intervision sessions, contributions per phase, the session's live
events and each member's private learning log.

Everything here is private to a circle's members (or, for the learning log, to its
owner): the querysets' ``visible_to`` is the audience rule, so
``intranet.audience.can_see`` answers for these objects as for any other. Nothing
is registered with search, the feed, the API or another member's export.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .phases import Phase

MIN_MEMBERS = 3
MAX_MEMBERS = 8


def _member(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


class CircleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the circle's members, community managers included only as members."""
        if not _member(user):
            return self.none()
        return self.filter(memberships__user=user)


class Circle(models.Model):
    """A private circle of 3–8 members that meets for intervision."""

    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CircleQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("circle")
        verbose_name_plural = _("circles")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("intervision:circle", args=[self.pk])

    def is_visible_to(self, user) -> bool:
        return _member(user) and self.memberships.filter(user=user).exists()


class CircleMembership(models.Model):
    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="circle_memberships",
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["circle", "user"], name="intervision_one_membership"
            )
        ]
        ordering = ["pk"]


class SessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _member(user):
            return self.none()
        return self.filter(circle__memberships__user=user)


class IntervisionSession(models.Model):
    """One meeting of a circle around one member's case, led through the phases.

    ``last_seq`` numbers the session's live events: a write locks this row, so
    events get their numbers in commit order (intervision/live.py)."""

    circle = models.ForeignKey(
        Circle, on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=120)
    scheduled_at = models.DateTimeField(_("date and time"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    case_holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("case holder"),
    )
    case_title = models.CharField(_("case in a few words"), max_length=160)
    case_text = models.TextField(_("the case"), max_length=4000, blank=True)
    phase = models.CharField(
        max_length=16, choices=Phase.choices, default=Phase.SCHEDULED
    )
    phase_changed_at = models.DateTimeField(null=True, blank=True)
    last_seq = models.PositiveBigIntegerField(default=0)
    #: The post the case holder published the learning as (feed), if any.
    learning_post = models.ForeignKey(
        "feed.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-scheduled_at", "-pk"]
        verbose_name = _("intervision session")
        verbose_name_plural = _("intervision sessions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("intervision:session", args=[self.pk])

    def is_visible_to(self, user) -> bool:
        return _member(user) and self.circle.memberships.filter(user=user).exists()


class Contribution(models.Model):
    """What one member said in one phase of a session."""

    session = models.ForeignKey(
        IntervisionSession, on_delete=models.CASCADE, related_name="contributions"
    )
    phase = models.CharField(max_length=16, choices=Phase.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="intervision_contributions",
    )
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class SessionEvent(models.Model):
    """One live event of a session, kept for replay: a reference, never content.

    ``seq`` counts per session in commit order; a replay renders the session or
    the contribution as it is now (a deleted contribution replays as removed)."""

    class Type(models.TextChoices):
        PHASE = "phase"
        CONTRIBUTION = "contribution"

    session = models.ForeignKey(
        IntervisionSession, on_delete=models.CASCADE, related_name="events"
    )
    seq = models.PositiveBigIntegerField()
    type = models.CharField(max_length=16, choices=Type.choices)
    # A plain id: the event outlives an erased contribution and replays its removal.
    contribution_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "seq"], name="intervision_event_seq"
            )
        ]
        ordering = ["session", "seq"]


class LearningEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not _member(user):
            return self.none()
        return self.filter(owner=user)


class LearningEntry(models.Model):
    """One line of a member's own learning log: only they ever see it."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="learning_entries",
    )
    session = models.ForeignKey(
        IntervisionSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("what I learned"), max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LearningEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("learning log entry")
        verbose_name_plural = _("learning log entries")

    def is_visible_to(self, user) -> bool:
        return _member(user) and self.owner_id == user.pk
