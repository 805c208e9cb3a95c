"""A small world to search: people, competences, posts and roadmap pages in every audience."""

import os

import pytest
from django.utils.text import slugify

from intranet.audience import set_page_audience
from purpose.speakup import signal_raise
from tests.conftest import require_or_skip
from tests.factories import make_member, make_purpose_page


def competence(name):
    from profiles.models import Competence

    return Competence.objects.get_or_create(
        name=name, defaults={"slug": slugify(name)}
    )[0]


def role(name, *, public=True):
    from profiles.models import Role

    return Role.objects.get_or_create(
        name=name, defaults={"slug": slugify(name), "is_public": public}
    )[0]


def person(
    name,
    kind="external",
    *,
    public=True,
    headline="",
    competences=(),
    roles=(),
    **fields,
):
    """A member whose profile has this name, fields (``bio=``, ``bio_audience=``…),
    competences and roles."""
    from profiles.models import ProfileCompetence, RoleAssignment

    user = make_member(kind)
    profile = user.profile
    profile.display_name = name
    profile.headline = headline
    profile.public_profile = public
    for key, value in fields.items():
        setattr(profile, key, value)
    profile.save()
    for c in competences:
        ProfileCompetence.objects.create(content_object=profile, tag=competence(c))
    for r in roles:
        RoleAssignment.objects.create(profile=profile, role=role(r))
    return profile


def post(author, body, *, kind="update", audience="community", competences=(), **kw):
    from feed.models import Post, TaggedPostCompetence

    item = Post.objects.create(
        author=author, body=body, kind=kind, audience=audience, **kw
    )
    for c in competences:
        TaggedPostCompetence.objects.create(content_object=item, tag=competence(c))
    return item


def roadmap_item(home, title, description="", *, audience="public"):
    from roadmaps.models import RoadmapIndexPage, RoadmapItemPage, RoadmapPage

    index = RoadmapIndexPage.objects.first() or home.add_child(
        instance=RoadmapIndexPage(title="Roadmaps", slug="roadmaps")
    )
    slug = slugify(f"roadmap-{audience}")
    roadmap = RoadmapPage.objects.filter(slug=slug).first()
    if roadmap is None:
        roadmap = index.add_child(
            instance=RoadmapPage(title=f"Roadmap {audience}", slug=slug)
        )
        set_page_audience(roadmap, audience)
    return roadmap.add_child(
        instance=RoadmapItemPage(
            title=title, slug=slugify(title), description=f"<p>{description}</p>"
        )
    )


@pytest.fixture
def world(db, home_page):
    """The contract's data set. Words are chosen so each test owns its own."""
    w = {}
    w["external"] = make_member("external")
    w["employee"] = make_member("employee")
    w["manager"] = make_member("manager")
    w["visitor"] = None
    w["anna"] = person(
        "Anna de Vries",
        headline="Solar engineer in Almere",
        competences=["Solar power"],
        roles=["Coach"],
    )
    w["annabel"] = person(
        "Annabel de Vries-Smit", headline="Writes about Anna de Vries"
    )
    w["sunny"] = person(
        "Sunny Bakker",
        public=False,
        headline="Solar enthusiast",
        competences=["Solar power", "Python"],
        roles=["Secret squirrel"],
    )
    w["secretive"] = person(
        "Xander Geheim",
        headline="Keeps things quiet",
        bio="Plays the xylofoon on Sundays",
        bio_audience="private",
        location="Kampeerterrein Bunker",
        location_audience="staff",
        languages="Klingon",
        languages_audience="community",
    )
    author = w["employee"]
    w["posts"] = [
        post(
            author,
            "<p>Our <strong>solar</strong> roof is live</p>",
            kind="result",
            audience="public",
            competences=["Solar power"],
        ),
        post(
            author,
            "<p>Solar panels for the school</p>",
            kind="result",
            competences=["Solar power"],
        ),
        post(author, "<p>What if solar &amp; wind shared one grid?</p>", kind="idea"),
        post(
            author,
            "<p>Solar staffgeheim budget</p>",
            audience="staff",
            competences=["Geheimkunde"],
        ),
    ]
    w["item"] = roadmap_item(
        home_page, "Solar roof for the depot", "Panels on the depot"
    )
    w["staff_item"] = roadmap_item(
        home_page, "Internal tender", "Staffroadmap planning", audience="staff"
    )
    # Speak-up signals (purpose): a public one whose author hides their name, and
    # a staff one. "Tilliftformulier" is theirs alone.
    promise = make_purpose_page().promises.first()
    w["signal_author"] = person("Wendelien Verborgen", headline="Mantelzorger")
    w["signals"] = [
        signal_raise(
            author=w["signal_author"].user,
            promise=promise,
            title="Tilliftformulier kwijt",
            body="Elke week een nieuw formulier voor dezelfde tillift",
            audience="public",
            hide_name=True,
        ),
        signal_raise(
            author=w["employee"],
            promise=promise,
            title="Tilliftformulier intern",
            body="Het rooster laat geen tijd voor het formulier",
            audience="staff",
        ),
    ]
    return w


BACKENDS = [
    "database",
    pytest.param("elasticsearch", marks=pytest.mark.elasticsearch),
]


@pytest.fixture(params=BACKENDS)
def backend(request, settings):
    """Each contract test runs against every backend; Elasticsearch only with a server."""
    from search.service import get_backend

    if request.param == "elasticsearch":
        url = os.environ.get("ELASTICSEARCH_URL")
        if not url:
            require_or_skip(
                "KOERS_REQUIRE_ELASTICSEARCH", "ELASTICSEARCH_URL is not set"
            )
        settings.ELASTICSEARCH_URL = url
        settings.ELASTICSEARCH_INDEX_PREFIX = f"koers-test-{os.getpid()}"
    return get_backend(request.param)


@pytest.fixture
def indexed(backend, world):
    """The world, indexed in the backend (a no-op for the database)."""
    if backend.name != "elasticsearch":
        yield world
        return
    from search.documents import all_aliases
    from search.indexing import get_client, rebuild

    client = get_client()
    rebuild(client=client)
    yield world
    for alias in all_aliases():  # by name: wildcard deletes are refused by default
        if client.indices.exists_alias(name=alias):
            for index in client.indices.get_alias(name=alias):
                client.indices.delete(index=index)
