"""Search across languages (issue 19): a competence's Dutch name, its English name
and a synonym find the same people, in every backend and in the people directory."""

import pytest
from django.utils import translation

from profiles.models import Competence, Profile, ProfileCompetence, Role, RoleAssignment
from search.service import get_backend, profile_ids_matching, search
from tests.conftest import client_for

from .conftest import person, post

pytestmark = pytest.mark.django_db

WORDS = ["warmtepompen", "heat pumps", "lucht-waterpomp"]


@pytest.fixture
def bilingual(backend, world):
    heat_pumps = Competence.objects.create(
        name_nl="Warmtepompen",
        name_en="Heat pumps",
        synonyms="lucht-waterpomp, heat pump installation",
        slug="warmtepompen",
    )
    installers = [
        person("Wim Installateur", headline="Monteur"),
        person("Fatima Bouali", headline="Adviseur duurzaam wonen"),
    ]
    buddy = Role.objects.create(
        name_nl="Maatje", name_en="Buddy", slug="maatje", is_public=True
    )
    for profile in installers:
        ProfileCompetence.objects.create(content_object=profile, tag=heat_pumps)
        RoleAssignment.objects.create(profile=profile, role=buddy)
    if backend.name == "elasticsearch":
        from search.indexing import get_client, rebuild

        rebuild(client=get_client())
    world["installers"] = {p.display_name for p in installers}
    return world


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("word", WORDS)
def test_dutch_name_english_name_and_synonym_find_the_same_people(
    backend, bilingual, word, language
):
    with translation.override(language):
        results = search(query=word, user=bilingual["external"], backend=backend)
    people = {h.title for h in results.hits if h.type == "person"}
    assert people == bilingual["installers"]


def test_each_word_finds_the_competence_itself(backend, bilingual):
    for word in WORDS:
        results = search(query=word, user=bilingual["external"], backend=backend)
        assert [h.url for h in results.hits if h.type == "competence"] == [
            "/people/?competence=warmtepompen"
        ], word


@pytest.mark.parametrize(
    "language,competence,role",
    [("nl", "Warmtepompen", "Maatje"), ("en", "Heat pumps", "Buddy")],
)
def test_facet_and_hit_labels_speak_the_viewers_language(
    backend, bilingual, language, competence, role
):
    with translation.override(language):
        results = search(
            query="Installateur", user=bilingual["external"], backend=backend
        )
        labels = {
            facet: {value.value: value.label for value in values}
            for facet, values in results.facets.items()
        }
        assert labels["competence"]["warmtepompen"] == competence
        assert labels["role"]["maatje"] == role
        results = search(
            query="warmtepomp", user=bilingual["external"], backend=backend
        )
    assert [h.title for h in results.hits if h.type == "competence"] == [competence]


def test_directory_text_filter_matches_every_name(backend, bilingual):
    found = [
        set(
            Profile.objects.filter(
                pk__in=profile_ids_matching(
                    word, bilingual["external"], backend=backend
                )
            ).values_list("pk", flat=True)
        )
        for word in WORDS
    ]
    assert len(found[0]) == 2 and found[0] == found[1] == found[2]


def test_people_page_finds_them_by_the_english_name_in_the_dutch_ui(bilingual):
    client = client_for(bilingual["external"])
    body = client.get(
        "/people/", {"q": "heat pumps"}, HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert "Wim Installateur" in body and "Fatima Bouali" in body
    assert "Warmtepompen" in body  # the competence chip in the viewer's language


@pytest.mark.parametrize(
    "body,query",
    [
        ("Onze nieuwe warmtepomp draait sinds maandag", "warmtepompen"),
        ("Drie warmtepompen geplaatst in Assendorp", "warmtepomp"),
        ("We installed two heat pumps in the depot", "installing"),
    ],
)
def test_inflections_match_on_postgresql(uses_postgresql, world, body, query):
    """Dutch and English stemming (PostgreSQL text search configurations)."""
    mine = post(world["employee"], f"<p>{body}</p>", audience="public")
    results = search(
        query=query, user=world["external"], backend=get_backend("database")
    )
    assert mine.pk in {h.pk for h in results.hits if h.type == "post"}
