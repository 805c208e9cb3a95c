"""The page cache forgets only what changed: versions per subject (issue 22)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from feed.services import reaction_toggle
from intervision.phases import Phase
from intervision.services import contribution_add
from intranet.cache import (
    HEADER,
    SUBJECTS,
    PageCacheMiddleware,
    subject_of,
    subjects_of_path,
)
from profiles.services import profile_update
from tests.factories import (
    PostFactory,
    make_circle,
    make_gathering,
    make_member,
    make_registration,
    make_session,
    move_session_to,
)

pytestmark = pytest.mark.django_db

#: Pages that show no post cards: a reaction leaves them as they were.
WITHOUT_CARDS = (
    "/roadmaps/",
    "/roadmaps/zorg-dichtbij/",
    "/people/",
    "/people/networks/",
)
#: Pages with post cards (counts, the viewer's own reactions) or everything.
WITH_CARDS = ("/", "/feed/", "/roadmaps/zorg-dichtbij/wijkteam/", "/people/anna/")


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.KOERS_PAGE_CACHE_SECONDS = 60


def _request(path, user=None):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = None
    return request


def _page(request):
    who = request.user.pk if request.user.is_authenticated else "visitor"
    return HttpResponse(f"<p>{request.path} for {who}</p>", content_type="text/html")


def _cached(middleware, paths, user=None):
    for path in paths:
        middleware(_request(path, user))
        assert middleware(_request(path, user))[HEADER] == "hit", path


def _states(middleware, paths, user=None):
    return {path: middleware(_request(path, user))[HEADER] for path in paths}


@pytest.mark.parametrize("persona", ["visitor", "employee"])
def test_a_reaction_makes_only_the_pages_with_post_cards_stale(persona):
    author = make_member("employee")
    post = PostFactory(author=author, audience="public")
    user = None if persona == "visitor" else make_member("employee")
    middleware = PageCacheMiddleware(_page)
    _cached(middleware, WITHOUT_CARDS + WITH_CARDS, user)

    reaction_toggle(post=post, user=author, kind="like")

    assert _states(middleware, WITHOUT_CARDS, user) == dict.fromkeys(
        WITHOUT_CARDS, "hit"
    )
    assert _states(middleware, WITH_CARDS, user) == dict.fromkeys(WITH_CARDS, "miss")


def test_a_new_post_makes_roadmap_boards_stale_but_not_the_directory():
    author = make_member("employee")
    middleware = PageCacheMiddleware(_page)
    _cached(middleware, ["/roadmaps/zorg-dichtbij/", "/people/"])
    PostFactory(author=author, audience="public", kind="result")
    assert _states(middleware, ["/roadmaps/zorg-dichtbij/", "/people/"]) == {
        "/roadmaps/zorg-dichtbij/": "miss",
        "/people/": "hit",
    }


def test_a_profile_edit_makes_the_people_pages_stale():
    member = make_member("external")
    middleware = PageCacheMiddleware(_page)
    _cached(middleware, ["/people/", "/roadmaps/"])
    profile_update(profile=member.profile, headline="Mantelzorgmaatje in Zwolle")
    assert _states(middleware, ["/people/", "/roadmaps/"]) == {
        "/people/": "miss",
        "/roadmaps/": "miss",  # owners' names and chips
    }


def test_a_change_outside_every_subject_makes_every_page_stale():
    """Groups decide audiences: the safe default forgets everything."""
    middleware = PageCacheMiddleware(_page)
    _cached(middleware, WITHOUT_CARDS + WITH_CARDS)
    Group.objects.create(name="Wijkteam Noord")
    paths = WITHOUT_CARDS + WITH_CARDS
    assert _states(middleware, paths) == dict.fromkeys(paths, "miss")


def test_subject_bumps_never_let_a_page_cross_viewers():
    """After any bump, each viewer still gets only their own copy."""
    employee, external = make_member("employee"), make_member("external")
    post = PostFactory(author=employee, audience="public")
    middleware = PageCacheMiddleware(_page)
    for user in (employee, external, None):
        _cached(middleware, ["/roadmaps/", "/feed/"], user)
    reaction_toggle(post=post, user=external, kind="like")
    for user in (employee, external, None):
        for path in ("/roadmaps/", "/feed/"):
            body = middleware(_request(path, user)).content.decode()
            who = user.pk if user else "visitor"
            assert body == f"<p>{path} for {who}</p>"


def test_every_model_of_the_subjects_is_mapped():
    assert subject_of("feed.reaction") == "reactions"
    assert subject_of("feed.post") == "posts"
    assert subject_of("profiles.profile") == "people"
    assert subject_of("roadmaps.roadmappage") == "roadmaps"
    assert subject_of("auth.group") is None
    assert subject_of("home.promise") is None
    assert subjects_of_path("/search/") == SUBJECTS
    assert subjects_of_path("/purpose/") == SUBJECTS


def test_gatherings_and_intervision_leave_the_cached_pages_alone():
    """A sign-up for a gathering or a contribution in a live intervision session
    changes nothing the cached sections show: they stay cached."""
    assert subject_of("gatherings.registration") == "gatherings"
    assert subject_of("intervision.contribution") == "intervision"
    member = make_member("employee")
    gathering = make_gathering(organiser=member)
    joiner = make_member("external")  # made first: a new member is "people"
    circle = make_circle([member, joiner, make_member("employee")])
    session = move_session_to(make_session(circle, facilitator=member), Phase.QUESTIONS)
    middleware = PageCacheMiddleware(_page)
    paths = WITHOUT_CARDS + WITH_CARDS
    _cached(middleware, paths, member)
    make_registration(gathering, joiner)
    contribution_add(session=session, author=joiner, phase="questions", body="Waarom?")
    assert _states(middleware, paths, member) == dict.fromkeys(paths, "hit")
    Group.objects.create(name="Wijkteam Zuid")  # the safe default still forgets all
    assert _states(middleware, paths, member) == dict.fromkeys(paths, "miss")
