"""Posts in the central feed."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from intranet.audience import CONTENT_AUDIENCE_CHOICES, Audience, AudienceQuerySet


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


class Post(models.Model):
    class Kind(models.TextChoices):
        RESULT = "result", _("Result")
        UPDATE = "update", _("Update")
        IDEA = "idea", _("Idea")
        QUESTION = "question", _("Question")
        KUDOS = "kudos", _("Kudos")

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
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["audience", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self):
        return reverse("feed:post", kwargs={"pk": self.pk})
