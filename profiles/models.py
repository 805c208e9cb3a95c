"""People: one Profile per user, the competence vocabulary, networks of like-minded members."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.models import TagBase

from intranet.audience import CONTENT_AUDIENCE_CHOICES, Audience, AudienceQuerySet


class Competence(TagBase):
    """A competence in the shared vocabulary (a django-taggit tag model)."""

    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["name"]


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Visitors see opted-in public profiles; members see every member."""
        if getattr(user, "is_authenticated", False):
            return self.filter(user__is_active=True)
        return self.filter(user__is_active=True, public_profile=True)


class Profile(models.Model):
    """A member's public face. Each field's audience is chosen by its owner."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("name"), max_length=120)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    public_profile = models.BooleanField(
        _("public profile"),
        default=False,
        help_text=_("Let visitors who are not signed in see your public fields."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("profiles:detail", kwargs={"username": self.user.username})

    def is_visible_to(self, user):
        if getattr(user, "is_authenticated", False):
            return self.user.is_active
        return self.user.is_active and self.public_profile

    @property
    def username(self):
        return self.user.username


class NetworkQuerySet(AudienceQuerySet):
    pass


class Network(models.Model):
    """A circle of like-minded people around a theme."""

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone who can see it may join")
        APPROVAL = "approval", _("A host approves new members")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=CONTENT_AUDIENCE_CHOICES,
        default=Audience.COMMUNITY,
    )
    join_policy = models.CharField(
        _("joining"), max_length=16, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("profiles:network", kwargs={"slug": self.slug})


class NetworkMembership(models.Model):
    class Role(models.TextChoices):
        HOST = "host", _("Host")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Member")
        PENDING = "pending", _("Waiting for approval")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=Role.choices, default=Role.MEMBER
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"], name="unique_network_member"
            )
        ]

    def __str__(self):
        return f"{self.user} in {self.network}"
