"""The phases of the incident method, in order, and who contributes in each."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    SCHEDULED = "scheduled", _("Not started")
    CASE = "case", _("The case")
    QUESTIONS = "questions", _("Clarifying questions")
    ANALYSIS = "analysis", _("Analysis")
    ADVICE = "advice", _("Advice")
    REFLECTION = "reflection", _("The case holder's reflection")
    TAKEAWAY = "takeaway", _("What I take away")
    CLOSED = "closed", _("Closed")


ORDER = list(Phase)
#: Phases in which members write contributions.
WORKING = [
    Phase.CASE,
    Phase.QUESTIONS,
    Phase.ANALYSIS,
    Phase.ADVICE,
    Phase.REFLECTION,
    Phase.TAKEAWAY,
]
#: Phases only the case holder writes in: they tell the case and reflect on it.
CASE_HOLDER_ONLY = {Phase.CASE, Phase.REFLECTION}

HINTS = {
    Phase.SCHEDULED: _("The facilitator starts the session."),
    Phase.CASE: _("The case holder tells the incident: what happened, briefly."),
    Phase.QUESTIONS: _("Ask questions to clarify the facts. No advice yet."),
    Phase.ANALYSIS: _("What do you see? Name patterns, feelings, dilemmas."),
    Phase.ADVICE: _("Give advice: what would you do in their place?"),
    Phase.REFLECTION: _("The case holder reflects: what helped, what will they do?"),
    Phase.TAKEAWAY: _("Each member says what they take away from this session."),
    Phase.CLOSED: _("The session is closed."),
}


def next_phase(phase: str) -> str | None:
    index = ORDER.index(Phase(phase))
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def may_contribute(phase: str, *, is_case_holder: bool) -> bool:
    if phase not in WORKING:
        return False
    return is_case_holder or phase not in CASE_HOLDER_ONLY
