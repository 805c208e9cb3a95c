"""The Elasticsearch backend's mappings and query bodies, checked without a server."""

import json
import subprocess
import sys

import pytest
from django.utils import translation
from elasticsearch_dsl.response import Hit as EsHit

from intranet import search as registry
from profiles.models import Competence
from purpose.speakup import signal_raise
from search.backends.elastic import (
    ElasticsearchBackend,
    Viewer,
    audience_filter,
    build_autocomplete,
    build_profile_ids,
    build_search,
)
from search.documents import DOCUMENTS, alias_name, all_aliases
from search.indexing import new_index
from search.results import KINDS
from search.service import SearchFilters, terms_of
from tests.factories import make_member, make_purpose_page

VISITOR = Viewer(user_id=None, audiences=("public",), manager=False)
EXTERNAL = Viewer(
    user_id=7, audiences=("public", "community"), manager=False, network_ids=(3,)
)
EMPLOYEE = Viewer(user_id=8, audiences=("public", "community", "staff"), manager=False)
MANAGER = Viewer(
    user_id=9, audiences=("public", "community", "staff", "private"), manager=True
)


def body(viewer, query="solar panels", **filters):
    return build_search(
        terms=terms_of(query), filters=SearchFilters(**filters), viewer=viewer
    ).to_dict()


def text(d) -> str:
    return json.dumps(d, sort_keys=True, default=str)


