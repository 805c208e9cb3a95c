"""People: one Profile per user, roles, the competence vocabulary, follows and networks."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from intranet.audience import (
    CONTENT_AUDIENCE_CHOICES,
    Audience,
    AudienceQuerySet,
    audience_allows,
    audiences_for,
)
from intranet.html import sanitise_html


def split_synonyms(text: str) -> list[str]:
    """The synonyms in a comma- or line-separated list, without blanks or repeats."""
    seen, words = set(), []
    for part in text.replace("\n", ",").split(","):
        word = " ".join(part.split())
        if word and word.lower() not in seen:
            seen.add(word.lower())
            words.append(word)
    return words


class CompetenceQuerySet(models.QuerySet):
    def named(self, word: str):
        """Competences whose Dutch or English name or one of whose synonyms is
        ``word`` (case-insensitive): the one rule for lookup and for collisions."""
        word = " ".join((word or "").split())
        if not word:
            return self.none()
        candidates = self.filter(
            Q(name_en__iexact=word)
            | Q(name_nl__iexact=word)
            | Q(name__iexact=word)
            | Q(synonyms__icontains=word)
        )
        return self.filter(
            pk__in=[c.pk for c in candidates if word.lower() in c.all_names_lower()]
        )

    def matching(self, term: str):
        """Competences with ``term`` inside a name (either language) or a synonym."""
        return self.filter(
            Q(name_en__icontains=term)
            | Q(name_nl__icontains=term)
            | Q(synonyms__icontains=term)
        )


class Competence(TagBase):
    """A competence in the shared vocabulary (a django-taggit tag model).

    ``name`` and ``description`` exist in Dutch and English (``name_nl``,
    ``name_en``: django-modeltranslation, ``profiles/translation.py``); reading
    ``name`` gives the viewer's language, falling back to the other. Synonyms are
    words in either language that should find the same people.
    """

    description = models.TextField(_("description"), blank=True)
    synonyms = models.TextField(
        _("synonyms"),
        blank=True,
        help_text=_(
            "Other words for this competence, in Dutch or English, separated by "
            "commas. Searching for any of them finds the same people."
        ),
    )

    #: How many members declared it and how many want to learn it, kept in step
    #: by ``services.competence_counts_refresh`` (``profiles/signals.py``): the
    #: directory's popular competences and the competence index sort on them
    #: instead of counting every member's declarations per request.
    holder_count = models.PositiveIntegerField(default=0, editable=False)
    learner_count = models.PositiveIntegerField(default=0, editable=False)

    objects = CompetenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["-holder_count", "slug"], name="profiles_comp_popular_idx"
            )
        ]

    def names(self) -> list[str]:
        """Both names (Dutch first), without blanks or repeats."""
        out = []
        for value in (self.name_nl, self.name_en):
            value = (value or "").strip()
            if value and value.lower() not in {n.lower() for n in out}:
                out.append(value)
        return out

    def synonym_list(self) -> list[str]:
        return split_synonyms(self.synonyms)

    def all_names(self) -> list[str]:
        """Every word that names this competence: both names and the synonyms.
        Search indexes and matches this, so each of them finds the same people."""
        out = self.names()
        lowered = {n.lower() for n in out}
        out += [s for s in self.synonym_list() if s.lower() not in lowered]
        return out

    def all_names_lower(self) -> set[str]:
        return {n.lower() for n in self.all_names()}

    @property
    def search_text(self) -> str:
        return " ".join(self.all_names())

    def clean(self):
        """A name or synonym may belong to one competence only, in either language."""
        super().clean()
        errors = {}
        others = Competence.objects.exclude(pk=self.pk) if self.pk else None
        if others is None:
            others = Competence.objects.all()
        fields = [("name_nl", self.name_nl), ("name_en", self.name_en)]
        fields += [("synonyms", word) for word in self.synonym_list()]
        for field, word in fields:
            if not word:
                continue
            clash = others.named(word).first()
            if clash is not None and field not in errors:
                errors[field] = _(
                    "“%(word)s” already names the competence “%(other)s” (as its "
                    "Dutch or English name or a synonym). Use another word, or merge "
                    "the two competences."
                ) % {"word": word, "other": clash.name}
        if not (self.name_nl or self.name_en):
            errors["name_nl"] = _("Give the competence a name in Dutch or English.")
        if errors:
            raise ValidationError(errors)


def profile_visibility_q(user, prefix: str = "") -> Q:
    """Visitors see opted-in public profiles; members see every active member.

    ``prefix`` reaches a profile through a relation (``"user__profile__"``), so
    lists of memberships or links filter with a plain join, not an IN subquery.
    """
    q = Q(**{f"{prefix}user__is_active": True})
    if not getattr(user, "is_authenticated", False):
        q &= Q(**{f"{prefix}public_profile": True})
    return q


class ProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(profile_visibility_q(user))


class Profile(models.Model):
    """A member's public face. Each field's audience is chosen by its owner.

    Name, headline, photo, roles and competences follow ``public_profile``:
    visitors see them only when the member opted in; members always do.
    The other fields carry their own ``<field>_audience``.
    """

    #: field -> its audience field; the one list the page, JSON and export read.
    AUDIENCE_FIELDS = {
        "bio": "bio_audience",
        "location": "location_audience",
        "languages": "languages_audience",
        "email": "email_audience",
        "phone": "phone_audience",
        "links": "links_audience",
    }

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
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    bio = models.TextField(_("about me"), blank=True)
    bio_audience = models.CharField(
        _("who sees 'about me'"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.PUBLIC,
    )
    location = models.CharField(_("location"), max_length=120, blank=True)
    location_audience = models.CharField(
        _("who sees your location"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.COMMUNITY,
    )
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Separate languages with commas, e.g. Dutch, English."),
    )
    languages_audience = models.CharField(
        _("who sees your languages"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.PUBLIC,
    )
    email_audience = models.CharField(
        _("who sees your e-mail address"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.COMMUNITY,
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_audience = models.CharField(
        _("who sees your phone number"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.STAFF,
    )
    links = models.TextField(
        _("links"), blank=True, help_text=_("One web address per line.")
    )
    links_audience = models.CharField(
        _("who sees your links"),
        max_length=16,
        choices=Audience.choices,
        default=Audience.PUBLIC,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    competences = TaggableManager(
        through="profiles.ProfileCompetence",
        blank=True,
        verbose_name=_("competences"),
        related_name="profiles_competent",
    )
    learning_interests = TaggableManager(
        through="profiles.LearningInterest",
        blank=True,
        verbose_name=_("learning interests"),
        related_name="profiles_learning",
    )

    #: Endorsements across all of this member's competences, kept in step by
    #: ``services.endorsement_counts_refresh`` (the directory sorts on it).
    endorsement_total = models.PositiveIntegerField(default=0, editable=False)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["display_name"]
        indexes = [
            models.Index(
                fields=["-endorsement_total", "display_name", "id"],
                name="profiles_profile_endorsed_idx",
            )
        ]

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

    def field_value(self, name):
        if name == "email":
            return self.user.email
        if name == "links":
            return [line.strip() for line in self.links.splitlines() if line.strip()]
        if name == "languages":
            return [part.strip() for part in self.languages.split(",") if part.strip()]
        if name == "bio":  # saved sanitised; cleaned again in case of a direct write
            return sanitise_html(self.bio)
        return getattr(self, name)

    def visible_fields(self, viewer) -> dict:
        """The audience-bound fields ``viewer`` may see, with their values.

        Empty fields are left out, so a template can loop without checks.
        """
        shown = {}
        for name, audience_field in self.AUDIENCE_FIELDS.items():
            if audience_allows(viewer, getattr(self, audience_field), owner=self.user):
                value = self.field_value(name)
                if value:
                    shown[name] = value
        return shown

    def completeness(self) -> tuple[int, list[str]]:
        """Percentage filled in and the labels of what is still missing."""
        checks = [
            (bool(self.headline), _("a headline")),
            (bool(self.bio), _("something about you")),
            (self.photo_id is not None, _("a photo")),
            (bool(self.location), _("your location")),
            (bool(self.languages), _("your languages")),
        ]
        links = getattr(self, "_prefetched_objects_cache", {}).get("competence_links")
        has_competence = (
            bool(links) if links is not None else self.competence_links.exists()
        )
        checks.append((has_competence, _("a competence")))
        done = sum(1 for ok, _label in checks if ok)
        missing = [str(label) for ok, label in checks if not ok]
        return round(100 * done / len(checks)), missing


class RoleQuerySet(models.QuerySet):
    def matching(self, term: str):
        """Roles with ``term`` inside their Dutch or English name."""
        return self.filter(Q(name_en__icontains=term) | Q(name_nl__icontains=term))

    def visible_to(self, user):
        """Roles a viewer may see named: public ones (members see all), minus roles
        that only exist through assignments the viewer may not see (a role made
        for a staff roadmap item's open role names staff work)."""
        qs = self
        if not getattr(user, "is_authenticated", False):
            qs = qs.filter(is_public=True)
        hidden = RoleAssignment.objects.filter(role=models.OuterRef("pk")).exclude(
            RoleAssignment.audience_q(user)
        )
        shown = RoleAssignment.objects.filter(role=models.OuterRef("pk")).filter(
            RoleAssignment.audience_q(user)
        )
        return qs.filter(models.Exists(shown) | ~models.Exists(hidden))


class Role(models.Model):
    """A role that can be assigned to members ("toegekende rol")."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Public roles show on public profiles; others only to members."),
    )

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def is_visible_to(self, user):
        return self.is_public or getattr(user, "is_authenticated", False)


class RoleAssignmentQuerySet(models.QuerySet):
    def current(self):
        today = timezone.localdate()
        return self.filter(Q(until__isnull=True) | Q(until__gte=today))

    def visible_to(self, user):
        qs = self.filter(profile_visibility_q(user, "profile__"))
        if not getattr(user, "is_authenticated", False):
            qs = qs.filter(role__is_public=True)
        return qs.filter(RoleAssignment.audience_q(user))

    def owned_beyond_audience(self, user):
        """Their own assignments whose audience is above their own (intranet.audience)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(profile__user=user).exclude(audience__in=audiences_for(user))


class RoleAssignment(models.Model):
    profile = models.ForeignKey(
        Profile,
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.ForeignKey(
        Role,
        verbose_name=_("role"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    context_label = models.CharField(
        _("context"),
        max_length=200,
        blank=True,
        help_text=_("Where the role applies, e.g. a roadmap item or a network."),
    )
    context_url = models.CharField(_("context link"), max_length=300, blank=True)
    #: Who may see this assignment at all: the audience of its context. A role
    #: earned on a staff roadmap item is staff; the holder always sees their own.
    audience = models.CharField(
        _("audience"),
        max_length=16,
        choices=CONTENT_AUDIENCE_CHOICES,
        default=Audience.PUBLIC,
    )
    since = models.DateField(_("since"), default=timezone.localdate)
    until = models.DateField(
        _("until"), null=True, blank=True, help_text=_("Empty while the role is held.")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["-since", "pk"]

    def __str__(self):
        label = f"{self.role} – {self.profile}"
        return f"{label} ({self.context_label})" if self.context_label else label

    @staticmethod
    def audience_q(user, prefix: str = "") -> Q:
        """The assignment's own audience rule (the profile's is applied apart)."""
        q = Q(**{f"{prefix}audience__in": audiences_for(user)})
        if getattr(user, "is_authenticated", False):
            q |= Q(**{f"{prefix}profile__user": user})
        return q

    def is_visible_to(self, user) -> bool:
        return audience_allows(user, self.audience, owner=self.profile.user_id) and (
            self.role.is_public or getattr(user, "is_authenticated", False)
        )

    @property
    def safe_context_url(self) -> str:
        """The context link if it is a site path or a web address, else nothing."""
        url = self.context_url.strip()
        if url.startswith(("/", "https://", "http://")) and not url.startswith("//"):
            return url
        return ""

    @property
    def is_current(self):
        return self.until is None or self.until >= timezone.localdate()


class RoleClaim(models.Model):
    """A member asks for a role; a community manager approves or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    profile = models.ForeignKey(
        Profile,
        verbose_name=_("profile"),
        on_delete=models.CASCADE,
        related_name="role_claims",
    )
    role = models.ForeignKey(
        Role, verbose_name=_("role"), on_delete=models.CASCADE, related_name="claims"
    )
    motivation = models.TextField(_("motivation"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role claim")
        verbose_name_plural = _("role claims")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "role"],
                condition=Q(status="pending"),
                name="one_pending_claim_per_role",
            )
        ]

    def __str__(self):
        return f"{self.profile} → {self.role} ({self.get_status_display()})"


class ProfileCompetence(TaggedItemBase):
    """A competence a member declares, with how well they know it."""

    class Level(models.TextChoices):
        LEARNING = "learning", _("Learning")
        PRACTISED = "practised", _("Practised")
        EXPERT = "expert", _("Expert")

    content_object = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="competence_links"
    )
    tag = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="profile_links"
    )
    level = models.CharField(
        _("level"), max_length=16, choices=Level.choices, default=Level.PRACTISED
    )
    #: How many endorsements this declaration has, kept in step by
    #: ``services.endorsement_counts_refresh``: the directory and the competence
    #: page sort on it without counting every member's endorsements.
    endorsement_count = models.PositiveIntegerField(default=0, editable=False)
    #: The level as a number (expert 2, practised 1, learning 0), computed by the
    #: database: the competence page reads its holders best first from the
    #: (tag, level_rank, endorsement_count) index instead of sorting them all.
    level_rank = models.GeneratedField(
        expression=models.Case(
            models.When(level="expert", then=models.Value(2)),
            models.When(level="practised", then=models.Value(1)),
            default=models.Value(0),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("declared competence")
        verbose_name_plural = _("declared competences")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_profile_competence"
            )
        ]
        indexes = [
            models.Index(
                fields=["tag", "-endorsement_count"],
                name="profiles_pc_tag_endorsed_idx",
            ),
            models.Index(
                fields=["tag", "-level_rank", "-endorsement_count", "id"],
                name="profiles_pc_tag_level_idx",
            ),
        ]

    def __str__(self):
        return f"{self.content_object}: {self.tag} ({self.get_level_display()})"


class LearningInterest(TaggedItemBase):
    """Something a member wants to learn."""

    content_object = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="learning_links"
    )
    tag = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="learner_links"
    )

    class Meta:
        verbose_name = _("learning interest")
        verbose_name_plural = _("learning interests")
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="unique_learning_interest"
            )
        ]
        indexes = [
            # A competence's page lists who asked to learn it newest first.
            models.Index(fields=["tag", "-id"], name="profiles_li_tag_newest_idx")
        ]


class Endorsement(models.Model):
    """One member vouches for another member's competence, once."""

    profile_competence = models.ForeignKey(
        ProfileCompetence, on_delete=models.CASCADE, related_name="endorsements"
    )
    endorser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="endorsements_given",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["profile_competence", "endorser"], name="unique_endorsement"
            )
        ]


class Follow(models.Model):
    follower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="following_links",
    )
    followed = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="follower_links",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "followed"], name="unique_follow"
            ),
            models.CheckConstraint(
                condition=~Q(follower=F("followed")), name="no_self_follow"
            ),
        ]

    def __str__(self):
        return f"{self.follower} → {self.followed}"


