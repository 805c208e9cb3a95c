"""Writes of intervision: circles, sessions, phase moves, contributions, the case
holder's published learning and the learning log.

Each write validates first (ValidationError or PermissionDenied with a clear
message) inside one transaction, so a refusal leaves nothing half-saved. Writes
to a session lock its row: phase moves and contributions are checked against the
phase as it is, and their live events are numbered in commit order.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from feed.events import rights_changed
from feed.models import Post
from feed.services import post_create
from intranet.audience import Audience, audience_allows, is_employee
from intranet.html import clean_text
from intranet.ratelimit import rate_limit_check

from . import live
from .models import (
    MAX_MEMBERS,
    MIN_MEMBERS,
    Circle,
    CircleMembership,
    Contribution,
    IntervisionSession,
    LearningEntry,
)
from .phases import Phase, may_contribute, next_phase

MAX_CONTRIBUTION_CHARS = 2000
MAX_LEARNING_CHARS = 2000
#: A session may be scheduled this long in the past (entered just after it began).
SCHEDULE_GRACE = datetime.timedelta(hours=1)


def _text(value: str, *, limit: int, empty: str) -> str:
    text = clean_text(value)
    if not text:
        raise ValidationError(empty)
    if len(text) > limit:
        raise ValidationError(
            _("Keep it to %(limit)s characters at most.") % {"limit": limit}
        )
    return text


def _member_ids(circle: Circle) -> set[int]:
    return set(circle.memberships.values_list("user_id", flat=True))


# --- circles --------------------------------------------------------------------------


@transaction.atomic
def circle_create(*, creator, name: str, description: str = "", members=()) -> Circle:
    """A circle of the creator and ``members`` (3–8 people in all)."""
    if not getattr(creator, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to start a circle."))
    name = _text(name, limit=80, empty=_("Give the circle a name."))
    description = clean_text(description)[:1000]
    people = {user.pk: user for user in members if user.is_active}
    people[creator.pk] = creator
    if not MIN_MEMBERS <= len(people) <= MAX_MEMBERS:
        raise ValidationError(
            _("A circle has %(min)s to %(max)s members, you included.")
            % {"min": MIN_MEMBERS, "max": MAX_MEMBERS}
        )
    circle = Circle.objects.create(
        name=name, description=description, created_by=creator
    )
    CircleMembership.objects.bulk_create(
        CircleMembership(circle=circle, user=user) for user in people.values()
    )
    return circle


@transaction.atomic
def circle_leave(*, circle: Circle, user) -> None:
    """The member leaves; their open sockets stop following its sessions."""
    circle = Circle.objects.select_for_update().get(pk=circle.pk)
    open_roles = (
        circle.sessions.exclude(phase=Phase.CLOSED)
        .filter(Q(facilitator=user) | Q(case_holder=user))
        .exists()
    )
    if open_roles:
        # Without its facilitator or case holder a session could never go on.
        raise ValidationError(
            _(
                "You lead or bring the case to a session that has not closed yet: "
                "close it first, or ask the circle to schedule it again without you."
            )
        )
    deleted, _rows = CircleMembership.objects.filter(circle=circle, user=user).delete()
    if not deleted:
        raise PermissionDenied(_("You are not a member of this circle."))
    rights_changed(user.pk)


# --- sessions -------------------------------------------------------------------------


@transaction.atomic
def session_schedule(
    *,
    circle: Circle,
    actor,
    title: str,
    scheduled_at: datetime.datetime,
    facilitator,
    case_holder,
    case_title: str,
    case_text: str = "",
) -> IntervisionSession:
    members = _member_ids(circle)
    if actor.pk not in members:
        raise PermissionDenied(_("Only the circle's members schedule its sessions."))
    if len(members) < MIN_MEMBERS:
        raise ValidationError(
            _("A circle needs at least %(min)s members to meet.") % {"min": MIN_MEMBERS}
        )
    title = _text(title, limit=120, empty=_("Give the session a title."))
    case_title = _text(
        case_title, limit=160, empty=_("Say in a few words what the case is.")
    )
    case_text = clean_text(case_text)
    if len(case_text) > 4000:
        raise ValidationError(_("Keep the case to 4000 characters at most."))
    if facilitator is None or facilitator.pk not in members:
        raise ValidationError(_("The facilitator must be a member of the circle."))
    if case_holder is None or case_holder.pk not in members:
        raise ValidationError(_("The case holder must be a member of the circle."))
    if facilitator.pk == case_holder.pk:
        raise ValidationError(
            _(
                "The facilitator leads the others through the case: choose someone else than the case holder."
            )
        )
    if scheduled_at < timezone.now() - SCHEDULE_GRACE:
        raise ValidationError(_("Choose a date and time that has not passed."))
    return IntervisionSession.objects.create(
        circle=circle,
        title=title,
        scheduled_at=scheduled_at,
        facilitator=facilitator,
        case_holder=case_holder,
        case_title=case_title,
        case_text=case_text,
    )


def _locked(session: IntervisionSession, actor) -> IntervisionSession:
    session = (
        IntervisionSession.objects.select_for_update()
        .select_related("circle")
        .get(pk=session.pk)
    )
    if actor.pk not in _member_ids(session.circle):
        raise PermissionDenied(
            _("Only the circle's members take part in its sessions.")
        )
    return session


@transaction.atomic
def session_move_phase(
    *, session: IntervisionSession, actor, from_phase: str, to_phase: str
) -> IntervisionSession:
    """The facilitator moves the session one phase on. ``from_phase`` is the phase
    the facilitator saw: a stale page is refused, never moves twice."""
    session = _locked(session, actor)
    if session.facilitator_id != actor.pk:
        raise PermissionDenied(
            _("Only the facilitator moves the session to another phase.")
        )
    if from_phase != session.phase:
        raise ValidationError(
            _("The session is already in the phase “%(phase)s”; nothing changed.")
            % {"phase": Phase(session.phase).label}
        )
    if to_phase not in Phase.values or to_phase != next_phase(session.phase):
        raise ValidationError(_("A session moves one phase on at a time."))
    session.phase = to_phase
    session.phase_changed_at = timezone.now()
    session.save(update_fields=["phase", "phase_changed_at"])
    live.record(session)
    return session


@transaction.atomic
def contribution_add(
    *,
    session: IntervisionSession,
    author,
    phase: str,
    body: str,
    rate_limited: bool = True,
) -> Contribution:
    """A contribution to the current phase; ``phase`` is the one the member saw.
    Only seed_demo passes ``rate_limited=False``: it writes whole sessions for one
    member within a minute, and several tests seed the demo in the same minute."""
    session = _locked(session, author)
    if phase != session.phase:
        raise ValidationError(
            _(
                "The session has moved on to “%(phase)s”: your text was not added. Copy it and add it there if it still fits."
            )
            % {"phase": Phase(session.phase).label}
        )
    if not may_contribute(
        session.phase, is_case_holder=author.pk == session.case_holder_id
    ):
        if session.phase in (Phase.SCHEDULED, Phase.CLOSED):
            raise ValidationError(
                _("Contributions are written while the session runs.")
            )
        raise PermissionDenied(_("In this phase only the case holder writes."))
    body = _text(
        body, limit=MAX_CONTRIBUTION_CHARS, empty=_("Write your contribution first.")
    )
    if rate_limited:
        rate_limit_check(user=author, action="comment")
    contribution = Contribution.objects.create(
        session=session, phase=session.phase, author=author, body=body
    )
    live.record(session, contribution=contribution)
    return contribution


@transaction.atomic
def learning_publish(
    *,
    session: IntervisionSession,
    actor,
    text: str,
    anonymised: bool,
    audience: str = Audience.COMMUNITY,
) -> Post:
    """The case holder shares what was learned as a post in the feed. Anonymised,
    the post names neither the circle nor the session; the case itself is never
    copied."""
    session = _locked(session, actor)
    if session.case_holder_id != actor.pk:
        raise PermissionDenied(
            _("Only the case holder publishes a learning from this session.")
        )
    if session.phase != Phase.CLOSED:
        raise ValidationError(
            _("A learning is published after the session has closed.")
        )
    if session.learning_post_id is not None:
        raise ValidationError(_("A learning from this session was already published."))
    if audience not in (Audience.COMMUNITY, Audience.STAFF) or not audience_allows(
        actor, audience
    ):
        raise ValidationError(_("Choose who may read the learning."))
    text = _text(text, limit=MAX_LEARNING_CHARS, empty=_("Write the learning first."))
    if not anonymised:
        text += "\n\n" + _(
            "— a learning from intervision in the circle “%(circle)s”"
        ) % {"circle": session.circle.name}
    post = post_create(
        author=actor,
        body=text,
        kind=Post.Kind.UPDATE if is_employee(actor) else Post.Kind.IDEA,
        audience=audience,
    )
    session.learning_post = post
    session.save(update_fields=["learning_post"])
    return post


# --- the learning log -----------------------------------------------------------------


@transaction.atomic
def learning_entry_add(*, owner, text: str, session=None) -> LearningEntry:
    if session is not None and not session.is_visible_to(owner):
        raise PermissionDenied(_("You can only refer to sessions of your own circles."))
    text = _text(
        text, limit=MAX_LEARNING_CHARS, empty=_("Write what you learned first.")
    )
    return LearningEntry.objects.create(owner=owner, text=text, session=session)


@transaction.atomic
def learning_entry_delete(*, entry: LearningEntry, owner) -> None:
    if entry.owner_id != owner.pk:
        raise PermissionDenied(_("This is not your learning log."))
    entry.delete()