def searched_fields(d) -> set[str]:
    fields = set()

    def walk(node):
        if isinstance(node, dict):
            if "multi_match" in node:
                fields.update(f.split("^")[0] for f in node["multi_match"]["fields"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(d)
    return fields


def test_every_index_has_dutch_and_english_analysers():
    for kind in DOCUMENTS:
        d = new_index(kind, f"{alias_name(kind)}-x").to_dict()
        analysers = d["settings"]["analysis"]["analyzer"]
        assert {"koers_text"} <= set(analysers)
        mapping = text(d["mappings"])
        assert "koers_dutch" in mapping and "koers_english" in mapping
    people = new_index("people", "p").to_dict()
    name = people["mappings"]["properties"]["name"]
    assert name["fields"]["exact"] == {"type": "keyword", "normalizer": "koers_lower"}
    assert name["fields"]["suggest"]["analyzer"] == "koers_autocomplete"
    dutch = people["settings"]["analysis"]["filter"]["koers_dutch_stemmer"]
    assert dutch == {"type": "stemmer", "language": "dutch"}


def test_profile_audience_buckets_are_separate_fields():
    props = new_index("people", "p").to_dict()["mappings"]["properties"]
    for bucket in ("public", "community", "staff", "private"):
        assert props[f"text_{bucket}"]["type"] == "text"


def test_names_and_competences_are_boosted_and_typos_forgiven():
    d = body(EXTERNAL)
    q = text(d)
    assert '"name^6"' in q and '"competences^3"' in q
    assert '"fuzziness": "AUTO"' in q
    assert '"name.exact": {"boost": 20, "value": "solar panels"}' in q


@pytest.mark.parametrize(
    ("viewer", "allowed", "forbidden"),
    [
        (VISITOR, {"text_public"}, {"text_community", "text_staff", "text_private"}),
        (EXTERNAL, {"text_public", "text_community"}, {"text_staff", "text_private"}),
        (EMPLOYEE, {"text_staff"}, {"text_private"}),
        (MANAGER, {"text_private"}, set()),
    ],
)
def test_only_profile_fields_the_viewer_may_see_are_searched_or_highlighted(
    viewer, allowed, forbidden
):
    d = body(viewer)
    fields = searched_fields(d)
    highlighted = set(d["highlight"]["fields"])
    assert allowed <= fields and allowed <= highlighted
    assert not forbidden & fields
    assert not forbidden & highlighted
    assert not {f"{b}.nl" for b in forbidden} & fields


def test_visitor_filter_admits_public_only_and_public_profiles():
    f = text(audience_filter(VISITOR).to_dict())
    assert '"public_profile": true' in f
    assert '"audience": ["public"]' in f
    assert "author_id" not in f
    assert "community" not in f


def test_member_filter_lets_authors_see_their_own_and_networks_they_belong_to():
    f = audience_filter(EXTERNAL).to_dict()
    s = text(f)
    assert '"author_id": 7' in s
    assert '"network_ids": [3]' in s
    assert '"hidden": false' in s
    assert '"audience": ["public", "community"]' in s
    assert "staff" not in s


def test_manager_filter_skips_network_and_hidden_checks():
    s = text(audience_filter(MANAGER).to_dict())
    assert "hidden" not in s and "network_ids" not in s


def test_audience_is_a_filter_inside_the_query_and_kind_a_post_filter():
    d = body(EXTERNAL, kind="person")
    assert d["query"]["bool"]["filter"][0] == audience_filter(EXTERNAL).to_dict()
    assert d["post_filter"] == {"term": {"type": "person"}}
    # One bucket per result tab (people, competences, posts, items, signals, pages).
    assert d["aggs"]["kind"] == {"terms": {"field": "type", "size": len(KINDS)}}
    assert len(KINDS) == 6
    assert d["aggs"]["competence"]["filter"] == {"term": {"type": "person"}}
    assert d["track_total_hits"] is True


def test_role_facet_uses_public_roles_for_visitors():
    assert body(VISITOR)["aggs"]["role"]["aggs"]["values"]["terms"]["field"] == (
        "role_slugs_public"
    )
    assert body(EXTERNAL)["aggs"]["role"]["aggs"]["values"]["terms"]["field"] == (
        "role_slugs"
    )


def test_highlight_marks_with_html_encoding():
    h = body(EXTERNAL)["highlight"]
    assert h["pre_tags"] == ["<mark>"] and h["post_tags"] == ["</mark>"]
    assert h["encoder"] == "html"


def test_paging_and_sort():
    d = build_search(
        terms=["solar"], filters=SearchFilters(), viewer=VISITOR, page=3, per_page=20
    ).to_dict()
    assert (d["from"], d["size"]) == (40, 20)
    assert d["sort"][0] == "_score"


def test_filters_become_filter_clauses():
    import datetime as dt

    d = body(
        EXTERNAL,
        competence="python",
        role="coach",
        post_kind="idea",
        date_from=dt.date(2026, 1, 1),
    )
    s = text(d["query"]["bool"]["filter"])
    assert '"competence_slugs": "python"' in s
    assert '"role_slugs": "coach"' in s
    assert '"kind": "idea"' in s
    assert '"gte": "2026-01-01"' in s


def test_invisible_network_filter_matches_nothing():
    d = build_search(
        terms=["solar"],
        filters=SearchFilters(network="secret"),
        viewer=EXTERNAL,
        network_id=None,
    ).to_dict()
    assert {"match_none": {}} in d["query"]["bool"]["filter"]


def test_search_syntax_never_reaches_elasticsearch_as_syntax():
    d = body(EXTERNAL, query='title:x AND (y OR "z")~2 /re/ *:*')
    queries = {
        node["multi_match"]["query"]
        for node in d["query"]["bool"]["must"][0]["bool"]["should"]
        if "multi_match" in node
    }
    assert queries == {"title x and y or z 2 re"}
    assert "query_string" not in text(d)


def test_autocomplete_and_directory_queries_are_audience_filtered():
    a = build_autocomplete(terms=["sun"], viewer=VISITOR).to_dict()
    assert a["query"]["bool"]["filter"] == [audience_filter(VISITOR).to_dict()]
    assert a["query"]["bool"]["must"][0]["match"]["name.suggest"]["query"] == "sun"
    p = build_profile_ids(terms=["sun"], viewer=EXTERNAL).to_dict()
    assert p["query"]["bool"]["filter"] == [audience_filter(EXTERNAL).to_dict()]
    assert p["_source"] is False


@pytest.mark.django_db
def test_person_document_puts_each_field_in_its_audience_bucket():
    from search.indexing import person_source

    from .conftest import person

    profile = person(
        "Xander Geheim",
        competences=["Solar power"],
        roles=["Coach"],
        bio="xylofoon",
        bio_audience="private",
        location="Bunker",
        location_audience="staff",
        phone="0612345678",
        phone_audience="public",
    )
    source = person_source(profile)
    assert source["text_private"] == "xylofoon"
    assert source["text_staff"] == "Bunker"
    assert "0612345678" not in text(source)
    assert source["competence_slugs"] == ["solar-power"]
    assert source["role_slugs_public"] == ["coach"]


@pytest.mark.django_db
def test_viewer_comes_from_the_audience_helper(employee, external_member):
    assert Viewer.of(None) == Viewer(user_id=None, audiences=("public",), manager=False)
    assert Viewer.of(employee).audiences == ("public", "community", "staff")
    assert Viewer.of(external_member).audiences == ("public", "community")


@pytest.mark.django_db
def test_a_competence_is_indexed_and_found_by_every_name_and_labelled_per_language():
    """Dutch name, English name and synonyms go into ``names`` (Dutch and English
    analysed sub-fields), which the query searches; the hit reads in the viewer's
    language whatever language the index was built in."""

    mapping = new_index("competences", "c").to_dict()["mappings"]["properties"]
    assert mapping["names"]["fields"]["nl"]["analyzer"] == "koers_dutch"
    assert mapping["names"]["fields"]["en"]["analyzer"] == "koers_english"
    assert {"names", "names.nl", "names.en"} <= searched_fields(body(EXTERNAL))

    care = Competence.objects.create(
        name_nl="Dementiezorg",
        name_en="Dementia care",
        synonyms="alzheimerzorg",
        slug="dementiezorg",
    )
    with translation.override("en"):
        source = registry.search_types()["competence"].source(care)
    assert set(source["names"]) == {"Dementiezorg", "Dementia care", "alzheimerzorg"}
    hit = EsHit({"_id": str(care.pk), "_score": 1.0, "_source": source})
    for language, label in (("nl", "Dementiezorg"), ("en", "Dementia care")):
        with translation.override(language):
            assert ElasticsearchBackend._hit(hit, ["zorg"]).title == label


def test_the_contract_suite_runs_the_bilingual_cases_on_elasticsearch_too():
    """Without a server they skip, but they are collected for both backends: set
    ELASTICSEARCH_URL and the Dutch, English and synonym cases run on Elasticsearch."""

    collected = subprocess.run(  # noqa: S603 - our own test files
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/search/test_bilingual.py",
            "tests/search/test_contract.py",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for case in ("warmtepompen", "heat pumps", "lucht-waterpomp"):
        for language in ("nl", "en"):
            assert (
                "test_dutch_name_english_name_and_synonym_find_the_same_people"
                f"[elasticsearch-{case}-{language}]"
            ) in collected, collected[-2000:]
    assert "test_facet_and_hit_labels_speak_the_viewers_language[elasticsearch-" in (
        collected
    )
    for case in ("visitor", "external", "employee", "manager"):
        assert (
            f"test_a_hidden_authors_name_never_finds_or_shows_their_signal[elasticsearch-{case}]"
            in collected
        )
    assert "test_signal_filters_follow_the_database_rules[elasticsearch]" in collected
    assert "test_exact_name_match_ranks_first[elasticsearch]" in collected


# --- Speak-up signals (purpose) --------------------------------------------------------


def _signal_clause(viewer):
    """The signal branch of the audience filter."""
    for clause in audience_filter(viewer).to_dict()["bool"]["should"]:
        if {"term": {"type": "signal"}} in clause.get("bool", {}).get("filter", []):
            return clause
    raise AssertionError("no signal clause")


def test_signal_index_is_multilingual_and_holds_no_author_name():
    d = new_index("signals", "s").to_dict()
    props = d["mappings"]["properties"]
    for name in ("title", "body"):
        assert props[name]["analyzer"] == "koers_text"
        assert props[name]["fields"]["nl"]["analyzer"] == "koers_dutch"
        assert props[name]["fields"]["en"]["analyzer"] == "koers_english"
    assert props["title"]["fields"]["exact"]["type"] == "keyword"
    assert props["audience"] == {"type": "keyword"}
    assert props["status"] == {"type": "keyword"}
    assert props["hide_name"] == {"type": "boolean"}
    assert props["author_id"] == {"type": "integer"}
    assert not {"name", "author", "author_name", "display_name"} & set(props)
    assert alias_name("signals") in all_aliases()


def test_signal_audience_filter_is_the_database_rule():
    visitor = text(_signal_clause(VISITOR))
    assert '"audience": ["public"]' in visitor and "author_id" not in visitor
    external = _signal_clause(EXTERNAL)
    assert external == {
        "bool": {
            "filter": [
                {"term": {"type": "signal"}},
                {
                    "bool": {
                        "should": [
                            {"terms": {"audience": ["public", "community"]}},
                            {"term": {"author_id": 7}},
                        ]
                    }
                },
            ]
        }
    }
    assert '"staff"' in text(_signal_clause(EMPLOYEE))
    # Signals are not in networks and have no "hidden" flag of a post.
    manager = text(_signal_clause(MANAGER))
    assert "network_ids" not in manager and '"hidden"' not in manager


def test_the_signal_tab_is_a_post_filter_and_signal_titles_are_searched():
    d = body(EXTERNAL, "tillift", kind="signal")
    assert d["post_filter"] == {"term": {"type": "signal"}}
    assert {"title", "title.nl", "title.en", "body", "body.nl"} <= searched_fields(d)
    assert d["query"]["bool"]["filter"][0] == audience_filter(EXTERNAL).to_dict()


@pytest.mark.django_db
def test_a_signal_document_never_holds_its_authors_name(home_page):
    author = make_member("external")
    author.profile.display_name = "Wendelien Verborgen"
    author.profile.save()
    signal = signal_raise(
        author=author,
        promise=make_purpose_page().promises.first(),
        title="Tilliftformulier",
        body="Elke week opnieuw",
        audience="public",
        hide_name=True,
    )
    source = registry.search_types()["signal"].source(signal)
    assert source["type"] == "signal" and source["hide_name"] is True
    assert source["status"] == "open" and source["audience"] == "public"
    dumped = text(source)
    assert "Verborgen" not in dumped and author.username not in dumped
    # The document maps every field it is given.
    props = new_index("signals", "s").to_dict()["mappings"]["properties"]
    assert set(source) <= set(props)
    hit = EsHit({"_id": str(signal.pk), "_score": 1.0, "_source": source})
    assert ElasticsearchBackend._hit(hit, ["tillift"]).url == signal.get_absolute_url()
