"""Atom feeds that standard readers accept: feedparser reads every feed without a bozo
flag, each has an author, a repeated conditional GET gets 304, and a member's private
feed URL shows what that member may see until it is revoked."""

import re

import feedparser
import pytest
from django.urls import reverse

from accounts.feed_tokens import feed_token_create, feed_token_revoke
from feed.models import Post
from tests.conftest import client_for
from tests.factories import PostFactory, make_item, make_member, make_roadmap

pytestmark = pytest.mark.django_db

RESULTS = "/feed/results.atom"


def parse(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


@pytest.fixture
def roadmap(home_page):
    owner = make_member("employee", username="eigenaar")
    owner.profile.display_name = "Eva Eigenaar"
    owner.profile.save()
    page = make_roadmap(
        "Open zorg", owner=owner, intro="<p>Samen naar betere zorg &amp; meer</p>"
    )
    make_item(page, "Online afspraken", owner_user=owner)
    return page


@pytest.fixture
def results(employee):
    public = PostFactory(
        author=employee, kind="result", audience="public", body="<p>Open win</p>"
    )
    staff = PostFactory(
        author=employee, kind="result", audience="staff", body="<p>Staff win</p>"
    )
    return public, staff


def titles(parsed):
    return [e.title for e in parsed.entries]


def test_every_feed_parses_cleanly_with_author_and_subtitle(roadmap, results):
    parsed = parse(client_for(None).get(RESULTS))
    assert parsed.feed.author == "Koers"
    assert parsed.feed.subtitle
    assert parsed.entries[0].author
    parsed = parse(client_for(None).get(roadmap.url + "feed.atom"))
    assert parsed.feed.author == "Eva Eigenaar"
    assert parsed.feed.subtitle == "Samen naar betere zorg & meer"
    assert titles(parsed) == ["New item: Online afspraken"]


def test_roadmap_without_owner_is_authored_by_the_site(home_page):
    page = make_roadmap("Zonder eigenaar")
    assert parse(client_for(None).get(page.url + "feed.atom")).feed.author == "Koers"


@pytest.mark.parametrize("which", ["results", "roadmap"])
def test_repeated_conditional_get_is_304_until_something_changes(
    which, roadmap, results, employee
):
    path = RESULTS if which == "results" else roadmap.url + "feed.atom"
    client = client_for(None)
    first = client.get(path)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Something new: the old ETag no longer matches.
    PostFactory(author=employee, kind="result", audience="public", body="<p>New</p>")
    make_item(roadmap, "Nieuw item")
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_validators_are_computed_without_rendering(
    results, django_assert_max_num_queries
):
    etag = client_for(None).get(RESULTS)["ETag"]
    with django_assert_max_num_queries(1):
        assert client_for(None).get(RESULTS, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_visitors_feed_has_no_staff_post_even_from_a_signed_in_browser(
    results, employee
):
    for client in (client_for(None), client_for(employee)):
        parsed = parse(client.get(RESULTS))
        assert titles(parsed) == ["Open win"]


def test_private_feed_url_shows_staff_posts_to_an_employee_until_revoked(
    results, employee
):
    token, secret = feed_token_create(user=employee)
    reader = client_for(None)  # a feed reader: no session
    response = reader.get(RESULTS, {"token": secret})
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert set(titles(parse(response))) == {"Open win", "Staff win"}
    # An external member's private feed shows no staff post.
    outsider = make_member("external")
    _other, outsider_secret = feed_token_create(user=outsider)
    assert titles(parse(reader.get(RESULTS, {"token": outsider_secret}))) == [
        "Open win"
    ]
    assert feed_token_revoke(user=employee)
    assert reader.get(RESULTS, {"token": secret}).status_code == 404
    assert reader.get(RESULTS, {"token": "koersfeed_guess"}).status_code == 404


def test_private_feed_url_opens_a_staff_roadmap_feed(home_page, employee):
    staff = make_roadmap("Intern", audience="staff")
    make_item(staff, "Rooster")
    path = staff.url + "feed.atom"
    assert client_for(None).get(path).status_code == 404
    _token, secret = feed_token_create(user=employee)
    parsed = parse(client_for(None).get(path, {"token": secret}))
    assert titles(parsed) == ["New item: Rooster"]
    feed_token_revoke(user=employee)
    assert client_for(None).get(path, {"token": secret}).status_code == 404


def test_a_private_feed_token_is_no_api_token(employee):
    _token, secret = feed_token_create(user=employee)
    response = client_for(None).get(
        "/api/v1/posts/", HTTP_AUTHORIZATION=f"Bearer {secret}"
    )
    assert response.status_code == 401


def test_tokens_page_makes_shows_once_and_revokes_the_private_feed_url(
    employee, results
):
    client = client_for(employee)
    page = client.post(reverse("accounts:feed_token_create"))
    assert page.status_code == 200
    url = page.context["feed_url"]
    assert url.startswith("http://testserver/feed/results.atom?token=koersfeed_")
    secret = url.split("token=")[1]
    assert "Staff win" in titles(
        parse(client_for(None).get(RESULTS, {"token": secret}))
    )
    listing = client.get(reverse("accounts:tokens")).content.decode()
    assert secret not in listing and listing.count("Revoke private feed URL") == 1
    title = re.search(r"<title>(.*?)</title>", listing, re.S).group(1)
    assert title.startswith("Access tokens") and "<" not in title
    # A new URL replaces the old one.
    client.post(reverse("accounts:feed_token_create"))
    assert client_for(None).get(RESULTS, {"token": secret}).status_code == 404
    client.post(reverse("accounts:feed_token_revoke"))
    assert not employee.feed_tokens.filter(revoked_at__isnull=True).exists()
    assert Post.objects.count() == 2
