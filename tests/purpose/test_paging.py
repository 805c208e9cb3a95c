"""Long lists are paged (issue 19): proposals, the ideas inventory, networks."""

import importlib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from purpose.models import Proposal
from tests.conftest import client_for
from tests.factories import NetworkFactory, PostFactory, ProposalFactory, make_member

pytestmark = pytest.mark.django_db

# The module (purpose.views re-exports its view under the same name).
inventory_view = importlib.import_module("purpose.views.inventory")


def shown(body, pattern):
    return re.findall(pattern, body)


def test_proposals_are_paged_and_keep_the_status_filter():
    for _ in range(45):
        ProposalFactory()
    client = client_for(make_member("employee"))
    first = client.get("/purpose/proposals/", {"status": "open"}).content.decode()
    assert len(shown(first, r"Proposed wording number \d+")) == 20
    assert 'href="?status=open&amp;page=2" rel="next"' in first
    last = client.get("/purpose/proposals/", {"status": "open", "page": 3})
    assert len(shown(last.content.decode(), r"Proposed wording number \d+")) == 5
    seen = set()
    for page in (1, 2, 3):  # every proposal once, none twice
        body = client.get("/purpose/proposals/", {"page": page}).content.decode()
        seen |= set(shown(body, r"Proposed wording number \d+"))
    assert len(seen) == Proposal.objects.count() == 45


def test_inventory_pages_ideas_and_proposals_apart():
    for n in range(25):
        PostFactory(kind="idea", audience="community", body=f"<p>Idee nummer {n}</p>")
        ProposalFactory()
    client = client_for(make_member("employee"))
    body = client.get("/purpose/inventory/", {"proposals": 2}).content.decode()
    assert len(shown(body, r"Idee nummer \d+")) == 20  # ideas still on their page 1
    assert len(shown(body, r"Proposed wording number \d+")) == 5
    assert 'href="?proposals=2&amp;ideas=2" rel="next"' in body
    junk = client.get("/purpose/inventory/", {"ideas": "x'; drop"})
    assert junk.status_code == 200


def test_network_list_is_paged():
    for n in range(30):
        NetworkFactory(name=f"Kring {n:02d}", slug=f"kring-{n}", audience="public")
    client = client_for(make_member("external"))
    first = client.get("/people/networks/").content.decode()
    second = client.get("/people/networks/", {"page": 2}).content.decode()
    names = shown(first, r"Kring \d\d") + shown(second, r"Kring \d\d")
    assert len(names) == len(set(names)) == 30


def test_inventory_counts_ideas_only_up_to_its_bound(monkeypatch):
    monkeypatch.setattr(inventory_view, "IDEAS_COUNTED", 30)
    for n in range(45):
        PostFactory(kind="idea", audience="community", body=f"<p>Idee nummer {n}</p>")
    client = client_for(make_member("employee"))
    client.get("/purpose/inventory/")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/purpose/inventory/").content.decode()
    counts = [
        q["sql"] for q in queries if "COUNT(" in q["sql"] and "feed_post" in q["sql"]
    ]
    assert len(counts) == 1 and "LIMIT 30" in counts[0]  # not every idea in the feed
    assert "Page 1 of 2" in body
    assert 'href="/feed/?filter=ideas"' in body  # the rest are in the feed
    last = client.get("/purpose/inventory/", {"ideas": 9}).content.decode()
    assert len(shown(last, r"Idee nummer \d+")) == 10  # page 2: rows 21-30


def test_inventory_with_few_ideas_does_not_point_to_the_feed():
    PostFactory(kind="idea", audience="community", body="<p>Idee nummer 1</p>")
    body = client_for(make_member("employee")).get("/purpose/inventory/")
    assert 'href="/feed/?filter=ideas"' not in body.content.decode()
