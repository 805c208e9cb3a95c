"""The directory's ?q= goes through the one search service, audience included."""

import pytest

from profiles.models import ProfileCompetence
from tests.conftest import client_for
from tests.factories import CompetenceFactory, make_member

pytestmark = pytest.mark.django_db


def test_directory_text_search_finds_people_by_competence(employee):
    expert = make_member("employee")
    competence = CompetenceFactory(name="Warmtepompen")
    ProfileCompetence.objects.create(content_object=expert.profile, tag=competence)
    make_member("employee")  # someone who does not match

    html = client_for(employee).get("/people/", {"q": "warmtepomp"}).content.decode()
    assert expert.profile.display_name in html


def test_directory_text_search_never_matches_a_staff_only_field_for_external_members():
    owner = make_member("employee")
    owner.profile.location = "Zwolle-Zuid"
    owner.profile.location_audience = "staff"
    owner.profile.save()
    external = make_member("external")
    colleague = make_member("employee")

    found_by_external = client_for(external).get("/people/", {"q": "Zwolle-Zuid"})
    found_by_colleague = client_for(colleague).get("/people/", {"q": "Zwolle-Zuid"})
    assert owner.profile.display_name not in found_by_external.content.decode()
    assert owner.profile.display_name in found_by_colleague.content.decode()
