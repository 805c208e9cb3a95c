"""The purpose's queues in the managers' inbox: proposals waiting for a decision and
speak-up signals to triage (open → looking into it → changed / explained why not)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intranet.audience import is_community_manager
from intranet.inbox import Action, Entry, Kind, excerpt, register
from intranet.person_names import person_name

from . import services, speakup
from .models import Proposal, Signal, SignalStatus


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


# --- Speak-up signals ------------------------------------------------------------------


def _open_signals(viewer):
    if not is_community_manager(viewer):
        return Signal.objects.none()
    return Signal.objects.filter(status__in=(SignalStatus.OPEN, SignalStatus.LOOKING))


def _signal_entries(viewer) -> list[Entry]:
    signals = _open_signals(viewer).select_related("author__profile", "promise")
    return [
        Entry(
            kind=SIGNALS,
            pk=signal.pk,
            title=_("Signal (%(status)s): %(title)s")
            % {"status": signal.get_status_display(), "title": signal.title},
            text=excerpt(signal.body),
            url=signal.get_absolute_url(),
            created_at=signal.created_at,
            # Managers always see who raised a signal (the form tells the author).
            author=person_name(signal.author),
            flag=str(_("Looking into it"))
            if signal.status == SignalStatus.LOOKING
            else "",
        )
        for signal in signals.order_by("created_at", "id")
    ]


def _move(status: str):
    return lambda obj, *, actor, reason: speakup.signal_move(
        signal=obj, status=status, reason=reason, by=actor
    )


SIGNALS = register(
    Kind(
        key="purpose_signal",
        label=_("Speak-up signals"),
        open_items=_open_signals,
        entries=_signal_entries,
        actions=(
            Action(
                "looking",
                _("Looking into it"),
                _move(SignalStatus.LOOKING),
                needs_reason=True,
                when=lambda entry: not entry.flag,
                done=_("Looking into it"),
            ),
            Action(
                "changed",
                _("Changed"),
                _move(SignalStatus.CHANGED),
                needs_reason=True,
                done=_("Changed"),
            ),
            Action(
                "explained",
                _("Explain why not"),
                _move(SignalStatus.EXPLAINED),
                needs_reason=True,
                done=_("Explained why not"),
            ),
        ),
        reason_templates=(
            _("We are looking into this with the people concerned."),
            _("The rule has been changed; thank you for speaking up."),
        ),
        order=75,
    )
)
