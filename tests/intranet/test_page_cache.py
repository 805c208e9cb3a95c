"""Visitors get public pages from the page cache; edits show at once; members never share."""

import re

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.test import Client, RequestFactory

from intranet.audience import Audience
from intranet.cache import HEADER, PublicPageCacheMiddleware, bump_page_cache
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


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


def test_new_public_post_appears_on_the_cached_visitor_feed(employee):
    from feed.services import post_create

    visitor = Client()
    assert visitor.get("/feed/")[HEADER] == "miss"
    assert visitor.get("/feed/")[HEADER] == "hit"

    post_create(
        author=employee,
        body="<p>Zonnepanelen op het dak: 40 kWp geplaatst</p>",
        audience=Audience.PUBLIC,
    )

    page = visitor.get("/feed/")
    assert page[HEADER] == "miss"
    assert "Zonnepanelen op het dak" in page.content.decode()


def test_signed_in_members_are_never_served_nor_stored(employee, home_page):
    member = client_for(employee)
    for _ in range(2):
        response = member.get("/")
        assert response.status_code == 200
        assert HEADER not in response
    # The member's page was not stored for visitors either.
    visitor_page = Client().get("/")
    assert visitor_page[HEADER] == "miss"
    assert employee.email not in visitor_page.content.decode()


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


def test_search_and_accounts_pages_are_never_cached():
    visitor = Client()
    for url in ("/search/?q=koers", "/accounts/login/"):
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

    middleware = PublicPageCacheMiddleware(sets_cookie)
    middleware(_request())
    assert HEADER not in middleware(_request())


def test_responses_carrying_messages_are_not_stored():
    def with_message(request):
        messages.info(request, "Welkom terug")
        return _html()

    middleware = PublicPageCacheMiddleware(with_message)
    middleware(_request())
    assert HEADER not in middleware(_request())


def test_a_visitor_with_a_waiting_message_is_not_served_the_cached_page():
    calls = []

    def view(request):
        calls.append(request)
        return _html()

    middleware = PublicPageCacheMiddleware(view)
    assert middleware(_request())[HEADER] == "miss"
    assert middleware(_request())[HEADER] == "hit"
    waiting = _request()
    messages.success(waiting, "Je bericht is geplaatst")
    response = middleware(waiting)
    assert HEADER not in response
    assert len(calls) == 2, "the view ran for the visitor with a message"


def test_bumping_the_version_makes_every_cached_page_stale():
    middleware = PublicPageCacheMiddleware(lambda request: _html())
    middleware(_request())
    assert middleware(_request())[HEADER] == "hit"
    bump_page_cache()
    assert middleware(_request())[HEADER] == "miss"
