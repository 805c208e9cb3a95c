"""Purpose Index aggregates with a disclosure check: no group smaller than the threshold.

Everything here works on *submitted* responses only and never returns an
individual's answers. A group is shown when

* it has at least ``KOERS_PURPOSE_INDEX_MIN_GROUP`` respondents, and
* for every broader group reachable by dropping some of the active filters,
  the difference between the two is either empty or also at least the
  threshold — otherwise "network N" next to "network N and role R" would give
  away the answers of the one or two network members without role R
  (a differencing attack);
* the round has closed: while answers still come in, two looks at the same
  group a day apart would differ by exactly the newcomers' answers (a
  differencing attack over time), so results wait for the close;
* no other group a reader can select (any network × role × kind) differs
  from it by fewer than the threshold: two overlapping networks that are not
  nested are compared like a group and its parent;
* within the membership-kind breakdown (a partition of the parent group) the
  hidden groups together hold at least the threshold, or so many more groups
  are hidden that they do (secondary suppression), so no hidden group is the
  parent minus the shown ones.

Frozen groups. Who belongs to "network N" or "role R" changes every day; if
groups were formed from today's memberships, a reader could take a closed
round's result for N, wait until one respondent joins N, and read it again:
9·after − 8·before is that person's answers, and every check above passes at
both moments. So the groups of a round are frozen when it closes: the first
read after the close (``freeze_round_groups``, under a row lock) copies each
submitted response's membership kind, networks and roles onto the response,
and every aggregate of a closed round is computed from those copies only.
Nothing is shown while a round is open, so no aggregate is ever computed from
anything but the frozen groups; a frozen round's dates can no longer change
(reopening would let late answers in). We freeze at the first read rather
than at the exact close time because nothing runs at that instant (no task
queue); the copy describes the groups between the close and the first read,
which no earlier aggregate of this round contradicts. Not covered: the
answers of a member who deletes their account leave the round (erasure wins);
and combinations of three or more groups (A = B ∪ C ∪ {x}) beyond the kind
partition are not searched for.

Data for a round is loaded with a fixed number of queries and grouped in
Python, so a page costs the same whatever the filters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from statistics import mean

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intranet.audience import COMMUNITY_MANAGERS_GROUP, EMPLOYEES_GROUP
from intranet.strict_input import parse_id

from .models import (
    Dimension,
    PurposeIndexAnswer,
    PurposeIndexResponse,
    PurposeIndexRound,
)

KINDS = {
    "external": gettext_lazy("External members"),
    "employee": gettext_lazy("Employees"),
    "manager": gettext_lazy("Community managers"),
}
AXES = ("network", "role", "kind")


def min_group() -> int:
    """The threshold; never below 3 whatever the settings say."""
    return max(3, int(getattr(settings, "KOERS_PURPOSE_INDEX_MIN_GROUP", 5)))


def _role_model():
    """RoleAssignment lives in profiles; guard so the survey works without it."""
    try:
        apps.get_model("profiles", "RoleAssignment")
        return apps.get_model("profiles", "Role")
    except LookupError:
        return None


@dataclass(frozen=True)
class Filters:
    network: int | None = None
    role: int | None = None
    kind: str | None = None

    @classmethod
    def from_query(cls, params) -> Filters:
        def as_int(name):
            return parse_id(params.get(name))

        kind = params.get("kind") or None
        return cls(
            network=as_int("network"),
            role=as_int("role"),
            kind=kind if kind in KINDS else None,
        )

    def active(self) -> dict:
        return {axis: getattr(self, axis) for axis in AXES if getattr(self, axis)}

    def with_(self, **changes) -> Filters:
        values = {axis: getattr(self, axis) for axis in AXES}
        values.update(changes)
        return Filters(**values)

    def ancestors(self):
        """Every broader filter set: each proper subset of the active filters."""
        active = self.active()
        keys = list(active)
        for size in range(len(keys)):
            for kept in combinations(keys, size):
                yield Filters(**{k: active[k] for k in kept})


@dataclass
class Summary:
    n: int
    dimensions: dict[str, float] = field(default_factory=dict)
    statements: dict[int, float] = field(default_factory=dict)


@dataclass
class GroupResult:
    label: str
    n: int
    shown: bool
    summary: Summary | None = None
    reason: str = ""
    filters: Filters | None = None


def current_groups(member_ids, members) -> tuple[dict, dict, dict]:
    """Each respondent's membership kind, active networks and current roles, now.

    ``member_ids`` is a subquery or list of user ids, ``members`` the ids to
    classify. A fixed number of queries whatever the number of respondents.
    """
    user_model = get_user_model()
    groups: dict[int, set[str]] = {}
    for user_id, name in user_model.groups.through.objects.filter(
        user_id__in=member_ids,
        group__name__in=[EMPLOYEES_GROUP, COMMUNITY_MANAGERS_GROUP],
    ).values_list("user_id", "group__name"):
        groups.setdefault(user_id, set()).add(name)
    superusers = set(
        user_model.objects.filter(pk__in=member_ids, is_superuser=True).values_list(
            "pk", flat=True
        )
    )
    # The same classification as intranet.audience.membership_kind, done for
    # all respondents at once from one query instead of one per person.
    kind_of = {}
    for member_id in members:
        names = groups.get(member_id, set())
        if member_id in superusers or COMMUNITY_MANAGERS_GROUP in names:
            kind_of[member_id] = "manager"
        elif EMPLOYEES_GROUP in names:
            kind_of[member_id] = "employee"
        else:
            kind_of[member_id] = "external"

    membership = apps.get_model("profiles", "NetworkMembership")
    networks_of: dict[int, set[int]] = {}
    for user_id, network_id in membership.objects.filter(
        user_id__in=member_ids, status=membership.Status.ACTIVE
    ).values_list("user_id", "network_id"):
        networks_of.setdefault(user_id, set()).add(network_id)

    roles_of: dict[int, set[int]] = {}
    if _role_model() is not None:
        assignment = apps.get_model("profiles", "RoleAssignment")
        for user_id, role_id in (
            assignment.objects.current()
            .filter(profile__user_id__in=member_ids)
            .values_list("profile__user_id", "role_id")
        ):
            roles_of.setdefault(user_id, set()).add(role_id)
    return kind_of, networks_of, roles_of


def freeze_round_groups(round_: PurposeIndexRound) -> None:
    """Copy each submitted response's groups onto it, once, when the round has closed.

    The one write in this module, and deliberately here: it runs before the
    first aggregate of the round is computed (nothing is shown before the
    close), so every aggregate anyone ever sees comes from the same frozen
    groups. See the module docstring for why.
    """
    if round_.groups_frozen_at is not None or not round_.has_closed:
        return
    with transaction.atomic():
        locked = PurposeIndexRound.objects.select_for_update().get(pk=round_.pk)
        if locked.groups_frozen_at is None:
            responses = list(
                PurposeIndexResponse.objects.filter(
                    round=locked, status=PurposeIndexResponse.Status.SUBMITTED
                ).only("pk", "member_id")
            )
            ids = [r.member_id for r in responses]
            kind_of, networks_of, roles_of = current_groups(ids, ids)
            for response in responses:
                response.frozen_kind = kind_of.get(response.member_id, "external")
                response.frozen_network_ids = sorted(
                    networks_of.get(response.member_id, ())
                )
                response.frozen_role_ids = sorted(roles_of.get(response.member_id, ()))
            PurposeIndexResponse.objects.bulk_update(
                responses,
                ["frozen_kind", "frozen_network_ids", "frozen_role_ids"],
                batch_size=500,
            )
            locked.groups_frozen_at = timezone.now()
            locked.save(update_fields=["groups_frozen_at"])
        round_.groups_frozen_at = locked.groups_frozen_at


class RoundData:
    """The submitted answers of one round and who the respondents are."""

    def __init__(self, round: PurposeIndexRound):  # noqa: A002
        self.round = round
        self.statements = list(round.statements())
        self.dimension_of = {s.pk: s.dimension for s in self.statements}
        if round.has_closed:
            freeze_round_groups(round)
        submitted = PurposeIndexResponse.objects.filter(
            round=round, status=PurposeIndexResponse.Status.SUBMITTED
        )
        self.answers: dict[int, dict[int, int]] = {}
        for member_id, statement_id, value in PurposeIndexAnswer.objects.filter(
            response__in=submitted
        ).values_list("response__member_id", "statement_id", "value"):
            self.answers.setdefault(member_id, {})[statement_id] = value
        self.members = frozenset(self.answers)
        if round.groups_frozen_at is not None:
            # Closed: the groups as they were when the round closed, never today's.
            self.kind_of, self.networks_of, self.roles_of = {}, {}, {}
            for member_id, kind, networks, roles in submitted.values_list(
                "member_id", "frozen_kind", "frozen_network_ids", "frozen_role_ids"
            ):
                self.kind_of[member_id] = kind if kind in KINDS else "external"
                if networks:
                    self.networks_of[member_id] = set(networks)
                if roles:
                    self.roles_of[member_id] = set(roles)
            for member_id in self.members - set(self.kind_of):
                self.kind_of[member_id] = "external"
        else:
            # Still open: nothing is shown, only how many answered.
            self.kind_of, self.networks_of, self.roles_of = current_groups(
                submitted.values("member_id"), self.members
            )
        self._candidates: list[frozenset[int]] | None = None

    # --- groups ---------------------------------------------------------------

    def members_for(self, filters: Filters) -> frozenset[int]:
        members = self.members
        if filters.network:
            members = frozenset(
                m for m in members if filters.network in self.networks_of.get(m, ())
            )
        if filters.role:
            members = frozenset(
                m for m in members if filters.role in self.roles_of.get(m, ())
            )
        if filters.kind:
            members = frozenset(m for m in members if self.kind_of[m] == filters.kind)
        return members

    def summarise(self, members) -> Summary:
        by_dimension: dict[str, list[float]] = {}
        by_statement: dict[int, list[int]] = {}
        for member_id in members:
            answers = self.answers[member_id]
            per_dimension: dict[str, list[int]] = {}
            for statement_id, value in answers.items():
                by_statement.setdefault(statement_id, []).append(value)
                dimension = self.dimension_of.get(statement_id)
                if dimension:
                    per_dimension.setdefault(dimension, []).append(value)
            # Each respondent weighs the same in a dimension's mean.
            for dimension, values in per_dimension.items():
                by_dimension.setdefault(dimension, []).append(mean(values))
        return Summary(
            n=len(members),
            dimensions={d: round(float(mean(v)), 2) for d, v in by_dimension.items()},
            statements={s: round(float(mean(v)), 2) for s, v in by_statement.items()},
        )

    def disclosure_problem(self, filters: Filters) -> str:
        """Why this group may not be shown, or "" when it may."""
        k = min_group()
        members = self.members_for(filters)
        if not self.round.has_closed:
            return _("Results appear once the round has closed (%(date)s).") % {
                "date": date_format(
                    timezone.localtime(self.round.closes_at), "DATETIME_FORMAT"
                )
            }
        if len(members) < k:
            return _("Fewer than %(k)s people answered in this group.") % {"k": k}
        for broader in filters.ancestors():
            rest = len(self.members_for(broader)) - len(members)
            if 0 < rest < k:
                return _(
                    "Hidden: comparing it with a broader group would single out "
                    "fewer than %(k)s people."
                ) % {"k": k}
        # Any other group a reader can select, nested or not (two overlapping
        # networks, a network and a role): if the two differ by fewer than k
        # people, comparing them singles those people out. Of a nested pair the
        # narrower one is hidden (its own check finds the broader one), of an
        # overlapping pair both are.
        for other in self.candidate_groups():
            if abs(len(other) - len(members)) >= k or other < members:
                continue
            if 0 < len(other ^ members) < k:
                return _(
                    "Hidden: comparing it with another group would single out "
                    "fewer than %(k)s people."
                ) % {"k": k}
        return ""

    def candidate_groups(self) -> list[frozenset[int]]:
        """Every distinct group of at least k respondents that some filter
        combination (network × role × kind) selects: what a reader could set
        beside a shown group."""
        if self._candidates is None:
            k = min_group()
            by_network: dict[int, set[int]] = {}
            by_role: dict[int, set[int]] = {}
            by_kind: dict[str, set[int]] = {}
            for m in self.members:
                for n in self.networks_of.get(m, ()):
                    by_network.setdefault(n, set()).add(m)
                for r in self.roles_of.get(m, ()):
                    by_role.setdefault(r, set()).add(m)
                by_kind.setdefault(self.kind_of[m], set()).add(m)
            everyone = set(self.members)
            seen: set[frozenset[int]] = set()
            for n_members in [everyone, *by_network.values()]:
                if len(n_members) < k:
                    continue
                for r_members in [everyone, *by_role.values()]:
                    nr = n_members & r_members
                    if len(nr) < k:
                        continue
                    for k_members in [everyone, *by_kind.values()]:
                        group = frozenset(nr & k_members)
                        if len(group) >= k:
                            seen.add(group)
            self._candidates = list(seen)
        return self._candidates

    def group(self, filters: Filters, label: str = "") -> GroupResult:
        members = self.members_for(filters)
        problem = self.disclosure_problem(filters)
        return GroupResult(
            label=label,
            n=len(members),
            shown=not problem,
            summary=None if problem else self.summarise(members),
            reason=problem,
            filters=filters,
        )

    # --- breakdowns -----------------------------------------------------------

    def breakdown(self, axis: str, filters: Filters) -> list[GroupResult]:
        """One row per value of ``axis`` within the other active filters."""
        base = filters.with_(**{axis: None})
        base_members = self.members_for(base)
        if axis == "kind":
            options = [(key, str(label)) for key, label in KINDS.items()]
        elif axis == "network":
            ids = set().union(*(self.networks_of.get(m, set()) for m in base_members))
            network = apps.get_model("profiles", "Network")
            options = list(network.objects.filter(pk__in=ids).values_list("pk", "name"))
        else:
            role = _role_model()
            if role is None:
                return []
            ids = set().union(*(self.roles_of.get(m, set()) for m in base_members))
            options = list(role.objects.filter(pk__in=ids).values_list("pk", "name"))
        rows = [self.group(base.with_(**{axis: key}), label) for key, label in options]
        rows = [r for r in rows if r.n]
        if axis == "kind":
            _suppress_partition(rows)
        return rows


def _suppress_partition(rows: list[GroupResult]) -> None:
    """Secondary suppression: the hidden parts of a partition must hold >= k people,
    or the parent total minus the shown parts would reveal them."""
    k = min_group()
    hidden = sum(r.n for r in rows if not r.shown)
    while 0 < hidden < k:
        shown = sorted((r for r in rows if r.shown), key=lambda r: r.n)
        if not shown:
            break
        smallest = shown[0]
        smallest.shown = False
        smallest.summary = None
        smallest.reason = _("Hidden so that a smaller group cannot be worked out.")
        hidden += smallest.n


def trend(
    filters: Filters, *, limit: int = 8
) -> list[tuple[PurposeIndexRound, GroupResult]]:
    """The group's dimension means per closed round, oldest first (each checked)."""
    rounds = list(
        PurposeIndexRound.objects.filter(closes_at__lte=timezone.now()).order_by(
            "-closes_at"
        )[:limit]
    )
    return [(r, RoundData(r).group(filters)) for r in reversed(rounds)]


def comparison_round(round_: PurposeIndexRound) -> PurposeIndexRound | None:
    """The round whose organisation result a member compares with: this one once
    it has closed, otherwise the latest closed round before it."""
    if round_.has_closed:
        return round_
    return (
        PurposeIndexRound.objects.filter(closes_at__lte=timezone.now())
        .order_by("-closes_at")
        .first()
    )


def own_summary(round_: PurposeIndexRound, member) -> Summary | None:
    """The respondent's own result (draft or submitted): for their eyes only."""
    response = (
        PurposeIndexResponse.objects.filter(round=round_, member=member)
        .prefetch_related("answers__statement")
        .first()
    )
    if response is None:
        return None
    per_dimension: dict[str, list[int]] = {}
    statements = {}
    for answer in response.answers.all():
        per_dimension.setdefault(answer.statement.dimension, []).append(answer.value)
        statements[answer.statement_id] = float(answer.value)
    if not per_dimension:
        return None
    return Summary(
        n=1,
        dimensions={d: round(float(mean(v)), 2) for d, v in per_dimension.items()},
        statements=statements,
    )


DIMENSIONS = list(Dimension)
