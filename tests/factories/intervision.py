"""Factories for intervision: a circle of members and a session in it."""

from datetime import timedelta

from django.utils import timezone

from intervision import services
from intervision.phases import next_phase

from .accounts import make_member

__all__ = ["make_circle", "make_session", "move_session_to"]


def make_circle(members=None, *, name="Intervisiekring Wijkteam Noord"):
    """A circle of ``members`` (three new employees by default); the first creates it."""
    members = list(members) if members else [make_member("employee") for _ in range(3)]
    return services.circle_create(creator=members[0], name=name, members=members[1:])


def make_session(circle, *, facilitator=None, case_holder=None, **fields):
    people = [m.user for m in circle.memberships.select_related("user")]
    facilitator = facilitator or people[0]
    case_holder = case_holder or next(p for p in people if p.pk != facilitator.pk)
    fields.setdefault("title", "Intervisie maart")
    fields.setdefault("scheduled_at", timezone.now() + timedelta(days=1))
    fields.setdefault("case_title", "Een lastig gesprek met een familielid")
    fields.setdefault("case_text", "Mevrouw De Vries belde boos over de planning.")
    return services.session_schedule(
        circle=circle,
        actor=facilitator,
        facilitator=facilitator,
        case_holder=case_holder,
        **fields,
    )


def move_session_to(session, phase: str):
    """Move ``session`` phase by phase (as its facilitator) until it is in ``phase``."""
    while session.phase != phase:
        session = services.session_move_phase(
            session=session,
            actor=session.facilitator,
            from_phase=session.phase,
            to_phase=next_phase(session.phase),
        )
    return session
