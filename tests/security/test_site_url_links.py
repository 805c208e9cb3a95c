"""Absolute links come from the configured site URL, never from the request's Host header.

ALLOWED_HOSTS is the first guard; these tests let a foreign host through on
purpose (a misconfigured proxy or ALLOWED_HOSTS) to prove the second one.
"""

import re

import feedparser
import pytest

from tests.factories import make_item, make_member, make_roadmap
from tests.factories.feed import PostFactory

pytestmark = pytest.mark.django_db

SITE = "https://intranet.koers.test"
EVIL = "evil.example"


@pytest.fixture(autouse=True)
def foreign_host_allowed(settings):
    settings.ALLOWED_HOSTS = ["testserver", EVIL]
    settings.WAGTAILADMIN_BASE_URL = SITE


def links(text):
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_password_reset_mail_links_to_the_site_url_not_the_request_host(
    client, mailoutbox
):
    member = make_member("external", email="ada@customer.test")
    response = client.post(
        "/accounts/password/reset/", {"email": member.email}, HTTP_HOST=EVIL
    )
    assert response.status_code == 302
    mail = mailoutbox[-1]
    found = links(mail.body)
    assert any(
        url.startswith(f"{SITE}/accounts/password/reset/key/") for url in found
    ), mail.body
    assert EVIL not in mail.body
    # The link works: it leads to the set-a-new-password form.
    path = next(u for u in found if "/password/reset/key/" in u)[len(SITE) :]
    assert client.get(path, follow=True).status_code == 200


def test_sign_up_confirmation_mail_links_to_the_site_url(client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "email": "new@customer.test",
            "name": "New Member",
            "password1": "Purposeful-Work-2026",
            "password2": "Purposeful-Work-2026",
        },
        HTTP_HOST=EVIL,
    )
    body = mailoutbox[-1].body
    assert f"{SITE}/accounts/confirm-email/" in body
    assert EVIL not in body


def test_api_url_fields_ignore_the_host_header(client):
    owner = make_member("employee")
    roadmap = make_roadmap("Open roadmap", audience="public", owner=owner)
    make_item(roadmap, "First item", owner_user=owner)
    make_member("external", username="ada")
    listing = client.get("/api/v1/roadmaps/", HTTP_HOST=EVIL).json()
    detail = client.get(f"/api/v1/roadmaps/{roadmap.slug}/", HTTP_HOST=EVIL).json()
    people = client.get("/api/v1/people/", HTTP_HOST=EVIL).json()
    urls = [r["url"] for r in listing["results"]]
    urls += [detail["url"]] + [i["url"] for i in detail["items"]]
    urls += [p["url"] for p in people["results"]]
    assert urls
    assert all(url.startswith(SITE + "/") for url in urls), urls


def test_atom_feeds_ignore_the_host_header(client):
    owner = make_member("employee")
    PostFactory(author=owner, audience="public", kind="result")
    roadmap = make_roadmap("Open roadmap", audience="public", owner=owner)
    make_item(roadmap, "First item", owner_user=owner)
    for path in ("/feed/results.atom", roadmap.url + "feed.atom"):
        response = client.get(path, HTTP_HOST=EVIL)
        assert response.status_code == 200
        parsed = feedparser.parse(response.content)
        hrefs = [link.href for link in parsed.feed.links]
        hrefs += [link.href for entry in parsed.entries for link in entry.links]
        assert parsed.entries, path
        assert all(href.startswith(SITE + "/") for href in hrefs), (path, hrefs)
        assert EVIL.encode() not in response.content
