"""What a visitor may do with the purpose before having an account: support a
proposal. Kept through sign-up by accounts/contributions.py and applied here through
this app's own service once the address is verified (a proposal decided or deleted
meanwhile is refused with a message; supporting twice counts once)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.contributions import Applied, ContributionRefused, Kind, register

from .models import Proposal, ProposalSupport
from .services import proposal_support

SUPPORT = "purpose.support"


def _proposal(target: dict) -> Proposal:
    proposal = Proposal.objects.filter(pk=target.get("proposal")).first()
    if proposal is None:
        raise ContributionRefused(
            _("The proposal you supported no longer exists, so nothing was added."),
            reverse("purpose:inventory"),
        )
    return proposal


def _describe_support(target, payload) -> str:
    return _("Your support for proposal #%(number)s") % {"number": _proposal(target).pk}


def _apply_support(*, user, target, payload) -> Applied:
    proposal = _proposal(target)
    url = proposal.get_absolute_url()
    if ProposalSupport.objects.filter(proposal=proposal, user=user).exists():
        return Applied(_("You already support this proposal."), url)
    try:
        proposal_support(user=user, proposal=proposal)
    except ValidationError as exc:
        raise ContributionRefused(" ".join(exc.messages), url) from exc
    return Applied(_("Your support counts: thank you!"), url)


register(Kind(SUPPORT, _describe_support, _apply_support))
