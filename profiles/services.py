"""Writes on profiles, roles, competences, follows and networks (validation first)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from accounts.language import member_language
from intranet.audience import Audience, is_community_manager
from intranet.counting import correlated_count
from intranet.html import clean_text, sanitise_html
from intranet.mail import automatic_mail
from intranet.media import reencode_image
from intranet.personal_data import account_erase

from . import selectors
from .models import (
    Competence,
    Endorsement,
    Follow,
    LearningInterest,
    Network,
    NetworkMembership,
    Profile,
    ProfileCompetence,
    Role,
    RoleAssignment,
    RoleClaim,
)

MAX_PHOTO_BYTES = 5 * 1024 * 1024
LEVEL_RANK = {"learning": 0, "practised": 1, "expert": 2}


def profile_ensure(*, user) -> Profile:
    """Return the user's profile, creating it with a sensible display name if missing."""
    profile, _created = Profile.objects.get_or_create(
        user=user,
        defaults={"display_name": (user.get_full_name() or user.username)[:120]},
    )
    return profile


def profile_set_display_name(*, user, display_name: str) -> Profile:
    profile = profile_ensure(user=user)
    profile.display_name = display_name[:120]
    profile.save(update_fields=["display_name", "updated_at"])
    return profile


def profile_update(*, profile: Profile, **fields) -> Profile:
    """Save edited fields; the bio is sanitised here so no caller can forget it."""
    for name, value in fields.items():
        if name == "bio":
            value = sanitise_html(value)
        elif name in ("display_name", "headline", "location", "languages"):
            value = clean_text(value)
        setattr(profile, name, value)
    profile.full_clean(exclude=["user", "photo"])
    profile.save()
    return profile


@transaction.atomic
def profile_save(
    *, profile: Profile, fields: dict, photo=None, remove_photo: bool = False
) -> Profile:
    """The profile form's save: fields and photo together or not at all."""
    profile_update(profile=profile, **fields)
    if photo:
        profile_set_photo(profile=profile, uploaded_file=photo)
    elif remove_photo and profile.photo_id:
        old = profile.photo
        profile.photo = None
        profile.save(update_fields=["photo", "updated_at"])
        old.delete()
    return profile


def profile_set_photo(*, profile: Profile, uploaded_file) -> Profile:
    """Store an uploaded photo as a Wagtail image (renditions come for free).

    The upload is re-encoded (``intranet.media``) and named ``protected_<hex>``,
    so its original and renditions are served only by ``profiles:photo``; the
    replaced image is deleted, and Wagtail removes its files after commit.
    """
    if uploaded_file.size > MAX_PHOTO_BYTES:
        raise ValidationError(_("The photo is larger than 5 MB."))
    clean = reencode_image(uploaded_file)
    image = get_image_model()(
        title=_("Photo of %(name)s") % {"name": profile.display_name},
        file=clean,
        uploaded_by_user=profile.user,
    )
    image.save()
    old = profile.photo
    profile.photo = image
    profile.save(update_fields=["photo", "updated_at"])
    if old is not None:
        old.delete()
    return profile


def photo_delete(*, image_id: int) -> None:
    """Delete a profile photo (Wagtail deletes the files and renditions on commit)."""
    get_image_model().objects.filter(pk=image_id).delete()


# --- competences --------------------------------------------------------------


def competence_get_or_create(*, name: str) -> Competence:
    """Find a competence by any of its names or synonyms, in either language,
    case-insensitively, or add it to the vocabulary.

    A member proposes one name: it is stored as the name in the language they
    are using, and community managers add the other language in the admin.
    """
    name = " ".join(clean_text(name).split())[:100]
    if not name:
        raise ValidationError(_("A competence needs a name."))
    existing = Competence.objects.named(name).first()
    if existing:
        return existing
    slug = slugify(name, allow_unicode=True)[:100] or "competence"
    base, n = slug, 2
    while Competence.objects.filter(slug=slug).exists():
        slug = f"{base[:95]}-{n}"
        n += 1
    return Competence.objects.create(name=name, slug=slug)


