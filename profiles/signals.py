"""Every user gets a profile the moment the account exists; stored
endorsement counts follow every endorsement saved or deleted, competence
counts every declaration and learning interest, network member counts every
membership (deletes include cascades: an account deleted takes its rows along); a profile's
photo goes with the profile; the name given at sign-up becomes the display
name."""

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.signals import signup_name_given

from .models import (
    Endorsement,
    LearningInterest,
    NetworkMembership,
    Profile,
    ProfileCompetence,
)
from .services import (
    competence_counts_refresh,
    endorsement_counts_refresh,
    network_member_count_refresh,
    photo_delete,
    profile_ensure,
    profile_set_display_name,
)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def create_profile_for_new_user(sender, instance, created, **kwargs):
    if created:
        profile_ensure(user=instance)


@receiver(signup_name_given)
def display_name_from_sign_up(sender, user, name, **kwargs):
    profile_set_display_name(user=user, display_name=name)


@receiver(post_save, sender=Endorsement)
@receiver(post_delete, sender=Endorsement)
def recount_endorsements(sender, instance, **kwargs):
    endorsement_counts_refresh(link_ids=[instance.profile_competence_id])


@receiver(post_save, sender=ProfileCompetence)
@receiver(post_delete, sender=ProfileCompetence)
@receiver(post_save, sender=LearningInterest)
@receiver(post_delete, sender=LearningInterest)
def recount_competence(sender, instance, created=True, update_fields=None, **kwargs):
    if created or update_fields is None or "tag" in update_fields:
        competence_counts_refresh(competence_ids=[instance.tag_id])


@receiver(post_save, sender=NetworkMembership)
@receiver(post_delete, sender=NetworkMembership)
def recount_network_members(
    sender, instance, created=True, update_fields=None, **kwargs
):
    if created or update_fields is None or "status" in update_fields:
        network_member_count_refresh(network_ids=[instance.network_id])


@receiver(post_delete, sender=Profile)
def delete_photo_with_profile(sender, instance, **kwargs):
    """A deleted profile (e.g. its user deleted in the admin) takes its photo along;
    Wagtail then removes the original and every rendition from storage."""
    if instance.photo_id:
        photo_delete(image_id=instance.photo_id)
