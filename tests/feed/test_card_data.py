"""Card loading (feed/card_data.py): only the prefetches the posts need, competences
without taggit's manager, and bodies from the card cache wherever cards are shown
(issue 22: fresh renders within budget)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from feed import cards
from feed.card_data import card_queryset, load_cards
from feed.models import Post
from intranet.audience import Audience, is_employee
from tests.conftest import client_for
from tests.factories import (
    CompetenceFactory,
    NetworkFactory,
    PostFactory,
    add_network_member,
    make_member,
    make_purpose_page,
)

pytestmark = pytest.mark.django_db


def _load(viewer, **filters):
    return list(card_queryset(Post.objects.filter(**filters)).order_by("pk"))


def test_plain_posts_load_in_two_or_three_queries(employee):
    """Competences, the author's roles and (signed in) the viewer's reactions: no
    query, nor the building of one, for a network, promise, item or recipient
    that no post on the page has."""
    for _ in range(4):
        PostFactory(audience=Audience.PUBLIC)
    posts = _load(employee)
    assert is_employee(employee)  # the viewer's groups are read once per request
    with CaptureQueriesContext(connection) as member:
        load_cards(posts, employee, bodies=False)
    assert len(member) == 3
    posts = _load(AnonymousUser())
    with CaptureQueriesContext(connection) as visitor:
        load_cards(posts, AnonymousUser(), bodies=False)
    assert len(visitor) == 2
    sql = " ".join(q["sql"] for q in member.captured_queries)
    for table in ("profiles_network", "home_promise", "roadmaps_"):
        assert table not in sql


@pytest.mark.parametrize("size", [2, 6])
def test_cards_with_every_relation_load_in_a_fixed_number_of_queries(
    size, employee, django_assert_num_queries
):
    network = NetworkFactory()
    add_network_member(network, employee)
    promise = make_purpose_page().promises.first()
    competence = CompetenceFactory(name="Zorg")
    for _ in range(size):
        post = PostFactory(
            network=network,
            promise=promise,
            kind=Post.Kind.KUDOS,
            kudos_to=make_member("employee"),
        )
        post.competences.add(competence)
    posts = _load(employee)
    assert is_employee(employee)  # the viewer's groups are read once per request
    # network, promise, kudos recipient with profile, competences, roles, reactions
    with django_assert_num_queries(6):
        load_cards(posts, employee, bodies=False)
    with django_assert_num_queries(0):
        for post in posts:
            assert post.network.name and post.promise.title
            assert post.kudos_to.profile.display_name is not None
            assert [c.name for c in post.card_competences] == ["Zorg"]


def test_card_competences_are_the_posts_competences_by_name(employee):
    post = PostFactory()
    post.competences.add(
        CompetenceFactory(name="Welzijn"),
        CompetenceFactory(name="administratie"),
        CompetenceFactory(name="Zorg"),
    )
    unloaded = Post.objects.get(pk=post.pk)
    (loaded,) = load_cards(_load(employee, pk=post.pk), employee, bodies=False)
    names = ["administratie", "Welzijn", "Zorg"]
    assert [c.name for c in loaded.card_competences] == names
    assert sorted(c.name for c in unloaded.card_competences) == sorted(names)


def _bodies_rendered(monkeypatch) -> list:
    rendered = []
    real = cards.render_to_string

    def counting(template_name, *args, **kwargs):
        if template_name == cards.BODY_TEMPLATE:
            rendered.append(template_name)
        return real(template_name, *args, **kwargs)

    monkeypatch.setattr(cards, "render_to_string", counting)
    return rendered


def test_profile_kudos_and_post_pages_take_card_bodies_from_the_cache(
    employee, monkeypatch
):
    """Not only the feed: a profile's kudos and a post's own page render a card's
    body once and then reuse it."""
    recipient = make_member("employee")
    post = PostFactory(
        author=employee,
        kind=Post.Kind.KUDOS,
        kudos_to=recipient,
        audience=Audience.COMMUNITY,
        body="<p>Dank voor het meedenken</p>",
    )
    client = client_for(employee)
    urls = [recipient.profile.get_absolute_url(), post.get_absolute_url()]
    for url in urls:
        assert "Dank voor het meedenken" in client.get(url).content.decode()
    rendered = _bodies_rendered(monkeypatch)
    for url in urls:
        assert "Dank voor het meedenken" in client.get(url).content.decode()
    assert rendered == []


def test_network_posts_take_card_bodies_from_the_cache(employee, monkeypatch):
    network = NetworkFactory()
    add_network_member(network, employee)
    PostFactory(network=network, body="<p>Netwerkbericht</p>")
    client = client_for(employee)
    url = f"/people/networks/{network.slug}/"
    assert "Netwerkbericht" in client.get(url).content.decode()
    rendered = _bodies_rendered(monkeypatch)
    assert "Netwerkbericht" in client.get(url).content.decode()
    assert rendered == []
