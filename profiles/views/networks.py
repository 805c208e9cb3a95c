"""Networks"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from intranet.paging import paged
from intranet.viewer_state import page_owned_by

from .. import selectors, services
from ..models import (
    Network,
    NetworkMembership,
)
from .common import (
    MEMBERS_SHOWN,
    NETWORKS_PER_PAGE,
    _error_text,
)

# --- networks -----------------------------------------------------------------


@require_GET
def network_list(request):
    networks = selectors.networks_for(viewer=request.user)
    page = paged(request, networks, per_page=NETWORKS_PER_PAGE)
    # "You are in" is filled per viewer (profiles/viewer_state.py).
    return render(
        request,
        "profiles/network_list.html",
        {"networks": page.object_list, "page_obj": page},
    )


def _visible_network(request, slug) -> Network:
    return get_object_or_404(Network.objects.visible_to(request.user), slug=slug)


@require_GET
def network(request, slug):
    network = _visible_network(request, slug)
    members = selectors.network_members(
        viewer=request.user, network=network, limit=MEMBERS_SHOWN
    )
    # Hosts let people in here: a copy of their own. Joining, leaving and a request
    # waiting for approval are filled per viewer (profiles/viewer_state.py).
    page_owned_by(request, *selectors.network_host_ids(network=network))
    is_host = selectors.is_network_host(user=request.user, network=network)
    pending = []
    if is_host:
        pending = NetworkMembership.objects.filter(
            network=network, status=NetworkMembership.Status.PENDING
        ).select_related("user__profile")
    return render(
        request,
        "profiles/network_detail.html",
        {
            "network": network,
            "members": members,
            # all shown: exactly who this viewer sees; past the list, the stored
            # count of active members (as the networks index shows it)
            "member_count": len(members)
            if len(members) < MEMBERS_SHOWN
            else max(network.member_count, len(members)),
            "membership": selectors.membership_of(user=request.user, network=network),
            "is_host": is_host,
            "pending": pending,
        },
    )


@login_required
@require_POST
def network_join(request, slug):
    network = _visible_network(request, slug)
    membership = services.network_join(network=network, user=request.user)
    if membership.status == NetworkMembership.Status.ACTIVE:
        messages.success(
            request, _("Welcome to %(network)s.") % {"network": network.name}
        )
    else:
        messages.info(
            request,
            _("Your request to join %(network)s waits for a host's approval.")
            % {"network": network.name},
        )
    return redirect(network.get_absolute_url())


@login_required
@require_POST
def network_leave(request, slug):
    network = _visible_network(request, slug)
    services.network_leave(network=network, user=request.user)
    messages.success(request, _("You left %(network)s.") % {"network": network.name})
    return redirect(network.get_absolute_url())


@login_required
@require_POST
def network_approve(request, slug, membership_id):
    network = _visible_network(request, slug)
    membership = get_object_or_404(NetworkMembership, pk=membership_id, network=network)
    try:
        services.network_membership_approve(membership=membership, host=request.user)
    except ValidationError as exc:
        raise PermissionDenied(_error_text(exc)) from exc
    messages.success(request, _("The member was let in."))
    return redirect(network.get_absolute_url())
