"""seed_demo for intervision: circles with a closed, a running and a planned session;
the demo logins share the first circle; running it twice adds nothing."""

import pytest

from accounts import demo as accounts_demo
from intervision import demo
from intervision.models import Circle, Contribution, IntervisionSession, LearningEntry
from intervision.phases import Phase
from intranet.demo import DemoContext

pytestmark = pytest.mark.django_db


def test_demo_builds_circles_sessions_and_logs_and_is_idempotent():
    ctx = DemoContext(people=30, posts=0, roadmaps=0, quiet=True)
    accounts_demo.seed(ctx)
    demo.seed(ctx)
    assert Circle.objects.count() == len(demo.CIRCLES)
    assert all(3 <= c.memberships.count() <= 8 for c in Circle.objects.all())
    phases = set(IntervisionSession.objects.values_list("phase", flat=True))
    assert {Phase.CLOSED, Phase.ANALYSIS, Phase.SCHEDULED} <= phases
    first = Circle.objects.get(name=demo.CIRCLES[0][0])
    emails = set(first.memberships.values_list("user__email", flat=True))
    assert {"employee@example.org", "external@example.org"} <= emails
    assert "manager@example.org" not in emails
    assert IntervisionSession.objects.filter(learning_post__isnull=False).count() == 1
    counts = (Contribution.objects.count(), LearningEntry.objects.count())
    demo.seed(ctx)
    assert (Contribution.objects.count(), LearningEntry.objects.count()) == counts
