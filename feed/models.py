"""Posts in the central feed, and what hangs off them: comments, reactions,
reports, notifications and the event log the live feed replays from."""

import os

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from intranet.audience import (
    CONTENT_AUDIENCE_CHOICES,
    Audience,
    AudienceQuerySet,
    is_community_manager,
)
from intranet.language import ContentLanguageField
from intranet.media import ProtectedUploadTo, delete_stored_file


class TaggedPostCompetence(TaggedItemBase):
    content_object = models.ForeignKey(
        "feed.Post", on_delete=models.CASCADE, related_name="tagged_competences"
    )
    tag = models.ForeignKey(
        "profiles.Competence", on_delete=models.CASCADE, related_name="tagged_posts"
    )


class PostQuerySet(AudienceQuerySet):
    audience_field = "audience"
    owner_field = "author"
    network_field = "network"

    def visible_to(self, user):
        """The audience rule, minus posts a community manager hid (their author and
        community managers still see them, marked as hidden)."""
        qs = super().visible_to(user)
        if is_community_manager(user):
            return qs
        shown = models.Q(hidden_at__isnull=True)
        if getattr(user, "is_authenticated", False):
            shown |= models.Q(author=user)
        return qs.filter(shown)

    def owned_beyond_audience(self, user):
        """Their own posts out of their audience or network, and their hidden ones."""
        mine = super().owned_beyond_audience(user)
        if is_community_manager(user) or not getattr(user, "is_authenticated", False):
            return mine
        return mine | self.filter(author=user, hidden_at__isnull=False)

    def pinned_now(self):
        return self.filter(pinned_until__gt=timezone.now())


class Post(models.Model):
    class Kind(models.TextChoices):
        RESULT = "result", _("Result")
        UPDATE = "update", _("Update")
        IDEA = "idea", _("Idea")
        QUESTION = "question", _("Question")
        KUDOS = "kudos", _("Kudos")
        #: A living story: a moment where the purpose came alive or got lost
        #: (purpose/stories.py links it to signals and reflections).
        STORY = "story", _("Story")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.UPDATE,
        db_index=True,
    )
    body = models.TextField(_("text"), help_text=_("Sanitised HTML."))
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=CONTENT_AUDIENCE_CHOICES,
        default=Audience.COMMUNITY,
    )
    network = models.ForeignKey(
        "profiles.Network",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="posts",
    )
    roadmap_item = models.ForeignKey(
        "roadmaps.RoadmapItemPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
    )
    promise = models.ForeignKey(
        "home.Promise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="results",
    )
    figure = models.CharField(
        _("figure"), max_length=40, blank=True, help_text=_('e.g. "+12 volunteers"')
    )
    competences = TaggableManager(
        through=TaggedPostCompetence, blank=True, verbose_name=_("competences")
    )
    kudos_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kudos_received",
        verbose_name=_("kudos to"),
    )
    # Re-encoded on upload, stored under an unguessable name, served only through
    # ``feed:post_image`` (the post's audience) and deleted with the post.
    image = models.ImageField(
        _("image"), upload_to=ProtectedUploadTo("feed"), blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Denormalised counts: the feed shows them for every card without a join,
    # and the live layer sends them in each event's envelope.
    comment_count = models.PositiveIntegerField(default=0)
    reaction_counts = models.JSONField(default=dict, blank=True)
    # Curation by community managers.
    pinned_until = models.DateTimeField(_("pinned until"), null=True, blank=True)
    featured = models.BooleanField(_("featured on the home page"), default=False)
    comments_locked = models.BooleanField(_("comments locked"), default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)

    #: The language it is written in (intranet/language.py).
    language = ContentLanguageField()

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["audience", "-created_at"]),
            # The feed walks posts newest first and pages with (created_at, id).
            models.Index(fields=["-created_at", "-id"], name="feed_post_newest_idx"),
            models.Index(fields=["pinned_until"], name="feed_post_pinned_idx"),
            # The home page's featured posts: only the few featured rows.
            models.Index(
                fields=["-created_at", "-id"],
                condition=models.Q(featured=True),
                name="feed_post_featured_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("feed:post", kwargs={"pk": self.pk})

    def is_visible_to(self, user) -> bool:
        return type(self).objects.visible_to(user).filter(pk=self.pk).exists()

    @property
    def image_basename(self) -> str:
        return os.path.basename(self.image.name) if self.image else ""

    @property
    def image_url(self) -> str:
        """The image behind the audience check (the name changes with the file)."""
        if not self.image:
            return ""
        return reverse(
            "feed:post_image", kwargs={"pk": self.pk, "name": self.image_basename}
        )

    @property
    def is_pinned(self) -> bool:
        return bool(self.pinned_until and self.pinned_until > timezone.now())

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def card_competences(self) -> list:
        """The competences its card shows, by name: from ``card_tags`` where the
        card loader prefetched them (feed/card_data.py), else one query."""
        tags = getattr(self, "card_tags", None)
        if tags is None:
            return list(self.competences.all())
        return sorted((t.tag for t in tags), key=lambda c: c.name.casefold())

    @property
    def reaction_total(self) -> int:
        return sum(self.reaction_counts.values())

    def reaction_summary(self) -> list[dict]:
        """Each reaction kind with its count and whether the viewer gave it (the
        feed selector sets ``viewer_reaction_kinds``)."""
        mine = getattr(self, "viewer_reaction_kinds", set())
        return [
            {
                "kind": kind,
                "label": label,
                "icon": REACTION_ICONS[kind],
                "count": self.reaction_counts.get(kind, 0),
                "mine": kind in mine,
            }
            for kind, label in Reaction.Kind.choices
        ]


@receiver(post_delete, sender=Post, dispatch_uid="feed_post_image_cleanup")
def _delete_post_image(sender, instance, **kwargs):
    """A deleted post (directly or with its author) takes its image file along,
    once the deletion has committed."""
    if instance.image:
        name, storage = instance.image.name, instance.image.storage
        transaction.on_commit(lambda: delete_stored_file(name, storage=storage))


REACTION_ICONS = {"like": "👍", "applause": "👏", "insightful": "💡", "support": "🤝"}


class Comment(models.Model):
    """A comment on a post; replies go one level deep (a reply has a parent, a
    reply's reply attaches to the same parent)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField(_("comment"), help_text=_("Sanitised HTML."))
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    #: The language it is written in (intranet/language.py).
    language = ContentLanguageField()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return _("Comment #%(id)s") % {"id": self.pk}

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        APPLAUSE = "applause", _("Applause")
        INSIGHTFUL = "insightful", _("Insightful")
        SUPPORT = "support", _("Support")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "user", "kind"], name="feed_one_reaction_of_each_kind"
            )
        ]

    def __str__(self):
        return f"{self.kind} on #{self.post_id}"


class Report(models.Model):
    """A member's report of a post or comment, waiting in the moderation queue."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HIDDEN = "hidden", _("Content hidden")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.TextField(_("reason"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]

    def __str__(self):
        target = self.post or self.comment
        return _("Report on %(target)s") % {"target": target}

    @property
    def target_post(self):
        return self.post or (self.comment.post if self.comment else None)


class Notification(models.Model):
    class Kind(models.TextChoices):
        MENTION = "mention", _("Mention")
        REPLY = "reply", _("Reply")
        REACTION = "reaction", _("Reaction")
        KUDOS = "kudos", _("Kudos")
        QUESTION = "question", _("Question for you")
        MODERATION = "moderation", _("Moderation")
        #: Reflection reminders and signal steps (purpose/).
        PURPOSE = "purpose", _("Purpose")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=300, help_text=_("Plain text."))
    #: Where it leads when it is about something other than a post (a site path).
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        if self.post_id:
            return self.post.get_absolute_url()
        return self.url or reverse("feed:feed")


