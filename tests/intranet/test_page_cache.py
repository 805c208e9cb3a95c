"""The page cache: visitors share pages, members each have their own; edits show at once."""

import re

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.test import Client, RequestFactory

from intranet.audience import Audience
from intranet.cache import HEADER, PageCacheMiddleware, bump_page_cache
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.KOERS_PAGE_CACHE_SECONDS = 60  # the test settings switch it off


def test_visitor_home_page_is_cached_and_an_edit_shows_at_once(home_page):
    visitor = Client()
    first = visitor.get("/")
    assert first.status_code == 200
    assert first[HEADER] == "miss"
    second = visitor.get("/")
    assert second[HEADER] == "hit"
    assert second.content.replace(b"\n", b"") != b""

    home_page.title = "Samen op koers, vernieuwd"
    home_page.save_revision().publish()

    after = visitor.get("/")
    assert after[HEADER] == "miss"
    assert "Samen op koers, vernieuwd" in after.content.decode()


@pytest.mark.parametrize(
    ("url", "body", "shown"),
    [
        (
            "/feed/",
            "<p>Zonnepanelen op het dak: 40 kWp geplaatst</p>",
            "Zonnepanelen op het dak",
        ),
        (
            "/search/?q=warmtepomp",
            "<p>De warmtepomp draait: 30% minder gas</p>",
            "30% minder gas",
        ),
    ],
)
def test_a_new_public_post_appears_on_a_cached_visitor_page(employee, url, body, shown):
    from feed.services import post_create

    visitor = Client()
    assert visitor.get(url)[HEADER] == "miss"
    assert visitor.get(url)[HEADER] == "hit"

    post_create(author=employee, body=body, audience=Audience.PUBLIC)

    page = visitor.get(url)
    assert page[HEADER] == "miss"
    assert shown in page.content.decode()


def test_a_member_gets_their_own_page_again_until_something_changes(employee):
    from feed.services import post_create

    member = client_for(employee)
    assert member.get("/feed/")[HEADER] == "miss"
    assert member.get("/feed/")[HEADER] == "hit"
    post_create(
        author=employee,
        body="<p>Alleen voor collega's: de nieuwe werkplaats</p>",
        audience=Audience.STAFF,
    )
    page = member.get("/feed/")
    assert page[HEADER] == "miss"
    assert "de nieuwe werkplaats" in page.content.decode()


def test_members_and_visitors_never_share_a_page(employee, external_member):
    from feed.services import post_create

    post_create(
        author=employee,
        body="<p>Interne begroting 2027</p>",
        audience=Audience.STAFF,
    )
    staff_page = client_for(employee).get("/feed/")
    assert "Interne begroting 2027" in staff_page.content.decode()
    assert client_for(employee).get("/feed/")[HEADER] == "hit"

    # Another member and a visitor each render their own page, without the
    # staff post and without the first member's name in the header.
    external_page = client_for(external_member).get("/feed/")
    visitor_page = Client().get("/feed/")
    for page in (external_page, visitor_page):
        assert page[HEADER] == "miss"
        html = page.content.decode()
        assert "Interne begroting 2027" not in html
        assert employee.get_short_name() not in html
    assert external_member.get_short_name() in external_page.content.decode()


def test_losing_staff_access_makes_the_cached_member_page_stale(employee):
    from django.contrib.auth.models import Group

    from feed.services import post_create

    post_create(
        author=make_member("employee"),
        body="<p>Reorganisatieplan, vertrouwelijk</p>",
        audience=Audience.STAFF,
    )
    member = client_for(employee)
    assert "Reorganisatieplan" in member.get("/feed/").content.decode()
    assert member.get("/feed/")[HEADER] == "hit"

    employee.groups.remove(Group.objects.get(name="Employees"))

    page = member.get("/feed/")
    assert page[HEADER] == "miss"
    assert "Reorganisatieplan" not in page.content.decode()


def test_a_members_bell_is_filled_into_the_shared_page(employee, external_member):
    """The bell is filled per viewer after the cache: a new notification changes the
    count on the very next hit, and nothing on anyone else's page."""
    from feed.models import Notification
    from feed.services import notification_create, notifications_mark_read

    member, other = client_for(employee), client_for(external_member)
    for client in (member, other):
        client.get("/people/")
        assert client.get("/people/")[HEADER] == "hit"

    notification_create(
        recipient=employee, kind=Notification.Kind.MENTION, text="Je bent genoemd"
    )
    page = member.get("/people/")
    assert page[HEADER] == "hit", "the bell is not in the shared copy"
    assert "data-unread-count>1</span>" in page.content.decode()
    assert "data-unread-count hidden>0</span>" in other.get("/people/").content.decode()

    notifications_mark_read(user=employee)  # a bulk update, no signals
    page = member.get("/people/")
    assert page[HEADER] == "hit"
    assert "data-unread-count hidden>0</span>" in page.content.decode()


def test_asking_for_a_fresh_copy_renders_the_page(employee):
    member = client_for(employee)
    member.get("/feed/")
    assert member.get("/feed/")[HEADER] == "hit"
    fresh = member.get("/feed/", headers={"cache-control": "no-cache"})
    assert fresh[HEADER] == "miss"
    assert (
        Client().get("/feed/", headers={"cache-control": "no-cache"})[HEADER] == "miss"
    )


