"""Competences, roles and networks in Dutch and English (issue 19)."""

import pytest
from django.utils import translation

from profiles import services
from profiles.models import Competence, Role
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def heat_pumps():
    return Competence.objects.create(
        name_nl="Warmtepompen",
        name_en="Heat pumps",
        synonyms="warmtepomp, heat pump installation",
        slug="warmtepompen",
    )


def test_name_follows_the_viewers_language_and_falls_back(heat_pumps):
    only_dutch = Competence.objects.create(name_nl="Dementiezorg", slug="dementie")
    with translation.override("nl"):
        assert heat_pumps.name == "Warmtepompen"
    with translation.override("en"):
        assert heat_pumps.name == "Heat pumps"
        assert only_dutch.name == "Dementiezorg"  # no English yet: the Dutch one


def test_role_badge_is_shown_in_dutch_on_the_dutch_profile():
    member = make_member("employee")
    role = Role.objects.create(
        name_en="Roadmap owner", name_nl="Eigenaar roadmap", slug="roadmap-owner"
    )
    services.role_assignment_create(profile=member.profile, role=role)
    client = client_for(make_member("employee"))
    url = member.profile.get_absolute_url()
    dutch = client.get(url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Eigenaar roadmap" in dutch and "Roadmap owner" not in dutch
    assert "Roadmap owner" in english


@pytest.mark.parametrize("word", ["Warmtepompen", "heat pumps", "Warmtepomp"])
def test_any_name_or_synonym_finds_the_same_competence(heat_pumps, word):
    assert services.competence_get_or_create(name=word) == heat_pumps


def test_a_member_proposes_one_name_and_a_manager_adds_the_other():
    with translation.override("nl"):
        proposed = services.competence_get_or_create(name="Ervaringsdeskundigheid")
    assert (proposed.name_nl, proposed.name_en) == ("Ervaringsdeskundigheid", None)
    proposed.name_en = "Lived experience"
    proposed.full_clean()
    proposed.save()
    with translation.override("en"):
        assert services.competence_get_or_create(name="lived experience") == proposed


@pytest.mark.parametrize(
    "field,value",
    [
        ("name_nl", "heat pumps"),
        ("name_en", "WARMTEPOMPEN"),
        ("synonyms", "warmtepomp"),
    ],
)
def test_admin_refuses_a_name_that_collides_in_either_language(
    heat_pumps, field, value
):
    manager = client_for(make_member("manager"))
    data = {
        "name_nl": "Isolatie",
        "name_en": "Insulation",
        "synonyms": "",
        "slug": "isolatie",
        "description_nl": "",
        "description_en": "",
    }
    data[field] = value
    response = manager.post("/admin/snippets/profiles/competence/add/", data)
    assert response.status_code == 200  # the form again, with the message
    body = response.content.decode()
    assert "already names the competence" in body
    assert not Competence.objects.filter(slug="isolatie").exists()


def test_admin_saves_both_names_and_synonyms(heat_pumps):
    manager = client_for(make_member("manager"))
    response = manager.post(
        "/admin/snippets/profiles/competence/add/",
        {
            "name_nl": "Isolatie",
            "name_en": "Insulation",
            "synonyms": "na-isolatie, spouwmuurisolatie",
            "slug": "isolatie",
            "description_nl": "",
            "description_en": "",
        },
    )
    assert response.status_code == 302
    saved = Competence.objects.get(slug="isolatie")
    assert saved.all_names() == [
        "Isolatie",
        "Insulation",
        "na-isolatie",
        "spouwmuurisolatie",
    ]
