"""A session's live events: numbered in commit order, sent after commit to the
session's private group, replayed from the present to a member who reconnects.

The wire format (``type`` is ``intervision_phase``, ``intervision_contribution``
or ``intervision_contribution_removed``; ``position`` is the session's cursor, never
``seq``, which is the feed's own) carries no markup: the page builds its nodes from plain text, so one payload serves every
member in their own language.
"""

from __future__ import annotations

from intranet import live_topics
from intranet.person_names import person_name

from .models import Contribution, IntervisionSession, SessionEvent

TOPIC = "intervision.session"


def session_group(session_id: int) -> str:
    return live_topics.group_name(TOPIC, session_id)


def phase_envelope(session: IntervisionSession, seq: int) -> dict:
    return {"type": "intervision_phase", "position": seq, "phase": session.phase}


def contribution_envelope(contribution: Contribution, seq: int) -> dict:
    return {
        "type": "intervision_contribution",
        "position": seq,
        "contribution_id": contribution.pk,
        "phase": contribution.phase,
        "author": person_name(contribution.author),
        "body": contribution.body,
        "created_at": contribution.created_at.isoformat(timespec="seconds"),
    }


def record(
    session: IntervisionSession, *, contribution: Contribution | None = None
) -> int:
    """Number and keep one event of ``session`` (locked by the caller's
    ``select_for_update``, so numbers follow commit order) and send it after
    commit."""
    session.last_seq += 1
    IntervisionSession.objects.filter(pk=session.pk).update(last_seq=session.last_seq)
    if contribution is None:
        SessionEvent.objects.create(
            session=session, seq=session.last_seq, type=SessionEvent.Type.PHASE
        )
        envelope = phase_envelope(session, session.last_seq)
    else:
        SessionEvent.objects.create(
            session=session,
            seq=session.last_seq,
            type=SessionEvent.Type.CONTRIBUTION,
            contribution_id=contribution.pk,
        )
        envelope = contribution_envelope(contribution, session.last_seq)
    live_topics.broadcast_on_commit(session_group(session.pk), envelope)
    return session.last_seq


def group_for(user, session_id: int) -> str | None:
    """The session's group if ``user`` is a member of its circle now."""
    if not IntervisionSession.objects.visible_to(user).filter(pk=session_id).exists():
        return None
    return session_group(session_id)


def replay_since(
    user, session_id: int, cursor: int, limit: int
) -> tuple[list[dict], int] | None:
    """The session's events after ``cursor`` rendered as they are now: a phase
    event shows the current phase, a contribution as it is (or its removal)."""
    session = IntervisionSession.objects.visible_to(user).filter(pk=session_id).first()
    if session is None:
        return [], cursor
    top = session.last_seq
    rows = list(session.events.filter(seq__gt=cursor).order_by("seq")[: limit + 1])
    if len(rows) > limit:
        return None
    contributions = {
        c.pk: c
        for c in Contribution.objects.filter(
            session=session,
            pk__in=[r.contribution_id for r in rows if r.contribution_id],
        ).select_related("author__profile")
    }
    envelopes = []
    for row in rows:
        if row.type == SessionEvent.Type.PHASE:
            envelopes.append(phase_envelope(session, row.seq))
            continue
        contribution = contributions.get(row.contribution_id)
        if contribution is None:
            envelopes.append(
                {
                    "type": "intervision_contribution_removed",
                    "position": row.seq,
                    "contribution_id": row.contribution_id,
                }
            )
        else:
            envelopes.append(contribution_envelope(contribution, row.seq))
    return envelopes, max(top, cursor)
