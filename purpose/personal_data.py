"""The purpose app's part of the data download and of deleting an account."""

from django.db.models import Count
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
    Proposal,
    ProposalComment,
    ProposalSupport,
    PurposeIndexResponse,
    Signal,
    SignalFollow,
    TeamReflection,
)


def _index_responses(user):
    """The member's own answers (only they ever see them), with the statements."""
    responses = (
        PurposeIndexResponse.objects.filter(member=user)
        .select_related("round")
        .prefetch_related("answers__statement")
        .order_by("pk")
    )
    return [
        {
            "round": r.round.title,
            "status": r.status,
            "answers": [
                {
                    "statement": a.statement.text,
                    "dimension": a.statement.dimension,
                    "value": a.value,
                }
                for a in r.answers.all()
            ],
            "open_answer": r.open_answer,
            "updated_at": iso(r.updated_at),
            "submitted_at": iso(r.submitted_at),
        }
        for r in responses
    ]


def _erase_support_and_comments(user):
    """Delete the member's support and comments and recount the proposals they were
    on (the counts are stored on the proposal)."""
    proposal_ids = set(
        ProposalSupport.objects.filter(user=user).values_list("proposal_id", flat=True)
    ) | set(
        ProposalComment.objects.filter(author=user).values_list(
            "proposal_id", flat=True
        )
    )
    ProposalSupport.objects.filter(user=user).delete()
    ProposalComment.objects.filter(author=user).delete()
    for proposal in (
        Proposal.objects.filter(pk__in=proposal_ids)
        .exclude(author=user)
        .annotate(
            supports_n=Count("supports", distinct=True),
            comments_n=Count("comments", distinct=True),
        )
    ):
        Proposal.objects.filter(pk=proposal.pk).update(
            support_count=proposal.supports_n, comment_count=proposal.comments_n
        )


register(
    Section(
        key="purpose_proposals",
        export=lambda user: rows(
            Proposal.objects.filter(author=user),
            "id",
            "target",
            "promise_id",
            "promise__title",
            "text",
            "reasoning",
            "status",
            "decision_reason",
            "decided_at",
            "created_at",
        ),
        relations=(("purpose.Proposal", "author"),),
        on_delete=_("your proposals for the purpose, with their comments and support"),
        order=40,
    )
)
register(
    Section(
        key="purpose_proposal_comments",
        export=lambda user: rows(
            ProposalComment.objects.filter(author=user),
            "id",
            "proposal_id",
            "body",
            "created_at",
        ),
        relations=(("purpose.ProposalComment", "author"),),
        on_delete=_("your comments on purpose proposals"),
        order=41,
    )
)
register(
    Section(
        key="purpose_proposal_supports",
        export=lambda user: rows(
            ProposalSupport.objects.filter(user=user), "proposal_id", "created_at"
        ),
        relations=(("purpose.ProposalSupport", "user"),),
        erase=_erase_support_and_comments,
        on_delete=_("your support for purpose proposals"),
        order=42,
    )
)
register(
    Section(
        key="purpose_index_responses",
        export=_index_responses,
        relations=(("purpose.PurposeIndexResponse", "member"),),
        on_delete=_("your Purpose Index answers"),
        order=43,
    )
)
declare_not_personal(
    NotPersonal(
        relation=("purpose.Proposal", "decided_by"),
        reason="A manager's decision on someone else's proposal.",
        erasure=ANONYMISED,
        on_delete=_("decisions you made on purpose proposals stay, without your name"),
    )
)


# --- Bottom-up: team reflections, signals -------------------------------------------

register(
    Section(
        key="purpose_team_reflections",
        # Only the member's own answers: a teammate's reflections are theirs.
        export=lambda user: rows(
            TeamReflection.objects.filter(member=user),
            "id",
            "round__team__name",
            "round__promise__title",
            "round__period_start",
            "score",
            "seen",
            "felt",
            "adjust",
            "action",
            "created_at",
        ),
        relations=(("purpose.TeamReflection", "member"),),
        on_delete=_("your team reflections"),
        order=44,
    )
)
register(
    Section(
        key="purpose_signals",
        export=lambda user: rows(
            Signal.objects.filter(author=user),
            "id",
            "promise__title",
            "title",
            "body",
            "audience",
            "hide_name",
            "status",
            "created_at",
        ),
        relations=(("purpose.Signal", "author"),),
        on_delete=_("the speak-up signals you raised, with their steps"),
        order=45,
    )
)
register(
    Section(
        key="purpose_signal_follows",
        export=lambda user: rows(
            SignalFollow.objects.filter(user=user), "signal_id", "created_at"
        ),
        relations=(("purpose.SignalFollow", "user"),),
        on_delete=_("which signals you follow"),
        order=46,
    )
)
declare_not_personal(
    NotPersonal(
        relation=("purpose.TeamReflection", "follow_up_by"),
        reason="A teammate's reflection naming who follows up its action.",
        erasure=ANONYMISED,
        on_delete=_("teammates' actions you follow up stay, without your name"),
    )
)
declare_not_personal(
    NotPersonal(
        relation=("purpose.ReflectionRound", "opened_by"),
        reason="Which lead opened a team's reflection round.",
        erasure=ANONYMISED,
        on_delete=_("reflections you opened for your team stay, without your name"),
    )
)
declare_not_personal(
    NotPersonal(
        relation=("purpose.SignalStep", "actor"),
        reason="A manager's public step on someone else's signal.",
        erasure=ANONYMISED,
        on_delete=_("steps you took on signals stay, without your name"),
    )
)
