"""Rules of intervision: circle size, who schedules, who moves phases, who writes
when; a refusal says why and changes nothing."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from feed.models import Post
from intervision import services
from intervision.models import (
    Circle,
    Contribution,
    IntervisionSession,
    LearningEntry,
    SessionEvent,
)
from intervision.phases import Phase
from tests.factories import make_circle, make_member, make_session, move_session_to

pytestmark = pytest.mark.django_db


def _people(session):
    members = [m.user for m in session.circle.memberships.select_related("user")]
    other = next(
        m
        for m in members
        if m.pk not in (session.facilitator_id, session.case_holder_id)
    )
    return session.facilitator, session.case_holder, other


def test_circle_needs_three_to_eight_members_and_nothing_is_saved_otherwise():
    creator = make_member("employee")
    with pytest.raises(ValidationError, match="3 to 8"):
        services.circle_create(
            creator=creator, name="Te klein", members=[make_member("employee")]
        )
    with pytest.raises(ValidationError, match="3 to 8"):
        services.circle_create(
            creator=creator,
            name="Te groot",
            members=[make_member("employee") for _ in range(8)],
        )
    assert not Circle.objects.exists()
    circle = make_circle()
    assert circle.memberships.count() == 3


def test_only_the_facilitator_moves_phases_one_step_at_a_time():
    session = make_session(make_circle())
    facilitator, holder, other = _people(session)
    for actor in (holder, other):
        with pytest.raises(PermissionDenied, match="Only the facilitator"):
            services.session_move_phase(
                session=session, actor=actor, from_phase="scheduled", to_phase="case"
            )
    with pytest.raises(ValidationError, match="one phase on"):
        services.session_move_phase(
            session=session,
            actor=facilitator,
            from_phase="scheduled",
            to_phase="advice",
        )
    session.refresh_from_db()
    assert session.phase == Phase.SCHEDULED and session.last_seq == 0
    assert not SessionEvent.objects.exists()
    services.session_move_phase(
        session=session, actor=facilitator, from_phase="scheduled", to_phase="case"
    )
    # A second click from a stale page does not move twice.
    with pytest.raises(ValidationError, match="already in the phase"):
        services.session_move_phase(
            session=session, actor=facilitator, from_phase="scheduled", to_phase="case"
        )
    session.refresh_from_db()
    assert session.phase == Phase.CASE and session.last_seq == 1


def test_an_outsider_takes_no_part_even_a_community_manager():
    session = make_session(make_circle())
    for outsider in (make_member("manager"), make_member("external")):
        with pytest.raises(PermissionDenied):
            services.session_move_phase(
                session=session, actor=outsider, from_phase="scheduled", to_phase="case"
            )
        with pytest.raises(PermissionDenied):
            services.contribution_add(
                session=session, author=outsider, phase="scheduled", body="Hallo"
            )
    assert not Contribution.objects.exists()


def test_contributions_go_to_the_current_phase_and_by_the_right_people():
    session = make_session(make_circle())
    facilitator, holder, other = _people(session)
    with pytest.raises(ValidationError, match="while the session runs"):
        services.contribution_add(
            session=session, author=other, phase="scheduled", body="Te vroeg"
        )
    session = move_session_to(session, Phase.CASE)
    with pytest.raises(PermissionDenied, match="only the case holder"):
        services.contribution_add(session=session, author=other, phase="case", body="x")
    services.contribution_add(
        session=session, author=holder, phase="case", body="Het gebeurde dinsdag."
    )
    session = move_session_to(session, Phase.QUESTIONS)
    # Written while the page still showed the case phase: refused, not misfiled.
    with pytest.raises(ValidationError, match="moved on"):
        services.contribution_add(
            session=session, author=other, phase="case", body="Wie was erbij?"
        )
    with pytest.raises(ValidationError, match="first"):
        services.contribution_add(
            session=session, author=other, phase="questions", body="   "
        )
    services.contribution_add(
        session=session, author=other, phase="questions", body="Wie was erbij?"
    )
    assert list(Contribution.objects.values_list("phase", "body")) == [
        ("case", "Het gebeurde dinsdag."),
        ("questions", "Wie was erbij?"),
    ]
    # Each write got the next position of the session's own cursor.
    assert list(
        SessionEvent.objects.filter(session=session).values_list("seq", flat=True)
    ) == list(range(1, 5))


def test_schedule_refuses_outsiders_past_dates_and_one_person_in_both_roles():
    circle = make_circle()
    members = [m.user for m in circle.memberships.all()]
    outsider = make_member("employee")
    base = {
        "circle": circle,
        "title": "Intervisie",
        "scheduled_at": timezone.now() + timedelta(days=2),
        "case_title": "Een casus",
    }
    with pytest.raises(PermissionDenied):
        services.session_schedule(
            actor=outsider, facilitator=members[0], case_holder=members[1], **base
        )
    with pytest.raises(ValidationError, match="member of the circle"):
        services.session_schedule(
            actor=members[0], facilitator=outsider, case_holder=members[1], **base
        )
    with pytest.raises(ValidationError, match="someone else"):
        services.session_schedule(
            actor=members[0], facilitator=members[1], case_holder=members[1], **base
        )
    with pytest.raises(ValidationError, match="not passed"):
        services.session_schedule(
            actor=members[0],
            facilitator=members[0],
            case_holder=members[1],
            **{**base, "scheduled_at": timezone.now() - timedelta(days=1)},
        )
    assert not IntervisionSession.objects.exists()


def test_the_case_holder_publishes_a_learning_once_after_closing():
    session = make_session(make_circle())
    facilitator, holder, other = _people(session)
    with pytest.raises(ValidationError, match="after the session has closed"):
        services.learning_publish(
            session=session, actor=holder, text="Ik leerde veel", anonymised=True
        )
    session = move_session_to(session, Phase.CLOSED)
    with pytest.raises(PermissionDenied):
        services.learning_publish(
            session=session, actor=other, text="Ik leerde veel", anonymised=True
        )
    post = services.learning_publish(
        session=session, actor=holder, text="Vraag eerst door.", anonymised=True
    )
    assert post.author == holder and post.body == "Vraag eerst door."
    assert session.circle.name not in post.body
    with pytest.raises(ValidationError, match="already published"):
        services.learning_publish(
            session=session, actor=holder, text="Nog eens", anonymised=False
        )
    assert Post.objects.count() == 1


def test_a_learning_not_anonymised_names_the_circle_but_never_copies_the_case():
    session = move_session_to(make_session(make_circle()), Phase.CLOSED)
    post = services.learning_publish(
        session=session, actor=session.case_holder, text="Luister.", anonymised=False
    )
    assert session.circle.name in post.body
    assert session.case_text not in post.body


def test_the_learning_log_is_the_owners_own():
    session = make_session(make_circle())
    _facilitator, holder, _other = _people(session)
    outsider = make_member("employee")
    with pytest.raises(PermissionDenied):
        services.learning_entry_add(owner=outsider, text="Ha", session=session)
    entry = services.learning_entry_add(
        owner=holder, text="Eerst vragen", session=session
    )
    with pytest.raises(PermissionDenied):
        services.learning_entry_delete(entry=entry, owner=outsider)
    assert list(LearningEntry.objects.visible_to(outsider)) == []
    assert list(LearningEntry.objects.visible_to(holder)) == [entry]


def test_who_leads_or_brings_an_open_session_cannot_leave_yet():
    session = make_session(make_circle())
    for role in (session.facilitator, session.case_holder):
        with pytest.raises(ValidationError, match="has not closed"):
            services.circle_leave(circle=session.circle, user=role)
    assert session.circle.memberships.count() == 3
    move_session_to(session, Phase.CLOSED)
    services.circle_leave(circle=session.circle, user=session.facilitator)
    assert session.circle.memberships.count() == 2


def test_leaving_the_circle_hides_it():
    circle = make_circle()
    member = circle.memberships.first().user
    services.circle_leave(circle=circle, user=member)
    assert not Circle.objects.visible_to(member).exists()
    with pytest.raises(PermissionDenied):
        services.circle_leave(circle=circle, user=member)
