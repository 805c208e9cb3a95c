"""The profiles' queues in the managers' inbox: role claims, and requests to join a
network (for its hosts; for managers when the network has no active host)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from intranet.audience import is_community_manager
from intranet.inbox import Action, Entry, Kind, excerpt, register
from intranet.person_names import person_name

from . import services
from .models import NetworkMembership, RoleClaim


def _pending_claims(viewer):
    if not is_community_manager(viewer):
        return RoleClaim.objects.none()
    return RoleClaim.objects.filter(status=RoleClaim.Status.PENDING)


def _claim_entries(viewer) -> list[Entry]:
    claims = _pending_claims(viewer).select_related("profile__user", "role")
    return [
        Entry(
            kind=ROLE_CLAIMS,
            pk=claim.pk,
            title=_("%(name)s claims the role %(role)s")
            % {"name": claim.profile.display_name, "role": claim.role.name},
            text=excerpt(claim.motivation),
            url=claim.profile.get_absolute_url(),
            created_at=claim.created_at,
            author=claim.profile.display_name,
        )
        for claim in claims.order_by("created_at", "id")
    ]


def _decide_claim(approve: bool):
    return lambda obj, *, actor, reason: services.role_claim_decide(
        claim=obj, decided_by=actor, approve=approve, reason=reason
    )


def _active_hosts():
    return NetworkMembership.objects.filter(
        role=NetworkMembership.Role.HOST, status=NetworkMembership.Status.ACTIVE
    )


def _may_answer_joins(viewer) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    return is_community_manager(viewer) or _active_hosts().filter(user=viewer).exists()


def _join_requests(viewer):
    """Requests a viewer may answer: in networks they host; for managers also in
    networks without an active host (nobody else would answer them)."""
    if not getattr(viewer, "is_authenticated", False):
        return NetworkMembership.objects.none()
    rule = Q(network__in=_active_hosts().filter(user=viewer).values("network"))
    if is_community_manager(viewer):
        rule |= ~Q(network__in=_active_hosts().values("network"))
    return NetworkMembership.objects.filter(
        rule, status=NetworkMembership.Status.PENDING
    )


def _join_entries(viewer) -> list[Entry]:
    requests = _join_requests(viewer).select_related("user__profile", "network")
    return [
        Entry(
            kind=JOIN_REQUESTS,
            pk=request.pk,
            title=_("%(name)s asks to join %(network)s")
            % {"name": person_name(request.user), "network": request.network.name},
            text="",
            url=request.network.get_absolute_url(),
            created_at=request.created_at,
            author=person_name(request.user),
        )
        for request in requests.order_by("created_at", "id")
    ]


ROLE_CLAIMS = register(
    Kind(
        key="role_claim",
        label=_("Role claims"),
        open_items=_pending_claims,
        entries=_claim_entries,
        actions=(
            Action("approve", _("Approve"), _decide_claim(True), done=_("Approved")),
            Action("decline", _("Decline"), _decide_claim(False), done=_("Declined")),
        ),
        order=60,
    )
)

JOIN_REQUESTS = register(
    Kind(
        key="network_join",
        label=_("Requests to join a network"),
        open_items=_join_requests,
        entries=_join_entries,
        actions=(
            Action(
                "approve",
                _("Let in"),
                lambda obj, *, actor, reason: services.network_membership_approve(
                    membership=obj, host=actor
                ),
                done=_("Approved"),
            ),
            Action(
                "decline",
                _("Decline"),
                lambda obj, *, actor, reason: services.network_membership_decline(
                    membership=obj, host=actor
                ),
                done=_("Declined"),
            ),
        ),
        may_decide=_may_answer_joins,
        order=80,
    )
)
