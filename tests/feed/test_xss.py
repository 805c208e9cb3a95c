"""Nothing a member writes runs script anywhere it is shown: page, permalink,
notification, digest e-mail, Atom feed and WebSocket fragment."""

from html.parser import HTMLParser
from xml.dom import minidom

import pytest
from channels.db import database_sync_to_async
from django.core import mail

from feed import services
from feed.digest import send_digests
from feed.models import DigestPreference, FeedEvent, Post
from feed.replay import render_events
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=\"alert('xss')\">",
    "<a href=\"javascript:alert('xss')\">click</a>",
    "<a href=\"JaVaScRiPt:alert('xss')\">mixed case</a>",
    "<svg onload=\"alert('xss')\"><circle r=5></circle></svg>",
    "<svg><script>alert('xss')</script></svg>",
    "<p style=\"background:url(javascript:alert('xss'))\">styled</p>",
    "<iframe src=\"javascript:alert('xss')\"></iframe>",
    "<b onmouseover=\"alert('xss')\">hover</b>",
    "\"><script>alert('xss')</script>",
    "<math><mi xlink:href=\"javascript:alert('xss')\">m</mi></math>",
    "<a href=\"&#106;avascript:alert('xss')\">entity</a>",
    "<form action=\"javascript:alert('xss')\"><button>go</button></form>",
]


class ScriptFinder(HTMLParser):
    """Collects anything in markup that could run script."""

    DANGEROUS_TAGS = {"svg", "iframe", "object", "embed", "math", "base", "form"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in_script = True
            if not dict(attrs).get("src"):
                self.problems.append("inline <script>")
        # The site's own icons are decorative SVGs (aria-hidden); anything else is injected.
        is_icon = tag == "svg" and dict(attrs).get("aria-hidden") == "true"
        if tag in self.DANGEROUS_TAGS and tag != "form" and not is_icon:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if value and "javascript:" in value.replace(" ", "").lower():
                self.problems.append(f"{tag}[{name}]={value}")
            if name == "style" and value and "url(" in value:
                self.problems.append(f"{tag}[style]")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def assert_inert(markup: str):
    finder = ScriptFinder()
    finder.feed(markup)
    # The page's own templates have no inline scripts or handlers, so any is an injection.
    assert finder.problems == [], finder.problems


@pytest.fixture
def generous_limits(settings):
    settings.KOERS_RATE_LIMITS = {
        **settings.KOERS_RATE_LIMITS,
        "post": (100, 60),
        "comment": (100, 60),
    }


@pytest.fixture
def xss_world(employee, generous_limits):
    reader = make_member("employee", username="reader")
    DigestPreference.objects.create(user=reader, frequency="daily")
    client = client_for(employee)
    for n, payload in enumerate(PAYLOADS):
        response = client.post(
            "/feed/posts/new/",
            {
                "kind": "result",
                "body": f"{payload} @reader number {n}",
                "audience": "public",
                "figure": payload[:40],
            },
        )
        assert response.status_code in (302, 400), response.status_code
    reader_client = client_for(reader)
    for post in Post.objects.all():
        reader_client.post(
            f"/feed/posts/{post.pk}/comments/",
            {"body": PAYLOADS[post.pk % len(PAYLOADS)]},
        )
    return {"author": employee, "reader": reader}


def test_payloads_are_inert_on_the_feed_page(xss_world, settings):
    assert Post.objects.count() == len(PAYLOADS)
    assert_inert(client_for(xss_world["reader"]).get("/feed/").content.decode())
    assert_inert(client_for(None).get("/feed/").content.decode())


def test_payloads_are_inert_on_permalinks(xss_world):
    for post in Post.objects.all():
        html = client_for(xss_world["reader"]).get(post.get_absolute_url()).content
        assert_inert(html.decode())


def test_payloads_are_inert_in_notifications(xss_world):
    author_page = client_for(xss_world["author"]).get("/feed/notifications/")
    reader_page = client_for(xss_world["reader"]).get("/feed/notifications/")
    assert b"replied" in author_page.content and b"mentioned" in reader_page.content
    assert_inert(author_page.content.decode())
    assert_inert(reader_page.content.decode())
    for user in (xss_world["author"], xss_world["reader"]):
        mine = list(FeedEvent.objects.filter(type="notification", recipient=user))
        for envelope in render_events(user, mine):
            assert "<" not in envelope["text"]


def test_payloads_are_inert_in_the_digest_email(xss_world):
    send_digests(frequency="daily")
    (message,) = [m for m in mail.outbox if m.to == [xss_world["reader"].email]]
    html, _ = message.alternatives[0]
    assert_inert(html)
    # The text part shows what members typed as typed (text is escaped once, at output,
    # and a text/plain part has no markup): it must never be sent as HTML.
    assert message.content_subtype == "plain"
    assert "&lt;" not in message.body


def test_payloads_are_inert_in_the_atom_feed(xss_world):
    response = client_for(None).get("/feed/results.atom")
    document = minidom.parseString(response.content)  # noqa: S318 - our own output
    checked_html = 0
    for node in document.getElementsByTagName(
        "summary"
    ) + document.getElementsByTagName("title"):
        text = "".join(child.data for child in node.childNodes if child.nodeType == 3)
        if node.getAttribute("type") == "html":
            assert_inert(text)  # a reader renders it as HTML: it must be sanitised
            checked_html += 1
        else:
            # A text construct (RFC 4287 3.1.1) is shown as typed, never parsed.
            assert node.getAttribute("type") in ("", "text")
            assert all(child.nodeType == 3 for child in node.childNodes)
    assert checked_html


def test_payloads_are_inert_in_websocket_fragments(xss_world):
    events = FeedEvent.objects.filter(type__in=["post_created", "comment_created"])
    assert events.filter(type="post_created").count() == len(PAYLOADS)
    # Payloads that are nothing but script sanitise to empty comments: refused.
    assert events.filter(type="comment_created").exists()
    for envelope in render_events(xss_world["reader"], list(events)):
        assert_inert(envelope["html"])


@pytest.mark.django_db(transaction=True)
async def test_payload_fragment_sent_over_the_socket_is_inert(generous_limits):
    from channels.testing import WebsocketCommunicator

    from intranet.asgi import application

    author = await database_sync_to_async(make_member)("employee")
    socket = WebsocketCommunicator(
        application, "/ws/feed/", headers=[(b"origin", b"http://testserver")]
    )
    await socket.connect()
    await socket.receive_json_from()
    for payload in PAYLOADS:
        await database_sync_to_async(services.post_create)(
            author=author, kind="update", body=payload + " text", audience="public"
        )
        envelope = await socket.receive_json_from(timeout=5)
        assert envelope["type"] == "post_created"
        assert_inert(envelope["html"])
    await socket.disconnect()
