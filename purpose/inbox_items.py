"""The purpose's queue in the managers' inbox: proposals waiting for a decision."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intranet.audience import is_community_manager
from intranet.inbox import Action, Entry, Kind, excerpt, person_name, register

from . import services
from .models import Proposal


def _open_proposals(viewer):
    if not is_community_manager(viewer):
        return Proposal.objects.none()
    return Proposal.objects.filter(status=Proposal.Status.OPEN)


def _entries(viewer) -> list[Entry]:
    proposals = _open_proposals(viewer).select_related("author__profile", "promise")
    return [
        Entry(
            kind=PROPOSALS,
            pk=proposal.pk,
            title=_("Proposal for %(target)s (%(support)s support)")
            % {"target": proposal.target_label, "support": proposal.support_count},
            text=excerpt(proposal.text),
            url=proposal.get_absolute_url(),
            created_at=proposal.created_at,
            author=person_name(proposal.author),
        )
        for proposal in proposals.order_by("created_at", "id")
    ]


def _decide(status: str):
    return lambda obj, *, actor, reason: services.proposal_decide(
        proposal=obj, status=status, reason=reason, by=actor
    )


PROPOSALS = register(
    Kind(
        key="purpose_proposal",
        label=_("Purpose proposals"),
        open_items=_open_proposals,
        entries=_entries,
        actions=(
            Action(
                "approve",
                _("Adopt"),
                _decide(Proposal.Status.ADOPTED),
                done=_("Adopted"),
            ),
            Action(
                "decline",
                _("Decline"),
                _decide(Proposal.Status.DECLINED),
                needs_reason=True,
                done=_("Declined"),
            ),
        ),
        reason_templates=(
            _("It narrows the purpose more than the community wants."),
            _("The current wording already says this."),
        ),
        order=70,
    )
)
