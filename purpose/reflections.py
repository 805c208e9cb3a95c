"""Team reflections: a lead opens a period's round, members reflect, the team sees its trend.

Writes validate before they write (inside ``transaction.atomic``); reads start from
``ReflectionRound.objects.visible_to(viewer)``: a team's reflections are the team's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from feed.models import Notification
from feed.services import notification_create
from home.models import Promise
from intranet.html import clean_text
from profiles.models import Network, NetworkMembership, ReflectionCadence

from .models import PROMPT_MAX, ReflectionRound, TeamReflection

ACTIVE = NetworkMembership.Status.ACTIVE


# --- periods ---------------------------------------------------------------------------


def period_of(cadence: str, day: date) -> tuple[date, date]:
    """The (first, last) day of the month or quarter ``day`` falls in."""
    if cadence == ReflectionCadence.QUARTERLY:
        first_month = 3 * ((day.month - 1) // 3) + 1
        start = date(day.year, first_month, 1)
        months = 3
    else:
        start = day.replace(day=1)
        months = 1
    year, month = divmod(start.month - 1 + months, 12)
    end = date(start.year + year, month + 1, 1) - timedelta(days=1)
    return start, end


# --- who is who in a team --------------------------------------------------------------


def teams_of(user):
    """The teams ``user`` is an active member of, by name."""
    if not getattr(user, "is_authenticated", False):
        return Network.objects.none()
    return Network.objects.filter(
        is_team=True, memberships__user=user, memberships__status=ACTIVE
    ).order_by("name")


def membership(*, team, user) -> NetworkMembership | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return NetworkMembership.objects.filter(
        network=team, user=user, status=ACTIVE
    ).first()


def is_team_member(*, team, user) -> bool:
    return membership(team=team, user=user) is not None


def is_team_lead(*, team, user) -> bool:
    m = membership(team=team, user=user)
    return bool(m and m.is_lead)


def team_members(team):
    """Active members of a team, leads first, with their profiles."""
    return (
        get_user_model()
        .objects.filter(
            network_memberships__network=team,
            network_memberships__status=ACTIVE,
        )
        .select_related("profile")
        .order_by("-network_memberships__is_lead", "profile__display_name", "pk")
    )


# --- writes ----------------------------------------------------------------------------


def _prompt(value: str, *, field: str, label: str) -> str:
    text = clean_text(value or "")
    if len(text) > PROMPT_MAX:
        raise ValidationError(
            {
                field: _("%(label)s is too long: at most %(limit)s characters.")
                % {"label": label, "limit": PROMPT_MAX}
            }
        )
    return text


@transaction.atomic
def reflection_round_open(
    *, team, promise, by, share_actions: bool = False, today: date | None = None
) -> ReflectionRound:
    """Open this period's reflection of ``team`` on ``promise`` (a lead only) and
    remind the team's members by notification (the digest lists open rounds)."""
    if not team.is_team:
        raise ValidationError(_("Only a team reflects on the promises."))
    if not is_team_lead(team=team, user=by):
        raise PermissionDenied(_("Only a lead of this team opens its reflection."))
    if not Promise.objects.filter(pk=promise.pk).exists():
        raise ValidationError({"promise": _("Choose a promise.")})
    start, end = period_of(team.reflection_cadence, today or timezone.localdate())
    if ReflectionRound.objects.filter(
        team=team, promise=promise, period_start=start
    ).exists():
        raise ValidationError(
            _("This period's reflection on this promise is already open.")
        )
    round_ = ReflectionRound.objects.create(
        team=team,
        promise=promise,
        period_start=start,
        period_end=end,
        opened_by=by,
        share_actions=bool(share_actions),
    )
    url = round_.get_absolute_url()
    text = _("%(team)s reflects on “%(promise)s”: add your reflection") % {
        "team": team.name,
        "promise": promise.title,
    }
    for member in team_members(team).exclude(pk=by.pk):
        notification_create(
            recipient=member,
            kind=Notification.Kind.PURPOSE,
            text=text,
            actor=by,
            url=url,
        )
    return round_