class NetworkQuerySet(AudienceQuerySet):
    pass


class ReflectionCadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Every quarter")


class Network(models.Model):
    """A circle of like-minded people around a theme, or a team (``is_team``)."""

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
    #: A team is a network whose members work together and reflect on the
    #: promises (purpose/teams); its leads open each period's reflection.
    is_team = models.BooleanField(
        _("team"),
        default=False,
        help_text=_("A team reflects together on the promises, at its own cadence."),
    )
    reflection_cadence = models.CharField(
        _("reflection cadence"),
        max_length=16,
        choices=ReflectionCadence.choices,
        default=ReflectionCadence.MONTHLY,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    #: Active members, kept in step by ``services.network_member_count_refresh``
    #: (``profiles/signals.py``): the networks index shows it without counting.
    member_count = models.PositiveIntegerField(default=0, editable=False)

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
    #: A team's lead (one or more per team) opens its reflections.
    is_lead = models.BooleanField(_("team lead"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"], name="unique_network_member"
            )
        ]
        indexes = [
            # The managers' inbox reads the open join requests oldest first: only
            # the few pending rows are in this index, however large the networks.
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status="pending"),
                name="profiles_nm_pending_idx",
            ),
            # Who hosts which network (the inbox asks for networks without one).
            models.Index(
                fields=["network"],
                condition=models.Q(role="host", status="active"),
                name="profiles_nm_hosts_idx",
            ),
            # A network's page lists its members hosts first, then by seniority:
            # read in that order from here, however many members it has.
            models.Index(
                fields=["network", "role", "id"],
                condition=models.Q(status="active"),
                name="profiles_nm_members_idx",
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.network}"