def test_signing_in_on_a_cached_path_stores_nothing(employee, home_page):
    """A page rendered by a request that signed its member in belongs to no scope."""

    def signs_in(request):
        from django.contrib.auth import login

        login(request, employee, backend="django.contrib.auth.backends.ModelBackend")
        return _html(f"<p>{employee.email}</p>")

    middleware = PageCacheMiddleware(signs_in)
    request = _request()
    request.session = SessionStore()
    middleware(request)
    assert HEADER not in middleware(request)


def test_each_visitor_gets_a_working_csrf_token_of_their_own(home_page):
    first = Client(enforce_csrf_checks=True)
    page_a = first.get("/")
    second = Client(enforce_csrf_checks=True)
    page_b = second.get("/")
    assert page_b[HEADER] == "hit"
    token_a = TOKEN.search(page_a.content.decode()).group(1)
    token_b = TOKEN.search(page_b.content.decode()).group(1)
    assert token_a != token_b
    assert "csrftoken" in page_b.cookies, "the hit still sets the visitor's cookie"
    # The token on the cached page works for the second visitor's own cookie.
    switched = second.post(
        "/i18n/setlang/",
        {"language": "nl", "next": "/", "csrfmiddlewaretoken": token_b},
    )
    assert switched.status_code == 302


def test_pages_vary_on_language(home_page):
    english = Client(headers={"accept-language": "en"})
    dutch = Client(headers={"accept-language": "nl"})
    assert english.get("/")[HEADER] == "miss"
    dutch_page = dutch.get("/")
    assert dutch_page[HEADER] == "miss", "Dutch is its own cache entry"
    assert dutch.get("/")[HEADER] == "hit"
    english_again = english.get("/")
    assert english_again[HEADER] == "hit"
    assert 'lang="nl"' in dutch_page.content.decode()
    assert 'lang="en"' in english_again.content.decode()


def test_account_pages_are_never_cached():
    visitor = Client()
    for url in ("/accounts/login/", "/accounts/signup/", "/admin/login/"):
        visitor.get(url)
        assert HEADER not in visitor.get(url)


def test_not_found_pages_are_not_cached():
    visitor = Client()
    assert visitor.get("/roadmaps/does-not-exist/").status_code == 404
    assert HEADER not in visitor.get("/roadmaps/does-not-exist/")


def _request(path="/feed/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _html(body="<html><body>page</body></html>"):
    return HttpResponse(body, content_type="text/html; charset=utf-8")


def test_responses_that_set_cookies_are_not_stored():
    def sets_cookie(request):
        response = _html()
        response.set_cookie("tracking", "1")
        return response

    middleware = PageCacheMiddleware(sets_cookie)
    middleware(_request())
    assert HEADER not in middleware(_request())


def test_responses_carrying_messages_are_not_stored():
    def with_message(request):
        messages.info(request, "Welkom terug")
        return _html()

    middleware = PageCacheMiddleware(with_message)
    middleware(_request())
    assert HEADER not in middleware(_request())


def test_a_visitor_with_a_waiting_message_is_not_served_the_cached_page():
    calls = []

    def view(request):
        calls.append(request)
        return _html()

    middleware = PageCacheMiddleware(view)
    assert middleware(_request())[HEADER] == "miss"
    assert middleware(_request())[HEADER] == "hit"
    waiting = _request()
    messages.success(waiting, "Je bericht is geplaatst")
    response = middleware(waiting)
    assert HEADER not in response
    assert len(calls) == 2, "the view ran for the visitor with a message"


def test_bumping_the_version_makes_every_cached_page_stale():
    middleware = PageCacheMiddleware(lambda request: _html())
    middleware(_request())
    assert middleware(_request())[HEADER] == "hit"
    bump_page_cache()
    assert middleware(_request())[HEADER] == "miss"


def test_a_members_version_moves_again_when_the_notification_commits(
    employee, django_capture_on_commit_callbacks
):
    """A page rendered between the change and its commit is not kept as current."""
    from django.core.cache import cache

    from feed.models import Notification
    from feed.services import notification_create
    from intranet.cache import MEMBER_VERSION_KEY

    key = MEMBER_VERSION_KEY.format(pk=employee.pk)
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(
            recipient=employee, kind=Notification.Kind.MENTION, text="Je bent genoemd"
        )
        during = cache.get(key)
    assert during is not None
    assert cache.get(key) > during


def test_member_pages_say_private_no_store_and_still_come_from_the_page_cache(
    home_page,
):
    """Cache-Control: private, no-store is set outside the page cache: the member's
    own cached copy still serves, visitors' pages stay shareable."""
    member = client_for(make_member("employee"))
    assert member.get("/")[HEADER] == "miss"
    again = member.get("/")
    assert again[HEADER] == "hit"
    assert again["Cache-Control"] == "private, no-store"
    visitor = Client()
    visitor.get("/")
    page = visitor.get("/")
    assert page[HEADER] == "hit"
    assert "private" not in page.get("Cache-Control", "")
    assert "no-store" not in page.get("Cache-Control", "")
