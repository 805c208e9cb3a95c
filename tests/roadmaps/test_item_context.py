"""Roadmap context wherever an item appears (issue 19): "Roadmap › Item"."""

import re

import pytest

from feed.models import Post
from roadmaps import services
from search.service import search
from tests.conftest import client_for
from tests.factories import make_member
from tests.factories.roadmaps import make_item, make_roadmap, make_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def twins(home_page):
    """Two roadmaps with an item of the same title."""
    care = make_roadmap(title="Goed leven", slug="goed-leven")
    work = make_roadmap(title="Zinvol werk", slug="zinvol-werk")
    return make_item(care, title="Buddy voor nieuwe collega's"), make_item(
        work, title="Buddy voor nieuwe collega's", slug="buddy-2"
    )


def test_composer_groups_items_by_roadmap(twins):
    body = client_for(make_member("employee")).get("/feed/").content.decode()
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', body, re.S)
    # the composer and the filter form each group the same way
    labels = [label for label, _options in groups]
    assert labels.count("Goed leven") == 2 and labels.count("Zinvol werk") == 2
    for label, options in groups:
        pk = twins[0].pk if label == "Goed leven" else twins[1].pk
        assert f'value="{pk}"' in options


def test_post_with_a_grouped_item_choice_is_accepted(twins):
    client = client_for(make_member("employee"))
    response = client.post(
        "/feed/posts/new/",
        {
            "kind": "result",
            "body": "Drie nieuwe buddies gekoppeld",
            "audience": "community",
            "roadmap_item": twins[1].pk,
        },
    )
    assert response.status_code == 302
    assert Post.objects.get().roadmap_item_id == twins[1].pk


def test_search_hits_name_the_roadmap(twins):
    results = search(query="buddy", user=make_member("employee"))
    titles = {h.title for h in results.hits if h.type == "roadmap_item"}
    assert titles == {
        "Goed leven › Buddy voor nieuwe collega's",
        "Zinvol werk › Buddy voor nieuwe collega's",
    }


def test_inbox_volunteer_entry_names_the_roadmap(twins):
    role = make_role(twins[1], title="Buddy")
    services.volunteer_create(role=role, user=make_member("external"))
    body = client_for(make_member("manager")).get("/admin/inbox/").content.decode()
    assert "Zinvol werk › Buddy voor nieuwe collega" in body
