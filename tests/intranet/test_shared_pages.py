"""The guard of shared pages (issue 22): members with one audience signature share one
copy of every page, and each sees their own state only after the fill.

For every page of tests/pages.py and every member persona, the page is rendered for
two members of that persona with the same signature: the world's member, who reacted,
voted, follows, supports and has an unread notification, and a twin who did none of
it. Before the fill (intranet/viewer_state.py) the two pages must be the same HTML,
unless the page marked itself personal; after it, each sees their own state.
"""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import RequestFactory

from intranet import viewer_state
from intranet.audience import audience_signature
from intranet.cache import HEADER, SCOPE_HEADER, _cacheable_path
from tests.conftest import client_for
from tests.factories import make_member
from tests.pages import template_pages
from tests.test_permission_matrix import build_world

pytestmark = pytest.mark.django_db

MEMBERS = ["external", "employee", "manager"]
_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")
_CHART_ID = re.compile(r"(\b[rlb])\d+([td]\b)")
FRESH = {"cache-control": "no-cache"}  # render, whatever the cache holds


def _attempt(action):
    """Some actions are not open to every persona (a staff item for an external
    member): what they may do is enough."""
    try:
        action()
    except (ValidationError, PermissionDenied):
        pass


def _give_state(world, member):
    """Everything a member can have of their own on the pages they read."""
    from feed.models import Notification, Post
    from feed.services import notification_create, reaction_give
    from profiles.services import follow_create, network_join
    from purpose import services as purpose_services
    from purpose import speakup
    from roadmaps import services as roadmap_services

    for post in Post.objects.visible_to(member):
        _attempt(lambda post=post: reaction_give(post=post, user=member, kind="like"))
    for audience in ("public", "community", "staff"):
        item = world[f"rm_{audience}_item"]
        idea = world[f"rm_{audience}_idea"]
        _attempt(lambda item=item: roadmap_services.vote_cast(user=member, item=item))
        _attempt(lambda item=item: roadmap_services.item_follow(user=member, item=item))
        _attempt(
            lambda idea=idea: roadmap_services.vote_cast(user=member, proposal=idea)
        )
    _attempt(lambda: follow_create(follower=member, followed=world["public_person"]))
    _attempt(
        lambda: purpose_services.proposal_support(
            user=member, proposal=world["proposal"]
        )
    )
    _attempt(
        lambda: speakup.signal_follow_toggle(signal=world["public_signal"], user=member)
    )
    _attempt(lambda: network_join(network=world["community_network"], user=member))
    notification_create(
        recipient=member, kind=Notification.Kind.MENTION, text="Je bent genoemd"
    )


def _twin_of(member, persona):
    """A member of the same persona, groups and networks, who did nothing."""
    from profiles.models import NetworkMembership

    twin = make_member(persona)
    twin.groups.set(member.groups.all())
    for membership in NetworkMembership.objects.filter(user=member):
        NetworkMembership.objects.create(
            user=twin, network=membership.network, status=membership.status
        )
    return twin


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        for persona in MEMBERS:
            _give_state(world, world[persona])
            world[f"{persona}_twin"] = _twin_of(world[persona], persona)
        yield world
        transaction.set_rollback(True)


def _shared_form(response) -> str:
    """The page as the cache keeps it: CSRF tokens differ per session, and a chart's
    title ids come from a process-wide counter (purpose/charts.py: unique on a page,
    different on the next render, whoever asks)."""
    html = _TOKEN.sub("CSRF", response.content.decode())
    return _CHART_ID.sub(r"\1N\2", html)


def _first_difference(mine, theirs) -> str:
    a, b = _shared_form(mine), _shared_form(theirs)
    at = next(i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y)
    return f"{a[max(0, at - 80) : at + 80]!r} / {b[at : at + 80]!r}"


@pytest.mark.parametrize("persona", MEMBERS)
def test_members_with_one_signature_share_every_page_before_the_fill(
    persona, world, settings, monkeypatch
):
    settings.KOERS_PAGE_CACHE_SECONDS = 60
    member, twin = world[persona], world[f"{persona}_twin"]
    assert audience_signature(member) == audience_signature(twin)
    monkeypatch.setattr(viewer_state, "fill", lambda request, content: content)
    pages = template_pages(world)[persona]
    differing, shared = [], 0
    for url in pages:
        if not _cacheable_path(url.split("?")[0]):
            continue  # never kept: nothing is shared
        mine = client_for(member).get(url, headers=FRESH)
        theirs = client_for(twin).get(url, headers=FRESH)
        assert (mine.status_code, theirs.status_code) == (200, 200), url
        scopes = {mine.get(SCOPE_HEADER), theirs.get(SCOPE_HEADER)}
        if "personal" in scopes or None in scopes:
            continue  # personal, or not kept at all (nothing is shared)
        shared += 1
        if _shared_form(mine) != _shared_form(theirs):
            differing.append((url, _first_difference(mine, theirs)))
    assert not differing, (
        f"{persona}: shared pages differ between members:\n"
        + "\n".join(f"{url}: {where}" for url, where in differing)
    )
    assert shared > len(pages) // 2, "most pages are shared"