@transaction.atomic
def reflection_round_close(*, round: ReflectionRound, by) -> ReflectionRound:  # noqa: A002
    if not is_team_lead(team=round.team, user=by):
        raise PermissionDenied(_("Only a lead of this team closes its reflection."))
    if round.closed_at is not None:
        raise ValidationError(_("This reflection is already closed."))
    round.closed_at = timezone.now()
    round.save(update_fields=["closed_at"])
    return round


@transaction.atomic
def reflection_submit(
    *,
    round: ReflectionRound,  # noqa: A002
    member,
    score,
    seen: str = "",
    felt: str = "",
    adjust: str = "",
    action: str = "",
    follow_up_by=None,
) -> TeamReflection:
    """One member's reflection in an open round: a score 1–5 and four prompts.
    Refused, with nothing written, for a closed period, a score out of range, a
    second reflection in the same round or someone outside the team."""
    round = ReflectionRound.objects.select_for_update().get(pk=round.pk)
    if not is_team_member(team=round.team, user=member):
        raise PermissionDenied(_("Only members of this team reflect here."))
    if not round.is_open:
        raise ValidationError(_("This reflection's period is closed."))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("Choose a score from 1 to 5.")})
    fields = {
        "seen": _prompt(seen, field="seen", label=_("What do we see")),
        "felt": _prompt(felt, field="felt", label=_("What do we feel")),
        "adjust": _prompt(adjust, field="adjust", label=_("What asks for adjustment")),
        "action": _prompt(action, field="action", label=_("What will we do")),
    }
    if follow_up_by is not None and not is_team_member(
        team=round.team, user=follow_up_by
    ):
        raise ValidationError(
            {"follow_up_by": _("Who follows up is a member of this team.")}
        )
    if fields["action"] == "":
        follow_up_by = None
    if TeamReflection.objects.filter(round=round, member=member).exists():
        raise ValidationError(_("You have already reflected in this period."))
    try:
        with transaction.atomic():
            return TeamReflection.objects.create(
                round=round,
                member=member,
                score=score,
                follow_up_by=follow_up_by,
                **fields,
            )
    except IntegrityError as exc:  # a double submit racing past the check above
        raise ValidationError(_("You have already reflected in this period.")) from exc


# --- reads -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    period_start: date
    average: float
    count: int
    round: ReflectionRound


@dataclass(frozen=True)
class PromiseTrend:
    promise: Promise
    points: list[TrendPoint]


def team_trend(*, team, viewer) -> list[PromiseTrend]:
    """Per promise, the team's average score per period (oldest first), for its
    members; two queries whatever the number of rounds."""
    rounds = list(
        ReflectionRound.objects.visible_to(viewer)
        .filter(team=team)
        .select_related("promise")
        .annotate(average=Avg("reflections__score"), n=Count("reflections"))
        .order_by("promise__sort_order", "promise_id", "period_start")
    )
    by_promise: dict[int, PromiseTrend] = {}
    for r in rounds:
        trend = by_promise.setdefault(r.promise_id, PromiseTrend(r.promise, []))
        trend.points.append(
            TrendPoint(r.period_start, round(r.average or 0, 1), r.n, r)
        )
    return list(by_promise.values())


def team_actions(*, team, viewer, limit: int = 30) -> list[TeamReflection]:
    """What the team said it will do, newest first, with who follows up."""
    return list(
        TeamReflection.objects.filter(
            round__in=ReflectionRound.objects.visible_to(viewer).filter(team=team)
        )
        .exclude(action="")
        .select_related("round__promise", "follow_up_by__profile", "member__profile")
        .order_by("-round__period_start", "-created_at")[:limit]
    )


def round_detail(*, round: ReflectionRound):  # noqa: A002
    """A round's reflections, with their authors (for the team's own page)."""
    return ReflectionRound.objects.filter(pk=round.pk).prefetch_related(
        Prefetch(
            "reflections",
            queryset=TeamReflection.objects.select_related(
                "member__profile", "follow_up_by__profile"
            ),
        )
    )


def open_rounds_for(user) -> list[ReflectionRound]:
    """Open rounds of the member's teams they have not reflected in yet (the
    reminder on the home page and in the digest)."""
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    return list(
        ReflectionRound.objects.visible_to(user)
        .filter(closed_at__isnull=True, period_end__gte=today)
        .exclude(reflections__member=user)
        .select_related("team", "promise")
        .order_by("period_end", "team__name")[:20]
    )
