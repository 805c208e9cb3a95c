"""Post cards: cached bodies follow every change and never cross audiences."""

import pytest
from django.core.cache import cache
from django.test import Client

from feed import cards
from feed.services import post_create, post_update, reaction_toggle
from intranet.audience import Audience
from profiles.models import RoleAssignment
from tests.conftest import client_for
from tests.factories import RoleFactory, make_member

pytestmark = pytest.mark.django_db


def _card_keys():
    return [k for k in cache._cache if cards.KEY_PREFIX in k]  # locmem's store


@pytest.fixture
def locmem_only(settings):
    if "locmem" not in settings.CACHES["default"]["BACKEND"]:
        pytest.skip("inspects the local-memory cache's keys")


def test_the_feed_reuses_rendered_card_bodies(employee, locmem_only):
    post_create(
        author=employee, body="<p>Eerste zonnedak</p>", audience=Audience.PUBLIC
    )
    client = client_for(employee)
    first = client.get("/feed/").content.decode()
    assert len(_card_keys()) == 1
    again = client.get("/feed/").content.decode()
    assert len(_card_keys()) == 1, "the second page used the stored body"
    assert first.count("Eerste zonnedak") == again.count("Eerste zonnedak") == 1


def test_an_edit_and_a_renamed_author_show_at_once(employee):
    post = post_create(
        author=employee, body="<p>Versie een</p>", audience=Audience.PUBLIC
    )
    client = client_for(employee)
    assert "Versie een" in client.get("/feed/").content.decode()

    post_update(post=post, editor=employee, body="<p>Versie twee</p>")
    assert "Versie twee" in client.get("/feed/").content.decode()

    employee.profile.display_name = "Anouk de Wit-Jansen"
    employee.profile.save()
    assert "Anouk de Wit-Jansen" in client.get("/feed/").content.decode()


def test_a_role_only_members_see_stays_out_of_the_visitors_card(employee):
    internal = RoleFactory(name="Vertrouwenspersoon", is_public=False)
    RoleAssignment.objects.create(profile=employee.profile, role=internal)
    post_create(author=employee, body="<p>Open dag</p>", audience=Audience.PUBLIC)

    member_page = client_for(make_member("employee")).get("/feed/").content.decode()
    assert "Vertrouwenspersoon" in member_page
    visitor_page = Client().get("/feed/").content.decode()
    assert "Open dag" in visitor_page
    assert "Vertrouwenspersoon" not in visitor_page


def test_the_footer_is_the_viewers_own(employee):
    post = post_create(author=employee, body="<p>Kudos</p>", audience=Audience.PUBLIC)
    fan = make_member("employee")
    reaction_toggle(post=post, user=fan, kind="like")

    fan_page = client_for(fan).get("/feed/").content.decode()
    author_page = client_for(employee).get("/feed/").content.decode()
    visitor_page = Client().get("/feed/").content.decode()
    assert 'class="reaction reaction--mine" aria-pressed="true"' in fan_page
    assert "reaction--mine" not in author_page
    assert 'name="csrfmiddlewaretoken"' in author_page.split("post-card__footer")[1]
    # Visitors get the buttons too (contribute first: pressing one asks them to sign
    # up and keeps the reaction), none of them marked as theirs.
    assert "reaction-form" in visitor_page.split("post-card__footer")[1]
    assert "reaction--mine" not in visitor_page
    assert 'data-reaction-count="like">1</span>' in visitor_page


def _footer_posts(employee, n=3):
    return [
        post_create(author=employee, body=f"<p>Post {i}</p>", audience=Audience.PUBLIC)
        for i in range(n)
    ]


def test_footers_resolve_each_route_once_not_per_card(employee, monkeypatch):
    """The footer's URLs come from one reverse per route (issue 22: no per-card
    URL resolving); each card only puts its own id in them."""
    posts = _footer_posts(employee)
    cards._url_patterns.clear()
    calls = []
    real_reverse = cards.reverse

    def counting_reverse(*args, **kwargs):
        calls.append(args[0])
        return real_reverse(*args, **kwargs)

    monkeypatch.setattr(cards, "reverse", counting_reverse)
    footers = [
        cards.card_footer(post, can_react=True, csrf_token="t") for post in posts
    ]
    assert sorted(calls) == ["feed:post", "feed:react"]
    for post, footer in zip(posts, footers, strict=True):
        assert f'action="/feed/posts/{post.pk}/react/"' in footer
        assert f'href="/feed/posts/{post.pk}/#comments"' in footer


def test_footer_urls_follow_the_script_prefix(employee):
    from django.urls import set_script_prefix

    (post,) = _footer_posts(employee, 1)
    try:
        set_script_prefix("/intranet/")
        footer = cards.card_footer(post, can_react=True, csrf_token="t")
    finally:
        set_script_prefix("/")
    assert f'action="/intranet/feed/posts/{post.pk}/react/"' in footer
    assert f'href="/intranet/feed/posts/{post.pk}/"' in footer


def test_footer_words_follow_the_language_and_values_are_escaped(employee):
    from django.utils import translation

    (post,) = _footer_posts(employee, 1)
    with translation.override("nl"):
        dutch = cards.card_footer(post, can_react=True, csrf_token='x"><b>')
    with translation.override("en"):
        english = cards.card_footer(post, can_react=False, csrf_token=None)
    assert 'title="Applaus"' in dutch and ">Reacties <" in dutch
    assert 'title="Applause"' in english and ">Comments <" in english
    assert 'value="x&quot;&gt;&lt;b&gt;"' in dutch and "<b>" not in dutch
    assert "reaction-form" not in english
    # Translated once: escape() of a lazy label would translate it again per card.
    reactions, *words = cards._footer_labels()
    for text in [*(label for _kind, label in reactions), *words]:
        assert type(text).__name__ == "SafeString"


def test_the_feed_lists_cards_without_an_include_per_card(employee):
    """Issue 22: no per-item include cascade on the hot list; the bodies come from
    the card cache and the card around them is built in Python."""
    for n in range(3):
        post_create(author=employee, body=f"<p>Kaart {n}</p>", audience=Audience.PUBLIC)
    client = client_for(employee)
    client.get("/feed/")
    response = client.get("/feed/")
    names = [t.name for t in response.templates]
    assert "feed/includes/post_card.html" not in names
    assert "feed/includes/post_card_body.html" not in names
    page = response.content.decode()
    assert page.count('class="card post-card post-card--update"') == 3
    assert page.count("post-card__footer") == 3


def test_cards_render_from_their_templates_when_the_cache_is_down(
    employee, monkeypatch
):
    post_create(author=employee, body="<p>Zonder cache</p>", audience=Audience.PUBLIC)

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cards.cache, "get_many", down)
    response = client_for(employee).get("/feed/")
    assert "feed/includes/post_card.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Zonder cache" in page and "post-card__footer" in page
