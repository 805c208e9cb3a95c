"""Open feed sockets follow the member: a change of networks, groups or session, or
an erased account, reaches the member's sockets (feed.consumers re-reads rights)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from profiles.models import NetworkMembership

from . import events, services


@receiver(post_save, sender=NetworkMembership)
@receiver(post_delete, sender=NetworkMembership)
def membership_changed(sender, instance, **kwargs):
    events.rights_changed(instance.user_id)


@receiver(m2m_changed, sender=get_user_model().groups.through)
def groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        events.rights_changed(instance.pk)
    else:  # group.user_set.add(...): the members are pk_set (unknown on clear)
        for user_id in pk_set or ():
            events.rights_changed(user_id)


@receiver(user_logged_out)
def signed_out(sender, request, user, **kwargs):
    if user is not None and getattr(request, "session", None) is not None:
        events.session_ended(user.pk, request.session.session_key)


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL)
def account_erased(sender, instance, **kwargs):
    services.member_events_erase(user=instance)
