"""Intervision's part of the data download and of deleting an account.

A member downloads only what is theirs: their circles, the sessions they led or
brought a case to (the case only as its case holder), their own contributions
and their learning log — never another member's contributions or case.
"""

from django.utils.translation import gettext_lazy as _

from intranet.personal_data import (
    ANONYMISED,
    NotPersonal,
    Section,
    declare_not_personal,
    iso,
    register,
    rows,
)

from .models import (
    CircleMembership,
    Contribution,
    IntervisionSession,
    LearningEntry,
)


def _sessions(user):
    led = IntervisionSession.objects.filter(facilitator=user).select_related("circle")
    held = IntervisionSession.objects.filter(case_holder=user).select_related("circle")
    return {
        "facilitated": [
            {
                "circle": s.circle.name,
                "title": s.title,
                "scheduled_at": iso(s.scheduled_at),
            }
            for s in led.order_by("pk")
        ],
        "cases_brought": [
            {
                "circle": s.circle.name,
                "title": s.title,
                "scheduled_at": iso(s.scheduled_at),
                "case_title": s.case_title,
                "case_text": s.case_text,
                "learning_post_id": s.learning_post_id,
            }
            for s in held.order_by("pk")
        ],
    }


def _erase_cases(user):
    """The case is the case holder's story: it goes with their account."""
    IntervisionSession.objects.filter(case_holder=user).update(
        case_title="", case_text=""
    )


register(
    Section(
        key="intervision_circles",
        export=lambda user: rows(
            CircleMembership.objects.filter(user=user),
            "circle_id",
            "circle__name",
            "joined_at",
        ),
        relations=(("intervision.CircleMembership", "user"),),
        on_delete=_("your membership of intervision circles"),
        order=60,
    )
)
register(
    Section(
        key="intervision_sessions",
        export=_sessions,
        relations=(
            ("intervision.IntervisionSession", "facilitator"),
            ("intervision.IntervisionSession", "case_holder"),
        ),
        erasure=ANONYMISED,
        erase=_erase_cases,
        on_delete=_(
            "the cases you brought to intervision; sessions you led stay, without your name"
        ),
        order=61,
    )
)
register(
    Section(
        key="intervision_contributions",
        export=lambda user: rows(
            Contribution.objects.filter(author=user),
            "id",
            "session_id",
            "session__title",
            "phase",
            "body",
            "created_at",
        ),
        relations=(("intervision.Contribution", "author"),),
        on_delete=_("your contributions to intervision sessions"),
        order=62,
    )
)
register(
    Section(
        key="intervision_learning_log",
        export=lambda user: rows(
            LearningEntry.objects.filter(owner=user),
            "id",
            "session_id",
            "text",
            "created_at",
        ),
        relations=(("intervision.LearningEntry", "owner"),),
        on_delete=_("your learning log"),
        order=63,
    )
)
declare_not_personal(
    NotPersonal(
        relation=("intervision.Circle", "created_by"),
        reason="Who started a circle is a fact about the circle, kept without a name.",
        erasure=ANONYMISED,
        on_delete=_("circles you started stay, without your name"),
    )
)
