"""Stored endorsement counts follow every endorsement, so the directory sorts
on an index instead of counting every member's endorsements per request."""

import pytest

from profiles import services
from profiles.models import Endorsement, Profile, ProfileCompetence
from profiles.views import DirectoryPaginator
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def _counts(link):
    link.refresh_from_db()
    link.content_object.refresh_from_db()
    return link.endorsement_count, link.content_object.endorsement_total


def test_counts_follow_endorsements_made_and_withdrawn():
    owner, fans = make_member(), [make_member() for _ in range(3)]
    python = services.profile_competence_set(profile=owner.profile, name="Python")
    soil = services.profile_competence_set(profile=owner.profile, name="Soil")
    for fan in fans:
        services.endorsement_create(endorser=fan, profile_competence=python)
    Endorsement.objects.create(profile_competence=soil, endorser=fans[0])  # no service
    assert _counts(python) == (3, 4)
    services.endorsement_delete(endorser=fans[1], profile_competence=python)
    assert _counts(python) == (2, 3)
    services.profile_competence_remove(profile=owner.profile, competence_id=soil.tag_id)
    assert _counts(python) == (2, 2)
    fans[2].delete()  # an endorser's account goes, and their endorsements with it
    assert _counts(python) == (1, 1)


def test_merge_and_refresh_recount():
    owner, fan, other = make_member(), make_member(), make_member()
    a = services.profile_competence_set(profile=owner.profile, name="Gardening")
    b = services.profile_competence_set(profile=owner.profile, name="Tuinieren")
    services.endorsement_create(endorser=fan, profile_competence=a)
    services.endorsement_create(endorser=other, profile_competence=b)
    services.competence_merge(source=b.tag, target=a.tag)
    assert _counts(a) == (2, 2)
    ProfileCompetence.objects.update(endorsement_count=0)
    Profile.objects.update(endorsement_total=0)
    services.endorsement_counts_refresh()
    assert _counts(a) == (2, 2)


def test_directory_sorts_by_the_chosen_competence_endorsements():
    fans = [make_member() for _ in range(3)]
    people = [make_member() for _ in range(3)]
    for i, person in enumerate(people):
        Profile.objects.filter(user=person).update(public_profile=True)
        link = services.profile_competence_set(profile=person.profile, name="Compost")
        other = services.profile_competence_set(profile=person.profile, name="Bees")
        for fan in fans[:i]:
            services.endorsement_create(endorser=fan, profile_competence=link)
        for fan in fans[: 2 - i]:  # the other competence ranks them the other way
            services.endorsement_create(endorser=fan, profile_competence=other)
    response = client_for(None).get("/people/", {"competence": "compost"})
    shown = [p.user_id for p in response.context["page_obj"]]
    assert shown == [people[2].pk, people[1].pk, people[0].pk]


def test_directory_count_stops_at_the_cap(monkeypatch):
    monkeypatch.setattr(DirectoryPaginator, "COUNT_CAP", 2)
    for _ in range(3):
        person = make_member()
        Profile.objects.filter(user=person).update(public_profile=True)
        services.profile_competence_set(profile=person.profile, name="Beekeeping")
    response = client_for(None).get("/people/", {"competence": "beekeeping"})
    assert response.context["page_obj"].paginator.count_label == "2+"
    assert "2+ people" in response.content.decode()
