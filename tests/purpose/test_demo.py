"""seed_demo for the purpose: history, proposals in every state, answered rounds."""

import pytest

from intranet.demo import DemoContext
from purpose.models import (
    Proposal,
    PurposeIndexAnswer,
    PurposeIndexResponse,
    PurposeIndexRound,
)
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def run(ctx):
    from home import demo as home_demo
    from purpose import demo as purpose_demo

    home_demo.seed(ctx)
    purpose_demo.seed(ctx)


def test_demo_builds_history_proposals_and_rounds_and_is_idempotent():
    for kind in ["external"] * 20 + ["employee"] * 12 + ["manager"]:
        make_member(kind)
    ctx = DemoContext(people=33, posts=0, roadmaps=0, quiet=True)
    run(ctx)
    from home.models import PurposePage
    from purpose.aggregates import Filters, RoundData
    from purpose.history import published_versions

    page = PurposePage.objects.get()
    assert len(published_versions(page)) == 3
    assert set(Proposal.objects.values_list("status", flat=True)) == {
        "open",
        "adopted",
        "declined",
    }
    assert Proposal.objects.filter(support_count__gt=0).exists()
    rounds = list(PurposeIndexRound.objects.order_by("opens_at"))
    assert len(rounds) == 3
    assert rounds[0].has_closed and rounds[1].has_closed and rounds[2].is_open
    for round_ in rounds[:2]:
        assert RoundData(round_).group(Filters()).shown
    assert PurposeIndexResponse.objects.filter(round=rounds[2]).exists()

    counts = (
        Proposal.objects.count(),
        PurposeIndexResponse.objects.count(),
        PurposeIndexAnswer.objects.count(),
    )
    run(DemoContext(people=33, posts=0, roadmaps=0, quiet=True))
    assert len(published_versions(page)) == 3
    assert counts == (
        Proposal.objects.count(),
        PurposeIndexResponse.objects.count(),
        PurposeIndexAnswer.objects.count(),
    )


def test_demo_builds_teams_reflections_signals_and_stories():
    from feed.models import Post
    from purpose.models import ReflectionRound, Signal, TeamReflection

    for kind in ["external"] * 10 + ["employee"] * 20 + ["manager"]:
        make_member(kind)
    ctx = DemoContext(people=31, posts=0, roadmaps=0, quiet=True)
    run(ctx)
    assert ReflectionRound.objects.filter(closed_at__isnull=True).exists()
    assert TeamReflection.objects.count() > 20
    assert set(Signal.objects.values_list("status", flat=True)) == {
        "open",
        "looking",
        "changed",
        "explained",
    }
    assert Post.objects.filter(kind="story", featured=True).count() == 2
    rounds = ReflectionRound.objects.count()
    run(ctx)
    assert ReflectionRound.objects.count() == rounds
