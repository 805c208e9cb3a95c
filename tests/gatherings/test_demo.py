"""seed_demo for gatherings: every state a gathering can be in, idempotent."""

import pytest

from gatherings import demo
from gatherings.models import Gathering, Registration
from intranet.demo import DemoContext
from tests.factories import NetworkFactory, make_member

pytestmark = pytest.mark.django_db


def test_demo_has_every_state_and_runs_once(django_assert_max_num_queries):
    for kind in ["external"] * 30 + ["employee"] * 8 + ["manager"]:
        make_member(kind)
    NetworkFactory(slug="zorgtechnologie", name="Zorgtechnologie in de praktijk")
    demo.seed(DemoContext(people=39, posts=0, roadmaps=0, quiet=True))
    gatherings = Gathering.objects.all()
    assert gatherings.count() == 9
    assert set(gatherings.values_list("audience", flat=True)) == {
        "public",
        "community",
        "staff",
    }
    assert gatherings.filter(cancelled_at__isnull=False).count() == 1
    assert gatherings.past().exclude(result_post=None).count() == 2
    full = Gathering.objects.get(kind="mastercircle")
    assert full.registrations.filter(status="confirmed").count() == full.capacity
    assert full.registrations.filter(status="waiting").exists()
    assert full.networks.filter(slug="zorgtechnologie").exists()
    for gathering in gatherings:
        confirmed = gathering.registrations.filter(status="confirmed").count()
        assert confirmed <= gathering.capacity
    count = Registration.objects.count()
    with django_assert_max_num_queries(3):
        demo.seed(DemoContext(people=39, posts=0, roadmaps=0, quiet=True))
    assert Registration.objects.count() == count
