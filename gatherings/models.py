"""Gatherings (a network drink, a purpose session, a webinar) and who signed up."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intranet.audience import CONTENT_AUDIENCE_CHOICES, Audience, AudienceQuerySet


class GatheringQuerySet(AudienceQuerySet):
    """The audience alone decides: a public gathering is open to visitors, whatever
    networks it is linked to (the links are shown only where the viewer may see them)."""

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now())

    def past(self):
        return self.filter(ends_at__lt=timezone.now())


class Gathering(models.Model):
    class Kind(models.TextChoices):
        DRINK = "drink", _("Network drink")
        PURPOSE = "purpose", _("Purpose session")
        MASTERCIRCLE = "mastercircle", _("Mastercircle")
        WEBINAR = "webinar", _("Webinar")
        OTHER = "other", _("Other gathering")

    title = models.CharField(_("title"), max_length=140)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.DRINK
    )
    description = models.TextField(_("description"), blank=True, max_length=4000)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True, max_length=500)
    capacity = models.PositiveIntegerField(_("places"))
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=CONTENT_AUDIENCE_CHOICES,
        default=Audience.COMMUNITY,
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organiser"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="organised_gatherings",
    )
    networks = models.ManyToManyField(
        "profiles.Network",
        verbose_name=_("networks"),
        blank=True,
        related_name="gatherings",
    )
    promises = models.ManyToManyField(
        "home.Promise", verbose_name=_("promises"), blank=True, related_name="+"
    )
    roadmap_items = models.ManyToManyField(
        "roadmaps.RoadmapItemPage",
        verbose_name=_("roadmap items"),
        blank=True,
        related_name="gatherings",
    )
    result_post = models.ForeignKey(
        "feed.Post",
        verbose_name=_("results"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    #: Raised when time, place or status change, so calendars replace the event.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = GatheringQuerySet.as_manager()

    class Meta:
        verbose_name = _("gathering")
        verbose_name_plural = _("gatherings")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="gathering_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="gathering_has_places"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("gatherings:detail", kwargs={"pk": self.pk})

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class Registration(models.Model):
    """One person's place (or place in the queue) at a gathering. One row per person
    and gathering: signing up again after cancelling reopens the same row at the end
    of the queue."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Has a place")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="gathering_registrations",
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    #: The queue's order: when this person (last) signed up.
    queued_at = models.DateTimeField(default=timezone.now)
    #: Secret behind the signed cancel link; renewed when the row is reopened, so an
    #: old link never cancels a new sign-up.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "user"], name="one_registration_per_person"
            )
        ]
        indexes = [models.Index(fields=["gathering", "status", "queued_at"])]

    def __str__(self):
        return f"{self.user} at {self.gathering}"