def test_ones_own_profile_is_personal_and_never_served_from_the_shared_copy(
    world, settings
):
    settings.KOERS_PAGE_CACHE_SECONDS = 60
    member, twin = world["employee"], world["employee_twin"]
    url = f"/people/{member.username}/"
    theirs = client_for(twin).get(url)
    assert (theirs[HEADER], theirs[SCOPE_HEADER]) == ("miss", "shared")
    mine = client_for(member).get(url)
    assert (mine[HEADER], mine[SCOPE_HEADER]) == ("miss", "personal")
    again = client_for(member).get(url)
    assert (again[HEADER], again[SCOPE_HEADER]) == ("hit", "personal")
    assert client_for(twin).get(url)[HEADER] == "hit"


def test_after_the_fill_each_member_sees_their_own_state(world, settings):
    """One cached copy, two viewers: the pressed reaction, the bell, the menu."""
    settings.KOERS_PAGE_CACHE_SECONDS = 60
    member, twin = world["employee"], world["employee_twin"]
    post = world["feed_public"]
    pressed = '<button type="submit" class="reaction reaction--mine" aria-pressed="true" title="'
    client_for(member).get("/feed/")
    for who, reacted, unread in ((member, True, "1"), (twin, False, None)):
        page = client_for(who).get("/feed/")
        assert page[HEADER] == "hit"
        html = page.content.decode()
        card = html[html.index(f'id="post-{post.pk}"') :]
        card = card[: card.index("</article>")]
        assert (pressed in card) is reacted
        if unread:
            assert f"data-unread-count>{unread}</span>" in html
        else:
            assert "data-unread-count hidden>0</span>" in html
        assert f'href="/people/{who.username}/">' in html, "their own profile link"
        assert "<!--kv:" not in html


def test_members_with_different_signatures_never_share_a_copy(settings):
    from profiles.models import NetworkMembership
    from tests.factories import NetworkFactory

    settings.KOERS_PAGE_CACHE_SECONDS = 60
    inside, outside = make_member("employee"), make_member("employee")
    network = NetworkFactory(name="Closed", slug="closed", audience="community")
    NetworkMembership.objects.create(user=inside, network=network)
    assert audience_signature(inside) != audience_signature(outside)
    assert client_for(inside).get("/feed/")[HEADER] == "miss"
    assert client_for(outside).get("/feed/")[HEADER] == "miss"
    assert client_for(make_member("external")).get("/feed/")[HEADER] == "miss"
    assert client_for(make_member("manager")).get("/feed/")[HEADER] == "miss"
    assert audience_signature(make_member("employee")) == audience_signature(outside)


def test_a_member_who_sees_their_own_hidden_post_has_a_signature_of_their_own():
    from django.utils import timezone

    from tests.factories import PostFactory

    author, other = make_member("employee"), make_member("employee")
    assert audience_signature(author) == audience_signature(other)
    PostFactory(author=author, audience="community", hidden_at=timezone.now())
    assert audience_signature(author) == f"member-{author.pk}"
    assert audience_signature(other) != audience_signature(author)


@pytest.mark.parametrize("posts", [3, 12])
def test_filling_a_page_of_cards_takes_one_query_per_kind(
    posts, django_assert_num_queries
):
    from feed.services import reaction_give
    from tests.factories import PostFactory

    member = make_member("employee")
    cards = [PostFactory(audience="community") for _ in range(posts)]
    reaction_give(post=cards[0], user=member, kind="like")
    request = RequestFactory().get("/feed/")
    request.user = member
    html = "".join(
        viewer_state.switch(
            "reacted",
            f"{post.pk}.{kind}",
            ' aria-pressed="true"',
            ' aria-pressed="false"',
        )
        for post in cards
        for kind in ("like", "applause", "insightful", "support")
    ) + str(viewer_state.marker("bell"))
    with django_assert_num_queries(2):  # the reactions, the unread count
        filled = viewer_state.fill(request, html)
    assert filled.count('aria-pressed="true"') == 1
    assert filled.count('aria-pressed="false"') == 4 * posts - 1
    assert "<!--kv:" not in filled


@pytest.mark.parametrize("path", ["/people/", "/search/"])
def test_matching_ones_own_private_fields_is_never_shared(path, settings):
    """A member's search matches their own private fields: that answer is theirs, and
    nobody of their audience may learn from a shared copy that the text is in them."""
    from profiles.models import Profile

    settings.KOERS_PAGE_CACHE_SECONDS = 60
    owner, other = make_member("employee"), make_member("employee")
    Profile.objects.filter(user=owner).update(
        location="Kwartelpad Zuid", location_audience="private"
    )
    url = f"{path}?q=Kwartelpad"
    mine = client_for(owner).get(url)
    assert mine[SCOPE_HEADER] == "personal"
    assert owner.profile.get_absolute_url() in mine.content.decode()
    theirs = client_for(other).get(url)
    assert (theirs[HEADER], theirs[SCOPE_HEADER]) == ("miss", "shared")
    assert owner.profile.get_absolute_url() not in theirs.content.decode()
