"""Elasticsearch index documents (elasticsearch-dsl), one index per hit type.

Each index is reached through an alias (``<prefix>-people`` …) so that
``manage.py search_reindex`` can build a fresh index and switch the alias
without downtime. Text is analysed three ways: a folding ``koers_text``
analyser (exact words, accents ignored) plus Dutch and English stemmed
sub-fields, so "vrijwilligers" finds "vrijwilliger" and "volunteering"
finds "volunteer". Names get an exact (normalised keyword) sub-field for
the exact-match boost and an edge n-gram sub-field for autocomplete.

Profile fields with their own audience are indexed per audience bucket
(``text_public`` … ``text_private``): a query only ever names the buckets
the viewer may see, so a private bio can neither match nor be highlighted.
"""

from django.conf import settings
from elasticsearch_dsl import (
    Boolean,
    Date,
    Document,
    Integer,
    Keyword,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

AUDIENCE_BUCKETS = ("public", "community", "staff", "private")

koers_text = analyzer(
    "koers_text", tokenizer="standard", filter=["lowercase", "asciifolding"]
)
koers_dutch = analyzer(
    "koers_dutch",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter("koers_dutch_stop", "stop", stopwords="_dutch_"),
        token_filter("koers_dutch_stemmer", "stemmer", language="dutch"),
        "asciifolding",
    ],
)
koers_english = analyzer(
    "koers_english",
    tokenizer="standard",
    filter=[
        token_filter(
            "koers_english_possessive", "stemmer", language="possessive_english"
        ),
        "lowercase",
        token_filter("koers_english_stop", "stop", stopwords="_english_"),
        token_filter("koers_english_stemmer", "stemmer", language="english"),
        "asciifolding",
    ],
)
koers_autocomplete = analyzer(
    "koers_autocomplete",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("koers_edge", "edge_ngram", min_gram=1, max_gram=20),
    ],
)
koers_lower = normalizer("koers_lower", filter=["lowercase", "asciifolding"])

INDEX_SETTINGS = {"number_of_shards": 1, "number_of_replicas": 0}


def multilingual(**kwargs):
    """Text searched as written, and through Dutch and English stemming."""
    return Text(
        analyzer=koers_text,
        fields={
            "nl": Text(analyzer=koers_dutch),
            "en": Text(analyzer=koers_english),
        },
        **kwargs,
    )


def name_field():
    return Text(
        analyzer=koers_text,
        fields={
            "exact": Keyword(normalizer=koers_lower),
            "suggest": Text(analyzer=koers_autocomplete, search_analyzer=koers_text),
        },
    )


def alias_name(kind: str) -> str:
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{kind}"


class PersonDocument(Document):
    type = Keyword()
    name = name_field()
    headline = multilingual()
    competences = multilingual()
    competence_slugs = Keyword()
    roles_public = multilingual()
    roles_members = multilingual()
    role_slugs_public = Keyword()
    role_slugs = Keyword()
    text_public = multilingual()
    text_community = multilingual()
    text_staff = multilingual()
    text_private = multilingual()
    network_ids = Integer()
    public_profile = Boolean()
    is_active = Boolean()
    user_id = Integer()
    url = Keyword(index=False)

    class Index:
        name = alias_name("people")
        settings = INDEX_SETTINGS


class CompetenceDocument(Document):
    type = Keyword()
    name = name_field()
    # Every name (Dutch, English, synonyms): each finds the competence; the hit is
    # labelled in the viewer's language from name_nl/name_en, not the indexing one.
    names = multilingual()
    name_nl = Keyword(index=False)
    name_en = Keyword(index=False)
    description = multilingual()
    slug = Keyword()
    url = Keyword(index=False)

    class Index:
        name = alias_name("competences")
        settings = INDEX_SETTINGS


class PostDocument(Document):
    type = Keyword()
    kind = Keyword()
    title = multilingual()
    body = multilingual()
    competences = multilingual()
    competence_slugs = Keyword()
    audience = Keyword()
    network_ids = Integer()
    author_id = Integer()
    hidden = Boolean()
    created_at = Date()
    url = Keyword(index=False)

    class Index:
        name = alias_name("posts")
        settings = INDEX_SETTINGS


class PageDocument(Document):
    type = Keyword()
    title = Text(
        analyzer=koers_text,
        fields={
            "exact": Keyword(normalizer=koers_lower),
            "nl": Text(analyzer=koers_dutch),
            "en": Text(analyzer=koers_english),
        },
    )
    body = multilingual()
    audience = Keyword()
    created_at = Date()
    url = Keyword(index=False)

    class Index:
        name = alias_name("pages")
        settings = INDEX_SETTINGS


class SignalDocument(Document):
    """A speak-up signal (purpose). Its author's name is never indexed: only the
    author's id (a signal's author always finds their own) and whether the name is
    hidden; the audience is the signal's own."""

    type = Keyword()
    title = Text(
        analyzer=koers_text,
        fields={
            "exact": Keyword(normalizer=koers_lower),
            "nl": Text(analyzer=koers_dutch),
            "en": Text(analyzer=koers_english),
        },
    )
    body = multilingual()
    audience = Keyword()
    author_id = Integer()
    hide_name = Boolean()
    status = Keyword()
    promise_id = Integer()
    created_at = Date()
    url = Keyword(index=False)

    class Index:
        name = alias_name("signals")
        settings = INDEX_SETTINGS


DOCUMENTS = {
    "people": PersonDocument,
    "competences": CompetenceDocument,
    "posts": PostDocument,
    "pages": PageDocument,
    "signals": SignalDocument,
}


def all_aliases() -> list[str]:
    return [alias_name(kind) for kind in DOCUMENTS]
