"""Co-creation of the purpose (proposals, comments, support) and the Purpose Index survey."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel

from intranet.audience import (
    CONTENT_AUDIENCE_CHOICES,
    Audience,
    AudienceQuerySet,
    is_community_manager,
)
from intranet.language import ContentLanguageField

#: Bounds a member-written proposal must respect (checked in services and forms).
PROPOSAL_TEXT_MAX = 2000
PROPOSAL_REASONING_MAX = 4000
COMMENT_MAX = 2000
OPEN_ANSWER_MAX = 2000


class Proposal(models.Model):
    """A member's proposal to change the purpose statement or one promise."""

    class Target(models.TextChoices):
        STATEMENT = "statement", _("The purpose statement")
        PROMISE = "promise", _("A promise")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ADOPTED = "adopted", _("Adopted")
        DECLINED = "declined", _("Declined")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="purpose_proposals",
    )
    target = models.CharField(
        _("what it changes"),
        max_length=16,
        choices=Target.choices,
        default=Target.STATEMENT,
    )
    promise = models.ForeignKey(
        "home.Promise",
        verbose_name=_("promise"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    text = models.TextField(_("proposed text"), max_length=PROPOSAL_TEXT_MAX)
    reasoning = models.TextField(_("reasoning"), max_length=PROPOSAL_REASONING_MAX)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=Status.choices,
        default=Status.OPEN,
        db_index=True,
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    #: The draft revision of the purpose page that adopting this proposal created.
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("draft revision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    # Denormalised so list pages need no join per row; kept by the services.
    support_count = models.PositiveIntegerField(_("support"), default=0)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)

    panels = [
        HelpPanel(
            content=_(
                "Adopt or decline with a reason. Adopting creates a draft of the "
                "purpose page with the proposed text applied; review and publish "
                "it under Pages: its public history records every published version."
            )
        ),
        FieldPanel("status"),
        FieldPanel("decision_reason"),
        FieldPanel("target", read_only=True),
        FieldPanel("promise", read_only=True),
        FieldPanel("text", read_only=True),
        FieldPanel("reasoning", read_only=True),
    ]

    #: The language it is written in (intranet/language.py).
    language = ContentLanguageField()

    class Meta:
        verbose_name = _("purpose proposal")
        verbose_name_plural = _("purpose proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return _("#%(id)s: %(text)s") % {"id": self.pk, "text": self.text[:70]}

    def get_absolute_url(self):
        return reverse("purpose:proposal", kwargs={"pk": self.pk})

    @property
    def target_label(self) -> str:
        if self.target == self.Target.PROMISE and self.promise_id:
            return _("Promise: %(title)s") % {"title": self.promise}
        return str(self.Target.STATEMENT.label)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def clean(self):
        if self.status == self.Status.DECLINED and not self.decision_reason.strip():
            raise ValidationError(
                {"decision_reason": _("Say why the proposal is declined.")}
            )
        if self.target == self.Target.PROMISE and not self.promise_id:
            raise ValidationError({"promise": _("Choose the promise to change.")})


class ProposalComment(models.Model):
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("proposal comment")
        verbose_name_plural = _("proposal comments")
        ordering = ["created_at", "id"]

    def __str__(self):
        return _("Comment #%(id)s") % {"id": self.pk}


class ProposalSupport(models.Model):
    """One member's support vote; unique per member, retractable (deleted)."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="purpose_supports",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("support vote")
        verbose_name_plural = _("support votes")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "user"], name="unique_proposal_support"
            )
        ]


# --- The Purpose Index ---------------------------------------------------------------


class Dimension(models.TextChoices):
    """The three dimensions of meaning the Purpose Index measures."""

    PERSONAL = "personal", _("Personal")
    SOCIAL = "social", _("Social")
    SOCIETAL = "societal", _("Societal")


class PurposeIndexRoundQuerySet(models.QuerySet):
    def open_now(self):
        now = timezone.now()
        return self.filter(opens_at__lte=now, closes_at__gt=now)


class PurposeIndexRound(models.Model):
    """One run of the questionnaire, e.g. a quarter or before/after a session."""

    title = models.CharField(_("title"), max_length=120)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    #: When the respondents' groups (membership kind, networks, roles) were
    #: copied onto their responses; from then on aggregates use only those.
    groups_frozen_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PurposeIndexRoundQuerySet.as_manager()

    panels = [FieldPanel("title"), FieldPanel("opens_at"), FieldPanel("closes_at")]

    class Meta:
        verbose_name = _("Purpose Index round")
        verbose_name_plural = _("Purpose Index rounds")
        ordering = ["-opens_at", "-id"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("A round must close after it opens.")}
            )
        if self.pk and self.groups_frozen_at:
            before = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("opens_at", "closes_at")
            )
            if before and before[0] != (self.opens_at, self.closes_at):
                # Reopening would let late answers be worked out by comparing
                # the results before and after them.
                raise ValidationError(
                    _("This round's results are out; its dates can no longer change.")
                )

    @property
    def is_open(self) -> bool:
        return self.opens_at <= timezone.now() < self.closes_at

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    def statements(self):
        """This round's own statements plus the shared ones, in questionnaire order."""
        return PurposeIndexStatement.objects.filter(
            Q(round=self) | Q(round__isnull=True)
        ).order_by("dimension", "order", "id")


class PurposeIndexStatement(models.Model):
    round = models.ForeignKey(
        PurposeIndexRound,
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="own_statements",
        help_text=_("Leave empty to ask this statement in every round."),
    )
    text = models.CharField(_("statement"), max_length=300)
    dimension = models.CharField(
        _("dimension of meaning"), max_length=16, choices=Dimension.choices
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("text"),
        FieldPanel("dimension"),
        FieldPanel("round"),
        FieldPanel("order"),
    ]

    class Meta:
        verbose_name = _("Purpose Index statement")
        verbose_name_plural = _("Purpose Index statements")
        ordering = ["dimension", "order", "id"]

    def __str__(self):
        return self.text


class PurposeIndexResponse(models.Model):
    """One member's answers in one round. Only the respondent ever sees them."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="purpose_index_responses",
    )
    round = models.ForeignKey(
        PurposeIndexRound, on_delete=models.CASCADE, related_name="responses"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    open_answer = models.TextField(blank=True, max_length=OPEN_ANSWER_MAX)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The respondent's groups when the round closed (see purpose/aggregates.py):
    # joining a network or gaining a role later changes no aggregate.
    frozen_kind = models.CharField(max_length=16, blank=True, editable=False)
    frozen_network_ids = models.JSONField(default=list, blank=True, editable=False)
    frozen_role_ids = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("Purpose Index response")
        verbose_name_plural = _("Purpose Index responses")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "round"], name="one_response_per_round"
            )
        ]

    def __str__(self):
        return _("Response #%(id)s") % {"id": self.pk}


class PurposeIndexAnswer(models.Model):
    response = models.ForeignKey(
        PurposeIndexResponse, on_delete=models.CASCADE, related_name="answers"
    )
    statement = models.ForeignKey(
        PurposeIndexStatement, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "statement"], name="one_answer_per_statement"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1) & Q(value__lte=5),
                name="answer_between_1_and_5",
            ),
        ]


# --- Bottom-up on the promises: team reflections, speak-up signals, stories -----------

#: Bounds of the short answers in a team reflection and of a signal.
PROMPT_MAX = 1000
SIGNAL_TITLE_MAX = 160
SIGNAL_BODY_MAX = 4000
REASON_MAX = 2000


class ReflectionRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A team's reflections are the team's: only its active members see them
        (community managers see the roll-up, never a member's answers)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(
            team__memberships__user=user, team__memberships__status="active"
        )


class ReflectionRound(models.Model):
    """One period's reflection of one team on one promise, opened by a team lead."""

    team = models.ForeignKey(
        "profiles.Network",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="reflection_rounds",
    )
    promise = models.ForeignKey(
        "home.Promise",
        verbose_name=_("promise"),
        on_delete=models.CASCADE,
        related_name="reflection_rounds",
    )
    #: First day of the period (a month or a quarter, the team's cadence).
    period_start = models.DateField(_("period starts"))
    period_end = models.DateField(_("period ends"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    share_actions = models.BooleanField(
        _("share what we will do with the community"), default=False
    )

    objects = ReflectionRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("team reflection round")
        verbose_name_plural = _("team reflection rounds")
        ordering = ["-period_start", "promise_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "promise", "period_start"],
                name="one_reflection_round_per_period",
            )
        ]

    def __str__(self):
        return f"{self.team} · {self.promise} · {self.period_start:%Y-%m}"

    def get_absolute_url(self):
        return reverse("purpose:reflection", kwargs={"pk": self.pk})

    def is_visible_to(self, user) -> bool:
        return type(self).objects.visible_to(user).filter(pk=self.pk).exists()

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and timezone.localdate() <= self.period_end


class TeamReflection(models.Model):
    """One member's answers in a round: a score and four short prompts."""

    round = models.ForeignKey(
        ReflectionRound, on_delete=models.CASCADE, related_name="reflections"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_reflections",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    seen = models.TextField(_("what do we see"), max_length=PROMPT_MAX, blank=True)
    felt = models.TextField(_("what do we feel"), max_length=PROMPT_MAX, blank=True)
    adjust = models.TextField(
        _("what asks for adjustment"), max_length=PROMPT_MAX, blank=True
    )
    action = models.TextField(_("what will we do"), max_length=PROMPT_MAX, blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who follows up"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("team reflection")
        verbose_name_plural = _("team reflections")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "member"], name="one_reflection_per_member"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5),
                name="reflection_score_between_1_and_5",
            ),
        ]

    def __str__(self):
        return _("Reflection #%(id)s") % {"id": self.pk}


class SignalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    LOOKING = "looking", _("Looking into it")
    CHANGED = "changed", _("Changed")
    EXPLAINED = "explained", _("Explained why not")


class SignalQuerySet(AudienceQuerySet):
    audience_field = "audience"
    owner_field = "author"


class Signal(models.Model):
    """A speak-up signal: a rule, procedure or system that stands in the way of a
    promise ("dit kan niet waar zijn"). Its author may hide their name from other
    members; community managers always see it."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="purpose_signals",
    )
    promise = models.ForeignKey(
        "home.Promise",
        verbose_name=_("promise"),
        on_delete=models.PROTECT,
        related_name="signals",
    )
    roadmap_item = models.ForeignKey(
        "roadmaps.RoadmapItemPage",
        verbose_name=_("roadmap item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    title = models.CharField(_("what stands in the way"), max_length=SIGNAL_TITLE_MAX)
    body = models.TextField(_("what happens"), max_length=SIGNAL_BODY_MAX)
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=CONTENT_AUDIENCE_CHOICES,
        default=Audience.COMMUNITY,
    )
    hide_name = models.BooleanField(_("hide my name from other members"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SignalStatus.choices,
        default=SignalStatus.OPEN,
        db_index=True,
    )
    outcome_post = models.ForeignKey(
        "feed.Post",
        verbose_name=_("outcome in the feed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("raised at"), default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    language = ContentLanguageField()

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("speak-up signal")
        verbose_name_plural = _("speak-up signals")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("purpose:signal", kwargs={"pk": self.pk})

    def author_shown_to(self, user) -> bool:
        """Whether ``user`` may see who raised it (the form says so to the author)."""
        if not self.hide_name:
            return True
        if getattr(user, "is_authenticated", False) and user.pk == self.author_id:
            return True
        return is_community_manager(user)

    @property
    def is_closed(self) -> bool:
        return self.status in (SignalStatus.CHANGED, SignalStatus.EXPLAINED)


class SignalStep(models.Model):
    """One public step of a signal's triage, with its reason."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(max_length=16, choices=SignalStatus.choices)
    reason = models.TextField(_("reason"), max_length=REASON_MAX)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signal step")
        verbose_name_plural = _("signal steps")
        ordering = ["created_at", "id"]


class SignalFollow(models.Model):
    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="followed_signals",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("signal follower")
        verbose_name_plural = _("signal followers")
        constraints = [
            models.UniqueConstraint(
                fields=["signal", "user"], name="unique_signal_follow"
            )
        ]


class StoryLink(models.Model):
    """What a living story (a feed post of kind ``story``) tells about besides its
    promise and roadmap item: a signal or a team's reflection round. The story
    keeps its own audience; a link is shown only to who may see its target."""

    post = models.ForeignKey(
        "feed.Post", on_delete=models.CASCADE, related_name="story_links"
    )
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.CASCADE, related_name="stories"
    )
    round = models.ForeignKey(
        ReflectionRound,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="stories",
    )

    class Meta:
        verbose_name = _("story link")
        verbose_name_plural = _("story links")