def profile_competence_set(
    *, profile: Profile, name: str, level: str = "practised"
) -> ProfileCompetence:
    """Declare a competence (or change its level)."""
    if level not in LEVEL_RANK:
        raise ValidationError(_("Choose a level: learning, practised or expert."))
    competence = competence_get_or_create(name=name)
    link, created = ProfileCompetence.objects.get_or_create(
        content_object=profile, tag=competence, defaults={"level": level}
    )
    if not created and link.level != level:
        link.level = level
        link.save(update_fields=["level"])
    if created:
        selectors.forget_popular_competences()
    return link


def profile_competence_remove(*, profile: Profile, competence_id: int) -> None:
    ProfileCompetence.objects.filter(
        content_object=profile, tag_id=competence_id
    ).delete()
    selectors.forget_popular_competences()


def learning_interest_add(*, profile: Profile, name: str) -> LearningInterest:
    competence = competence_get_or_create(name=name)
    link, _created = LearningInterest.objects.get_or_create(
        content_object=profile, tag=competence
    )
    return link


def learning_interest_remove(*, profile: Profile, competence_id: int) -> None:
    LearningInterest.objects.filter(
        content_object=profile, tag_id=competence_id
    ).delete()


def endorsement_counts_refresh(*, profile_ids=None, link_ids=None) -> None:
    """Recount the stored endorsement counts from the endorsements themselves.

    ``ProfileCompetence.endorsement_count`` and ``Profile.endorsement_total``
    let the directory sort without counting every member's endorsements per
    request. Every endorsement saved or deleted refreshes its declaration and
    profile (``profiles/signals.py``); bulk writes (demo seed, competence merge)
    call this. Without arguments every profile is recounted.
    """
    counted = (
        Endorsement.objects.filter(profile_competence=OuterRef("pk"))
        .order_by()
        .values("profile_competence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    links = ProfileCompetence.objects.all()
    profiles = Profile.objects.all()
    if link_ids is not None:
        links = links.filter(pk__in=link_ids)
        profiles = profiles.filter(competence_links__in=link_ids)
    if profile_ids is not None:
        links = links.filter(content_object_id__in=profile_ids)
        profiles = profiles.filter(pk__in=profile_ids)
    links.update(endorsement_count=Coalesce(Subquery(counted), 0))
    summed = (
        ProfileCompetence.objects.filter(content_object=OuterRef("pk"))
        .order_by()
        .values("content_object")
        .annotate(n=Sum("endorsement_count"))
        .values("n")
    )
    Profile.objects.filter(pk__in=profiles.values("pk")).update(
        endorsement_total=Coalesce(Subquery(summed), 0)
    )


def _lock_rows(queryset) -> None:
    """Lock the rows about to be recounted (``FOR NO KEY UPDATE``, which inserts
    of rows pointing at them do not wait for). Two writers recounting one row take
    turns; the second counts in a new snapshot, after the first committed, so
    counts never lose a concurrent write. A no-op on SQLite (writes are serial)."""
    list(queryset.select_for_update(no_key=True).order_by("pk").values_list("pk"))


@transaction.atomic
def competence_counts_refresh(*, competence_ids=None) -> None:
    """Recount ``Competence.holder_count`` and ``learner_count`` from the rows.

    The directory's popular competences and the competence index sort on them
    instead of counting every declaration per request. A declaration or learning
    interest saved or deleted refreshes its competence (``profiles/signals.py``,
    also for cascades when an account goes); bulk writes (demo seed, merge) call
    this. Without arguments every competence is recounted.
    """
    competences = Competence.objects.all()
    if competence_ids is not None:
        competences = competences.filter(pk__in=list(competence_ids))
    _lock_rows(competences)
    competences.update(
        holder_count=correlated_count(ProfileCompetence.objects.all(), "tag"),
        learner_count=correlated_count(LearningInterest.objects.all(), "tag"),
    )


@transaction.atomic
def network_member_count_refresh(*, network_ids=None) -> None:
    """Recount ``Network.member_count`` (active members) from the memberships:
    the networks index shows it without counting. Every membership saved or
    deleted refreshes its network (``profiles/signals.py``); bulk writes call this."""
    networks = Network.objects.all()
    if network_ids is not None:
        networks = networks.filter(pk__in=list(network_ids))
    _lock_rows(networks)
    networks.update(
        member_count=correlated_count(
            NetworkMembership.objects.filter(status=NetworkMembership.Status.ACTIVE),
            "network",
        )
    )


def endorsement_create(
    *, endorser, profile_competence: ProfileCompetence
) -> Endorsement:
    if profile_competence.content_object.user_id == endorser.pk:
        raise ValidationError(_("You cannot endorse your own competence."))
    if Endorsement.objects.filter(
        profile_competence=profile_competence, endorser=endorser
    ).exists():
        raise ValidationError(_("You have already endorsed this competence."))
    try:
        with transaction.atomic():
            return Endorsement.objects.create(
                profile_competence=profile_competence, endorser=endorser
            )
    except IntegrityError as exc:  # a double click racing the check above
        raise ValidationError(_("You have already endorsed this competence.")) from exc


def endorsement_delete(*, endorser, profile_competence: ProfileCompetence) -> None:
    Endorsement.objects.filter(
        profile_competence=profile_competence, endorser=endorser
    ).delete()


@transaction.atomic
def competence_merge(*, source: Competence, target: Competence) -> Competence:
    """Fold ``source`` into ``target``: every declaration, endorsement and learning
    interest moves over, duplicates collapse (highest level kept), ``source`` goes."""
    if source.pk == target.pk:
        raise ValidationError(_("Choose two different competences to merge."))
    for link in ProfileCompetence.objects.filter(tag=source).select_related(None):
        kept = ProfileCompetence.objects.filter(
            content_object_id=link.content_object_id, tag=target
        ).first()
        if kept is None:
            link.tag = target
            link.save(update_fields=["tag"])
            continue
        if LEVEL_RANK[link.level] > LEVEL_RANK[kept.level]:
            kept.level = link.level
            kept.save(update_fields=["level"])
        already = set(kept.endorsements.values_list("endorser_id", flat=True))
        link.endorsements.exclude(endorser_id__in=already).update(
            profile_competence=kept
        )
        link.delete()
        endorsement_counts_refresh(link_ids=[kept.pk])
    # Learning interests and other apps' tag links (e.g. posts tagged with a
    # competence) move over the same way: drop the duplicates, re-point the rest.
    for relation in Competence._meta.related_objects:
        model = relation.related_model
        if model is ProfileCompetence or not relation.one_to_many:  # reverse FKs
            continue
        field = relation.field.name
        if not any(f.name == "content_object" for f in model._meta.fields):
            model.objects.filter(**{field: source}).update(**{field: target})
            continue
        have = model.objects.filter(**{field: target}).values("content_object_id")
        model.objects.filter(**{field: source}, content_object_id__in=have).delete()
        model.objects.filter(**{field: source}).update(**{field: target})
    if source.description and not target.description:
        target.description = source.description
        target.save(update_fields=["description"])
    source.delete()
    competence_counts_refresh(competence_ids=[target.pk])
    selectors.forget_popular_competences()
    return target


# --- roles --------------------------------------------------------------------


def role_assignment_create(
    *,
    profile: Profile,
    role: Role,
    assigned_by=None,
    context_label: str = "",
    context_url: str = "",
    since: datetime.date | None = None,
    audience: str = Audience.PUBLIC,
) -> RoleAssignment:
    """Give a member a role. Idempotent: a current assignment of the same role in
    the same context is returned rather than duplicated.

    ``audience`` is the audience of the context (a roadmap item, a network): the
    assignment, its label and link are shown to no one the context is hidden from.
    """
    context_label = clean_text(context_label)[:200]
    existing = (
        RoleAssignment.objects.current()
        .filter(
            profile=profile, role=role, context_label=context_label, audience=audience
        )
        .first()
    )
    if existing:
        return existing
    return RoleAssignment.objects.create(
        profile=profile,
        role=role,
        assigned_by=assigned_by,
        context_label=context_label,
        context_url=context_url[:300],
        since=since or timezone.localdate(),
        audience=audience,
    )


def role_assignment_end(
    *, assignment: RoleAssignment, until: datetime.date | None = None
) -> RoleAssignment:
    assignment.until = until or timezone.localdate()
    assignment.save(update_fields=["until"])
    return assignment


def role_claim_create(
    *, profile: Profile, role: Role, motivation: str = ""
) -> RoleClaim:
    if RoleClaim.objects.filter(
        profile=profile, role=role, status=RoleClaim.Status.PENDING
    ).exists():
        raise ValidationError(
            _("You have already claimed this role; it is waiting for a decision.")
        )
    if RoleAssignment.objects.current().filter(profile=profile, role=role).exists():
        raise ValidationError(_("You already hold this role."))
    try:
        with transaction.atomic():
            return RoleClaim.objects.create(
                profile=profile, role=role, motivation=clean_text(motivation)[:2000]
            )
    except IntegrityError as exc:
        raise ValidationError(
            _("You have already claimed this role; it is waiting for a decision.")
        ) from exc


def _tell_claimant(claim: RoleClaim) -> None:
    """E-mail the member the decision, in their language (an automatic mail)."""
    user = claim.profile.user
    if not user.email:
        return
    role = {"role": claim.role.name}
    with member_language(user):
        if claim.status == RoleClaim.Status.APPROVED:
            subject = _("Your claim for the role %(role)s was approved") % role
            body = _("Good news: you now hold the role %(role)s.") % role
        else:
            subject = _("Your claim for the role %(role)s was declined") % role
            body = _("Your claim for the role %(role)s was declined.") % role
        if claim.reason:
            body += "\n\n" + _("Reason: %(reason)s") % {"reason": claim.reason}
        message = automatic_mail(to=[user.email], subject=subject, text=body)
    message.send(fail_silently=True)


def role_claim_decide(
    *, claim: RoleClaim, decided_by, approve: bool, reason: str = ""
) -> RoleClaim:
    """Approve (assigning the role) or decline a pending claim; the member is e-mailed."""
    if claim.status != RoleClaim.Status.PENDING:
        raise ValidationError(_("This claim has already been decided."))
    with transaction.atomic():
        claim.status = (
            RoleClaim.Status.APPROVED if approve else RoleClaim.Status.DECLINED
        )
        claim.decided_by = decided_by
        claim.decided_at = timezone.now()
        claim.reason = clean_text(reason)[:2000]
        claim.save()
        if approve:
            role_assignment_create(
                profile=claim.profile, role=claim.role, assigned_by=decided_by
            )
        transaction.on_commit(lambda: _tell_claimant(claim))
    return claim


# --- follows and networks -----------------------------------------------------


def follow_create(*, follower, followed) -> Follow:
    if follower.pk == followed.pk:
        raise ValidationError(_("You cannot follow yourself."))
    follow, _created = Follow.objects.get_or_create(
        follower=follower, followed=followed
    )
    return follow


def follow_delete(*, follower, followed) -> None:
    Follow.objects.filter(follower=follower, followed=followed).delete()


def network_join(*, network: Network, user) -> NetworkMembership:
    """Join an open network, or ask to join one that needs a host's approval."""
    status = (
        NetworkMembership.Status.ACTIVE
        if network.join_policy == Network.JoinPolicy.OPEN
        else NetworkMembership.Status.PENDING
    )
    membership, created = NetworkMembership.objects.get_or_create(
        network=network, user=user, defaults={"status": status}
    )
    return membership


def network_leave(*, network: Network, user) -> None:
    NetworkMembership.objects.filter(network=network, user=user).delete()


def _check_may_answer(*, membership: NetworkMembership, host) -> None:
    if not NetworkMembership.objects.filter(
        network_id=membership.network_id,
        user=host,
        role=NetworkMembership.Role.HOST,
        status=NetworkMembership.Status.ACTIVE,
    ).exists() and not is_community_manager(host):
        raise ValidationError(_("Only a host of this network can approve members."))
    if membership.status != NetworkMembership.Status.PENDING:
        raise ValidationError(_("This request to join was already answered."))


def network_membership_approve(
    *, membership: NetworkMembership, host
) -> NetworkMembership:
    _check_may_answer(membership=membership, host=host)
    membership.status = NetworkMembership.Status.ACTIVE
    membership.save(update_fields=["status"])
    return membership


def network_membership_decline(*, membership: NetworkMembership, host) -> None:
    """Turn down a request to join: the request goes; the member may ask again."""
    _check_may_answer(membership=membership, host=host)
    membership.delete()


# --- data rights --------------------------------------------------------------


def account_delete(*, user) -> None:
    """Delete the account: what every app registered as the member's data is deleted
    or anonymised (intranet/personal_data.py; docs/personal-data.md), then the user
    row, in one transaction."""
    User = get_user_model()
    account_erase(
        user=user, delete_user=lambda: User.objects.filter(pk=user.pk).delete()
    )
    selectors.forget_popular_competences()
