"""Factories for the purpose: the purpose page, proposals and Purpose Index rounds."""

from datetime import timedelta

import factory
from django.utils import timezone

from purpose.models import (
    Dimension,
    Proposal,
    PurposeIndexAnswer,
    PurposeIndexResponse,
    PurposeIndexRound,
    PurposeIndexStatement,
)

from .accounts import UserFactory

__all__ = [
    "ProposalFactory",
    "PurposeIndexRoundFactory",
    "make_purpose_page",
    "make_round_with_statements",
    "submit_answers",
]


def make_purpose_page():
    """The purpose page with three promises (as seed_demo makes it)."""
    from home.services import purpose_page_ensure

    return purpose_page_ensure(
        title="Our purpose",
        statement="<p>We make care that truly helps people forward.</p>",
        promises=[
            ("A good life for clients", "Clients live the life they choose."),
            ("Meaningful work", "Room for craft."),
            ("A healthy organisation", "Sound finances."),
        ],
    )


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    author = factory.SubFactory(UserFactory)
    target = Proposal.Target.STATEMENT
    text = factory.Sequence(lambda n: f"Proposed wording number {n}")
    reasoning = "Because it says better what we do."


class PurposeIndexRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PurposeIndexRound

    title = factory.Sequence(lambda n: f"Round {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=7))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


def make_round_with_statements(per_dimension: int = 2, **kwargs) -> PurposeIndexRound:
    round_ = PurposeIndexRoundFactory(**kwargs)
    for dimension in Dimension:
        for i in range(per_dimension):
            PurposeIndexStatement.objects.create(
                round=round_,
                text=f"{dimension.label} statement {i + 1}",
                dimension=dimension,
                order=i,
            )
    return round_


def submit_answers(round_, member, value=3, *, status="submitted", open_answer=""):
    """Write a response directly (bypassing the open-round check, for set-up)."""
    response = PurposeIndexResponse.objects.create(
        round=round_,
        member=member,
        status=status,
        open_answer=open_answer,
        submitted_at=timezone.now() if status == "submitted" else None,
    )
    values = value if isinstance(value, dict) else None
    PurposeIndexAnswer.objects.bulk_create(
        [
            PurposeIndexAnswer(
                response=response,
                statement=s,
                value=values.get(s.dimension, 3) if values else value,
            )
            for s in round_.statements()
        ]
    )
    return response
