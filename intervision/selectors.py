"""Reads of intervision, each starting from what the viewer may see (404 otherwise)."""

from __future__ import annotations

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils import timezone

from intranet.person_names import person_name

from .models import (
    Circle,
    CircleMembership,
    Contribution,
    IntervisionSession,
    LearningEntry,
)
from .phases import WORKING, Phase


def circles_of(user):
    """The viewer's circles with their member counts (two queries, any number)."""
    # Counted over all memberships: annotating the visible_to() queryset itself
    # would count only the viewer's own (its join already picked that row).
    return (
        Circle.objects.filter(pk__in=Circle.objects.visible_to(user).values("pk"))
        .annotate(member_count=Count("memberships"))
        .order_by("name", "pk")
    )


def upcoming_sessions(user, *, limit: int = 20):
    """The viewer's sessions that have not closed, soonest first."""
    return (
        IntervisionSession.objects.visible_to(user)
        .exclude(phase=Phase.CLOSED)
        .filter(scheduled_at__gte=timezone.now() - timezone.timedelta(days=1))
        .select_related("circle")
        .order_by("scheduled_at", "pk")[:limit]
    )


def circle_for(user, pk: int) -> Circle:
    circle = (
        Circle.objects.visible_to(user)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=CircleMembership.objects.select_related("user__profile"),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if circle is None:
        raise Http404
    return circle


def sessions_of(circle: Circle):
    return circle.sessions.select_related(
        "facilitator__profile", "case_holder__profile"
    )


def session_for(user, pk: int) -> IntervisionSession:
    session = (
        IntervisionSession.objects.visible_to(user)
        .select_related(
            "circle", "facilitator__profile", "case_holder__profile", "learning_post"
        )
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404
    return session


def contributions_by_phase(session: IntervisionSession) -> list[tuple[Phase, list]]:
    """Every working phase with its contributions, in the method's order."""
    grouped: dict[str, list[Contribution]] = {phase: [] for phase in WORKING}
    for contribution in session.contributions.select_related("author__profile"):
        contribution.author_name = person_name(contribution.author)
        grouped.setdefault(contribution.phase, []).append(contribution)
    return [(Phase(phase), grouped[phase]) for phase in WORKING]


def learning_log(user):
    return LearningEntry.objects.visible_to(user).select_related("session__circle")
