"""The Koers user: a Django user whose e-mail address is the login."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member. ``username`` is the stable handle in profile URLs (/people/<username>/)."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # Set by the language switcher; the language of this member's e-mails.
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("The language of your e-mails; empty: the site's default."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class AccessToken(models.Model):
    """A personal access token for the REST API: named, scoped, revocable.

    Only a SHA-256 hash of the secret is stored; the member sees the secret once.
    """

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        WRITE = "write", _("Read and write")

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    scope = models.CharField(
        _("scope"), max_length=8, choices=Scope.choices, default=Scope.READ
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class PendingContribution(models.Model):
    """A contribution a visitor made before they had an account (a vote, an offer to
    help, an idea), kept until the address they signed up with is verified.

    Tied to the user and the e-mail address being verified: only confirming that
    address applies it, once (``applied_at``), and never after ``expires_at``. What it
    is comes from a signed token (accounts/contributions.py), never from the form.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="pending_contributions"
    )
    email = models.EmailField()
    #: SHA-256 of the token it came from: a token is kept (so applied) only once.
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    kind = models.CharField(max_length=40)
    target = models.JSONField(default=dict)
    payload = models.JSONField(default=dict, blank=True)
    next_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    applied_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("pending contribution")
        verbose_name_plural = _("pending contributions")
        indexes = [models.Index(fields=["user", "applied_at"])]

    def __str__(self):
        return f"{self.kind} by {self.email}"


class FeedToken(models.Model):
    """The secret in a member's private feed URLs (``?token=…``): a feed reader that
    has it reads the Atom feeds as that member. Read-only, feeds only, revocable;
    only a SHA-256 hash of the secret is stored, so the URL is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="feed_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("private feed token")
        verbose_name_plural = _("private feed tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}…"
