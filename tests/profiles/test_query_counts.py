"""The directory and a profile page cost a fixed number of queries at any size."""

import pytest

from profiles import services
from profiles.models import Endorsement, Follow, Profile, ProfileCompetence
from tests.conftest import client_for
from tests.factories import NetworkFactory, RoleFactory, add_network_member, make_member

pytestmark = pytest.mark.django_db

# 21: with a text query, one or two (SQLite reads its full-text ids first) ask whether it
# matches the viewer's own profile (then the page is theirs, not shared: intranet/viewer_state.py).
DIRECTORY_MAX = 21
PROFILE_MAX = 22


def _people(n, *, competences_each=3, endorsers_each=2):
    roles = [RoleFactory(name=f"Role {i}", slug=f"qc-role-{i}") for i in range(3)]
    members = [make_member() for _ in range(n)]
    endorsers = [make_member() for _ in range(endorsers_each)]
    for i, member in enumerate(members):
        Profile.objects.filter(user=member).update(
            public_profile=True, headline=f"Headline {i}"
        )
        for c in range(competences_each):
            link = services.profile_competence_set(
                profile=member.profile,
                name=f"Skill {(i + c) % max(7, competences_each)}",
                level="expert",
            )
            for fan in endorsers:
                Endorsement.objects.create(profile_competence=link, endorser=fan)
        services.role_assignment_create(profile=member.profile, role=roles[i % 3])
        services.learning_interest_add(profile=member.profile, name=f"Skill {i % 5}")
    return members


@pytest.mark.parametrize("size", [3, 30])
@pytest.mark.parametrize("persona", ["visitor", "employee", "manager"])
def test_directory_query_count_does_not_grow(
    size, persona, django_assert_max_num_queries
):
    _people(size)
    client = client_for(None if persona == "visitor" else make_member(persona))
    with django_assert_max_num_queries(DIRECTORY_MAX):
        response = client.get("/people/")
    assert response.status_code == 200
    if persona == "visitor":  # only the opted-in people, whatever else exists
        assert len(response.context["page_obj"]) == min(size, 24)
    with django_assert_max_num_queries(DIRECTORY_MAX):
        assert (
            client.get("/people/", {"competence": "skill-1", "q": "Head"}).status_code
            == 200
        )


@pytest.mark.parametrize(
    ("competences", "endorsers", "followers"), [(1, 1, 1), (12, 15, 20)]
)
@pytest.mark.parametrize("persona", ["visitor", "owner", "employee"])
def test_profile_page_query_count_does_not_grow(
    competences, endorsers, followers, persona, django_assert_max_num_queries
):
    owner = _people(1, competences_each=competences, endorsers_each=endorsers)[0]
    for i in range(competences):
        services.role_assignment_create(
            profile=owner.profile,
            role=RoleFactory(name=f"Extra {i}", slug=f"extra-{i}"),
            context_label=f"Item {i}",
        )
    teachers = _people(3)
    for t in teachers:
        ProfileCompetence.objects.filter(content_object=t.profile).update(
            level="expert"
        )
    for _ in range(followers):
        Follow.objects.create(follower=make_member(), followed=owner)
    for i in range(min(competences, 5)):
        add_network_member(NetworkFactory(slug=f"qc-net-{i}"), owner)
    viewer = {"visitor": None, "owner": owner}.get(persona) or make_member(persona)
    client = client_for(viewer)
    with django_assert_max_num_queries(PROFILE_MAX):
        response = client.get(f"/people/{owner.username}/")
    assert response.status_code == 200
