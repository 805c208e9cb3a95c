"""The profile's part of the data download and of deleting an account."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from intranet.personal_data import (
    ANONYMISED,
    NotPersonal,
    Section,
    declare_not_personal,
    iso,
    register,
)
from intranet.site_url import absolute_url

from .models import Endorsement, Follow, NetworkMembership, Profile
from .services import photo_delete


def _profile(user):
    profile = Profile.objects.select_related("photo").filter(user=user).first()
    if profile is None:
        return None
    return {
        "display_name": profile.display_name,
        "headline": profile.headline,
        "public_profile": profile.public_profile,
        "url": absolute_url(profile.get_absolute_url()),
        "photo": profile.photo.file.name if profile.photo_id else None,
        **{
            name: {
                "value": profile.field_value(name),
                "audience": getattr(profile, audience_field),
            }
            for name, audience_field in Profile.AUDIENCE_FIELDS.items()
        },
    }


def _erase_photo(user):
    """The photo is an image in Wagtail's library: deleted with its files."""
    photo_id = (
        Profile.objects.filter(user=user).values_list("photo_id", flat=True).first()
    )
    if photo_id:
        photo_delete(image_id=photo_id)


def _roles(user):
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return []
    return [
        {
            "role": a.role.name,
            "context": a.context_label,
            "context_url": a.context_url,
            "audience": a.audience,
            "since": iso(a.since),
            "until": iso(a.until),
        }
        for a in profile.role_assignments.select_related("role")
    ]


def _role_claims(user):
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return []
    return [
        {
            "role": c.role.name,
            "motivation": c.motivation,
            "status": c.status,
            "reason": c.reason,
            "claimed_at": iso(c.created_at),
        }
        for c in profile.role_claims.select_related("role")
    ]


def _competences(user):
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return []
    return [
        {
            "name": link.tag.name,
            "level": link.level,
            "endorsed_by": [e.endorser.username for e in link.endorsements.all()],
        }
        for link in profile.competence_links.select_related("tag").prefetch_related(
            Prefetch(
                "endorsements",
                queryset=Endorsement.objects.select_related("endorser"),
            )
        )
    ]


def _learning_interests(user):
    profile = Profile.objects.filter(user=user).first()
    if profile is None:
        return []
    return list(profile.learning_links.values_list("tag__name", flat=True))


def _endorsements_given(user):
    return [
        {
            "member": e.profile_competence.content_object.user.username,
            "competence": e.profile_competence.tag.name,
            "at": iso(e.created_at),
        }
        for e in Endorsement.objects.filter(endorser=user).select_related(
            "profile_competence__tag", "profile_competence__content_object__user"
        )
    ]


def _networks(user):
    return [
        {
            "network": m.network.name,
            "role": m.role,
            "status": m.status,
            "joined_at": iso(m.created_at),
        }
        for m in NetworkMembership.objects.filter(user=user).select_related("network")
    ]


register(
    Section(
        key="profile",
        export=_profile,
        relations=(("profiles.Profile", "user"),),
        erase=_erase_photo,
        on_delete=_("your profile and its photo"),
        order=10,
    )
)
register(
    Section(
        key="roles",
        export=_roles,
        relations=(("profiles.RoleAssignment", "profile"),),
        on_delete=_("the roles you hold"),
        order=11,
    )
)
register(
    Section(
        key="role_claims",
        export=_role_claims,
        relations=(("profiles.RoleClaim", "profile"),),
        on_delete=_("your role claims"),
        order=12,
    )
)
register(
    Section(
        key="competences",
        export=_competences,
        relations=(("profiles.ProfileCompetence", "content_object"),),
        on_delete=_("your competences and the endorsements they received"),
        order=13,
    )
)
register(
    Section(
        key="learning_interests",
        export=_learning_interests,
        relations=(("profiles.LearningInterest", "content_object"),),
        on_delete=_("your learning interests"),
        order=14,
    )
)
register(
    Section(
        key="endorsements_given",
        export=_endorsements_given,
        relations=(("profiles.Endorsement", "endorser"),),
        on_delete=_("endorsements you gave"),
        order=15,
    )
)
register(
    Section(
        key="following",
        export=lambda user: [
            {"member": f.followed.username, "since": iso(f.created_at)}
            for f in Follow.objects.filter(follower=user).select_related("followed")
        ],
        relations=(("profiles.Follow", "follower"),),
        on_delete=_("the people you follow"),
        order=16,
    )
)
register(
    Section(
        key="followers",
        export=lambda user: [
            {"member": f.follower.username, "since": iso(f.created_at)}
            for f in Follow.objects.filter(followed=user).select_related("follower")
        ],
        relations=(("profiles.Follow", "followed"),),
        on_delete=_("who follows you"),
        order=17,
    )
)
register(
    Section(
        key="networks",
        export=_networks,
        relations=(("profiles.NetworkMembership", "user"),),
        on_delete=_("your network memberships"),
        order=18,
    )
)
declare_not_personal(
    NotPersonal(
        relation=("profiles.RoleAssignment", "assigned_by"),
        reason="Who assigned a role to someone else: part of that member's record.",
        erasure=ANONYMISED,
        on_delete=_("roles you assigned to others stay, without your name"),
    )
)
declare_not_personal(
    NotPersonal(
        relation=("profiles.RoleClaim", "decided_by"),
        reason="A manager's decision on someone else's claim.",
        erasure=ANONYMISED,
        on_delete=_(
            "decisions you made on others' role claims stay, without your name"
        ),
    )
)
