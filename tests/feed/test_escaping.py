"""Text is stored as typed and escaped exactly once, at output: `R&D: 5 < 6` and a figure
`+5 & more` read exactly so on the post page, in Atom, in the digest's text part and in
the API."""

import email
from email import policy
from html.parser import HTMLParser

import feedparser
import pytest
from django.core import mail

from feed.digest import send_digests
from feed.models import DigestPreference, Post
from profiles.services import profile_update
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db

BODY = "R&D: 5 < 6"
FIGURE = "+5 & more"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks = []

    def handle_data(self, data):
        self.chunks.append(data)


def page_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return " ".join(" ".join(parser.chunks).split())


@pytest.fixture
def result_post(employee):
    response = client_for(employee).post(
        "/feed/posts/new/",
        {"kind": "result", "body": BODY, "audience": "public", "figure": FIGURE},
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.figure == FIGURE  # stored as typed
    return post


def test_post_page_shows_body_and_figure_as_typed(result_post):
    markup = client_for(None).get(result_post.get_absolute_url()).content.decode()
    text = page_text(markup)
    assert BODY in text
    assert FIGURE in text
    assert "&amp;" not in text and "&lt;" not in text


def test_atom_title_and_summary_read_as_typed(result_post):
    parsed = feedparser.parse(client_for(None).get("/feed/results.atom").content)
    assert not parsed.bozo, parsed.bozo_exception
    (entry,) = parsed.entries
    assert entry.title == f"{FIGURE} · {BODY}"
    assert BODY in page_text(entry.summary)


def test_digest_text_part_reads_as_typed(result_post):
    reader = make_member("employee", username="reader")
    DigestPreference.objects.create(user=reader, frequency="daily")
    author = result_post.author
    client_for(author).post(
        "/feed/posts/new/",
        {"kind": "update", "body": "Hello @reader & co", "audience": "public"},
    )
    send_digests(frequency="daily")
    (message,) = [m for m in mail.outbox if m.to == [reader.email]]
    parsed = email.message_from_bytes(
        message.message().as_bytes(), policy=policy.default
    )
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    assert f"{FIGURE}: {BODY}" in text
    assert "&amp;" not in text and "&lt;" not in text
    html = parsed.get_body(preferencelist=("html",)).get_content()
    assert FIGURE in page_text(html) and BODY in page_text(html)


def test_api_returns_the_post_as_typed(result_post):
    data = client_for(None).get(f"/api/v1/posts/{result_post.pk}/").json()
    assert data["figure"] == FIGURE
    assert page_text(data["body"]) == BODY  # sanitised HTML: its text reads as typed


def test_api_returns_names_as_typed(employee):
    profile_update(profile=employee.profile, display_name="R&D <team>")
    data = client_for(employee).get(f"/api/v1/people/{employee.username}/").json()
    assert data["display_name"] == "R&D <team>"
