"""seed_demo fills people: profiles, roles, competences, endorsements, follows, networks."""

import pytest

from intranet.demo import DemoContext
from profiles import demo
from profiles.models import (
    Endorsement,
    Follow,
    NetworkMembership,
    Profile,
    ProfileCompetence,
    RoleAssignment,
)

pytestmark = pytest.mark.django_db


def test_people_seeder_fills_profiles_and_is_idempotent():
    from accounts import demo as accounts_demo

    ctx = DemoContext(people=40, posts=0, roadmaps=0, quiet=True)
    accounts_demo.seed(ctx)
    demo.seed(ctx)
    counts = [
        Profile.objects.exclude(headline="").count(),
        ProfileCompetence.objects.count(),
        Endorsement.objects.count(),
        Follow.objects.count(),
        NetworkMembership.objects.count(),
        RoleAssignment.objects.count(),
    ]
    assert counts[0] == 40
    assert all(n > 0 for n in counts), counts
    demo.seed(DemoContext(people=40, posts=0, roadmaps=0, quiet=True))
    assert counts == [
        Profile.objects.exclude(headline="").count(),
        ProfileCompetence.objects.count(),
        Endorsement.objects.count(),
        Follow.objects.count(),
        NetworkMembership.objects.count(),
        RoleAssignment.objects.count(),
    ]
