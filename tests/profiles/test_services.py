"""Services: roles, claims, competences, endorsements, merges, follows."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from profiles import selectors, services
from profiles.models import Endorsement, LearningInterest, ProfileCompetence
from tests.factories import CompetenceFactory, RoleFactory, make_member

pytestmark = pytest.mark.django_db


def test_users_with_competences_returns_each_member_once():
    python = CompetenceFactory(name="Python", slug="python")
    django_ = CompetenceFactory(name="Django", slug="django")
    alice, bob, _carol = (make_member() for _ in range(3))
    services.profile_competence_set(profile=alice.profile, name="Python")
    services.profile_competence_set(profile=alice.profile, name="Django")
    services.profile_competence_set(profile=bob.profile, name="django")
    found = selectors.users_with_competences(competence_ids=[python.pk, django_.pk])
    assert sorted(found.values_list("pk", flat=True)) == sorted([alice.pk, bob.pk])
    assert selectors.users_with_competences(competence_ids=[]).count() == 0


def test_role_assignment_create_is_idempotent_per_context():
    member, manager = make_member(), make_member("manager")
    role = RoleFactory(name="Volunteer", slug="volunteer")
    first = services.role_assignment_create(
        profile=member.profile, role=role, assigned_by=manager, context_label="Item A"
    )
    again = services.role_assignment_create(
        profile=member.profile, role=role, assigned_by=manager, context_label="Item A"
    )
    other = services.role_assignment_create(
        profile=member.profile, role=role, assigned_by=manager, context_label="Item B"
    )
    assert first.pk == again.pk != other.pk
    assert first.is_current


def test_claiming_a_role_twice_is_refused_and_approval_assigns_and_emails():
    member, manager = make_member(), make_member("manager")
    role = RoleFactory(name="Mentor", slug="mentor")
    claim = services.role_claim_create(profile=member.profile, role=role)
    with pytest.raises(ValidationError, match="already claimed"):
        services.role_claim_create(profile=member.profile, role=role)
    with pytest.raises(ValidationError):
        services.role_claim_create(profile=member.profile, role=role)
    services.role_claim_decide(claim=claim, decided_by=manager, approve=True)
    assert member.profile.role_assignments.filter(role=role).exists()
    with pytest.raises(ValidationError, match="already hold"):
        services.role_claim_create(profile=member.profile, role=role)


def test_declined_claim_tells_the_member_with_reason(
    django_capture_on_commit_callbacks,
):
    member, manager = make_member(), make_member("manager")
    role = RoleFactory()
    claim = services.role_claim_create(profile=member.profile, role=role)
    with django_capture_on_commit_callbacks(execute=True):
        services.role_claim_decide(
            claim=claim, decided_by=manager, approve=False, reason="Not now"
        )
    assert len(mail.outbox) == 1
    assert "declined" in mail.outbox[0].subject
    assert "Not now" in mail.outbox[0].body
    assert not member.profile.role_assignments.exists()


def test_endorsing_yourself_or_twice_is_refused():
    owner, fan = make_member(), make_member()
    link = services.profile_competence_set(profile=owner.profile, name="Python")
    with pytest.raises(ValidationError, match="your own"):
        services.endorsement_create(endorser=owner, profile_competence=link)
    services.endorsement_create(endorser=fan, profile_competence=link)
    with pytest.raises(ValidationError, match="already endorsed"):
        services.endorsement_create(endorser=fan, profile_competence=link)
    assert link.endorsements.count() == 1


def test_following_yourself_is_refused():
    member = make_member()
    with pytest.raises(ValidationError, match="yourself"):
        services.follow_create(follower=member, followed=member)


def test_merge_keeps_declarations_endorsements_and_interests_without_duplicates():
    upper = CompetenceFactory(name="Python", slug="python")
    lower = CompetenceFactory(name="python ", slug="python-2")
    both, only_lower, learner = make_member(), make_member(), make_member()
    fan1, fan2 = make_member(), make_member()
    keep = ProfileCompetence.objects.create(
        content_object=both.profile, tag=upper, level="practised"
    )
    dup = ProfileCompetence.objects.create(
        content_object=both.profile, tag=lower, level="expert"
    )
    moved = ProfileCompetence.objects.create(
        content_object=only_lower.profile, tag=lower
    )
    Endorsement.objects.create(profile_competence=keep, endorser=fan1)
    Endorsement.objects.create(profile_competence=dup, endorser=fan1)
    Endorsement.objects.create(profile_competence=dup, endorser=fan2)
    Endorsement.objects.create(profile_competence=moved, endorser=fan2)
    LearningInterest.objects.create(content_object=learner.profile, tag=lower)
    LearningInterest.objects.create(content_object=learner.profile, tag=upper)

    services.competence_merge(source=lower, target=upper)

    keep.refresh_from_db()
    assert keep.level == "expert"
    assert sorted(keep.endorsements.values_list("endorser_id", flat=True)) == sorted(
        [fan1.pk, fan2.pk]
    )
    moved.refresh_from_db()
    assert moved.tag_id == upper.pk and moved.endorsements.count() == 1
    assert learner.profile.learning_links.get().tag_id == upper.pk
    assert Endorsement.objects.count() == 3


def test_people_you_may_know_ranks_shared_competences_networks_and_follows():
    from tests.factories import NetworkFactory, add_network_member

    me, close, loose, followed, stranger = (make_member() for _ in range(5))
    for user in (me, close, loose):
        services.profile_competence_set(profile=user.profile, name="Python")
    services.profile_competence_set(profile=me.profile, name="Soil")
    services.profile_competence_set(profile=close.profile, name="Soil")
    network = NetworkFactory()
    add_network_member(network, me)
    add_network_member(network, close)
    services.follow_create(follower=me, followed=followed)
    suggestions = selectors.people_you_may_know(viewer=me)
    users = [p.user_id for p in suggestions]
    assert users[:2] == [close.pk, loose.pk]
    assert me.pk not in users and followed.pk not in users
    assert stranger.pk not in users
