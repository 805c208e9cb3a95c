"""The bottom-up roll-up of team reflections on a promise's dashboard.

Only a round (one team, one period) with at least the Purpose Index's minimum
group size of reflections counts, so no team smaller than that can be read off
the dashboard: its scores, shared actions and adjustment themes are all left out.
Members see the distribution, trend and shared actions; community managers also
see the "resonance" view: what asks for adjustment across teams, grouped into themes
(``purpose.themes``: shared significant words, how many teams raise each). A fixed number of
queries whatever the number of teams and reflections.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from intranet.audience import is_community_manager

from .aggregates import min_group
from .models import ReflectionRound, TeamReflection
from .themes import Theme, adjustment_themes

#: How many recent adjustment answers the resonance view groups into themes.
THEME_ANSWERS = 200


@dataclass
class Rollup:
    minimum: int
    #: score (1..5) -> number of reflections, in the counted rounds.
    distribution: list[tuple[int, int]] = field(default_factory=list)
    #: (period start, average score, number of teams) oldest first.
    trend: list[tuple] = field(default_factory=list)
    actions: list[TeamReflection] = field(default_factory=list)
    #: the resonance view: ``purpose.themes.Theme`` across teams, most teams first.
    themes: list[Theme] = field(default_factory=list)
    #: adjustment answers no other team raises (shown apart under the themes).
    other_adjustments: list[TeamReflection] = field(default_factory=list)
    teams: int = 0
    reflections: int = 0

    @property
    def shown(self) -> bool:
        return self.reflections > 0


def counted_rounds(promise):
    """The rounds on ``promise`` with at least the minimum number of reflections."""
    sizes = (
        TeamReflection.objects.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        ReflectionRound.objects.filter(promise=promise)
        .annotate(size=Coalesce(Subquery(sizes), 0))
        .filter(size__gte=min_group())
    )


def promise_rollup(*, promise, viewer, periods: int = 12) -> Rollup:
    minimum = min_group()
    rollup = Rollup(minimum=minimum)
    if not getattr(viewer, "is_authenticated", False):
        return rollup
    rounds = counted_rounds(promise)
    reflections = TeamReflection.objects.filter(round__in=rounds.values("pk"))
    per_period = list(
        rounds.values("period_start")
        .annotate(teams=Count("team", distinct=True))
        .order_by("-period_start")[:periods]
    )
    if not per_period:
        return rollup
    averages = {
        row["round__period_start"]: row["average"]
        for row in reflections.values("round__period_start")
        .annotate(average=Avg("score"))
        .order_by()
    }
    rollup.trend = [
        (
            row["period_start"],
            round(averages.get(row["period_start"]) or 0, 1),
            row["teams"],
        )
        for row in reversed(per_period)
    ]
    counts = {
        row["score"]: row["n"]
        for row in reflections.values("score").annotate(n=Count("id")).order_by()
    }
    rollup.distribution = [(score, counts.get(score, 0)) for score in range(1, 6)]
    rollup.reflections = sum(counts.values())
    rollup.teams = max(row["teams"] for row in per_period)
    rollup.actions = list(
        reflections.filter(round__share_actions=True)
        .exclude(action="")
        .select_related("round__team")
        .order_by("-round__period_start", "-created_at")[:10]
    )
    if is_community_manager(viewer):
        answers = list(
            reflections.exclude(adjust="")
            .select_related("round__team")
            .order_by("-round__period_start", "round__team__name", "-created_at")[
                :THEME_ANSWERS
            ]
        )
        rollup.themes, rest = adjustment_themes(
            answers, team_of=lambda r: r.round.team, text_of=lambda r: r.adjust
        )
        rollup.other_adjustments = rest[:20]
    return rollup