class DigestPreference(models.Model):
    class Frequency(models.TextChoices):
        OFF = "off", _("Off")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest"
    )
    frequency = models.CharField(
        _("e-mail digest"),
        max_length=8,
        choices=Frequency.choices,
        default=Frequency.WEEKLY,
    )
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest preference")
        verbose_name_plural = _("digest preferences")

    def __str__(self):
        return f"{self.user} · {self.frequency}"


class FeedEventQuerySet(AudienceQuerySet):
    """Shared events carry their post's audience and network (a plain id column)."""

    audience_field = "audience"
    network_field = "network_id"

    def for_member(self, user):
        """Shared events ``user`` may see, plus their own personal events."""
        rule = models.Q(recipient__isnull=True) & self.visibility_q(user)
        if getattr(user, "is_authenticated", False):
            rule |= models.Q(recipient=user)
        return self.filter(rule)


class FeedEvent(models.Model):
    """One live event, kept so a reconnecting client can replay what it missed.

    It refers to what it is about and holds no content: a replay renders the
    post, comment or notification as it is now, for the viewer as they are now
    (feed.replay). The audience columns repeat the rule of the post at the
    time, so the replay can pick a viewer's events without joining back to
    posts. ``recipient`` marks a personal event (a notification). ``actor`` is
    the member whose content or act it is: erasing the account erases the event.
    ``seq`` is the cursor, assigned after commit in commit order (feed.events).
    """

    type = models.CharField(max_length=40)
    audience = models.CharField(max_length=16, blank=True)
    network_id = models.BigIntegerField(null=True, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Plain ids, not foreign keys: the event outlives a deleted post or comment
    # and then replays as its removal.
    post_id = models.BigIntegerField(null=True, blank=True)
    comment_id = models.BigIntegerField(null=True, blank=True)
    notification_id = models.BigIntegerField(null=True, blank=True)
    seq = models.BigIntegerField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = FeedEventQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.type} #{self.pk}"
