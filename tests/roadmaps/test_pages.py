"""Roadmap pages: board, timeline, filters, what changed, Atom feed, news for followers."""

import re

import pytest

from roadmaps.models import RoadmapChange
from roadmaps.selectors import period_sort_key
from roadmaps.services import item_follow
from tests.conftest import client_for
from tests.factories import make_item, make_member

pytestmark = pytest.mark.django_db


def _make_result(item, author, audience="public", body="<p>12 cliënten geholpen</p>"):
    from feed.models import Post

    return Post.objects.create(
        author=author,
        kind=Post.Kind.RESULT,
        body=body,
        audience=audience,
        roadmap_item=item,
    )


def test_board_shows_every_status_including_done(public_roadmap):
    for status in ["idea", "planned", "in_progress", "done", "dropped"]:
        make_item(public_roadmap, f"Item {status}", status=status)
    page = client_for(None).get(public_roadmap.url).content.decode()
    for label in ["Idea", "Planned", "In progress", "Done", "Dropped"]:
        assert f">{label} <span" in page
    assert "Item done" in page


def test_filter_by_lane_and_status(public_roadmap):
    make_item(public_roadmap, "Digitaal klaar", status="done", lane="Digitaal")
    make_item(public_roadmap, "Wijk gepland", status="planned", lane="Wijk")
    client = client_for(None)
    page = client.get(public_roadmap.url + "?status=done").content.decode()
    assert "Digitaal klaar" in page and "Wijk gepland" not in page
    page = client.get(public_roadmap.url + "timeline/?lane=Wijk").content.decode()
    assert "Wijk gepland" in page and "Digitaal klaar" not in page


def test_unknown_status_filter_is_a_clear_400(public_roadmap):
    response = client_for(None).get(public_roadmap.url + "?status=finished")
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is no status" in text and "In progress" in text


def test_unknown_lane_filter_is_a_clear_400(public_roadmap):
    response = client_for(None).get(public_roadmap.url + "board/?lane=Nope")
    assert response.status_code == 400
    assert "There is no lane" in response.content.decode()


def test_unknown_item_slug_is_404(public_roadmap):
    assert client_for(None).get(public_roadmap.url + "no-such-item/").status_code == 404


def test_timeline_orders_periods_and_puts_unscheduled_last(public_roadmap):
    make_item(public_roadmap, "Later", period="2027-Q1")
    make_item(public_roadmap, "Eerder", period="2026-02")
    make_item(public_roadmap, "Ooit", period="")
    page = client_for(None).get(public_roadmap.url + "timeline/").content.decode()
    assert page.index("Eerder") < page.index("Later") < page.index("Ooit")
    assert period_sort_key("2026-07") < period_sort_key("2026-Q3")
    assert period_sort_key("2026-Q3") < period_sort_key("2026-10")


def test_period_must_be_a_quarter_or_month(public_roadmap):
    from django.core.exceptions import ValidationError

    from roadmaps.models import RoadmapItemPage

    item = RoadmapItemPage(title="x", slug="x", period="next year")
    with pytest.raises(ValidationError):
        item.clean()


def test_status_change_is_news_for_followers_and_the_feed(
    item, mailoutbox, django_capture_on_commit_callbacks, owner
):
    from feed.models import Post

    follower = make_member("external")
    item_follow(user=follower, item=item)
    item.status = "done"
    with django_capture_on_commit_callbacks(execute=True):
        item.save_revision(user=owner).publish()
    change = RoadmapChange.objects.get(item=item, kind=RoadmapChange.Kind.STATUS)
    assert (change.old_status, change.new_status) == ("in_progress", "done")
    assert [m.to for m in mailoutbox] == [[follower.email]]
    assert "Done" in mailoutbox[0].subject
    post = Post.objects.get(author=owner, kind=Post.Kind.UPDATE)
    assert post.audience == "public"
    assert item.title in post.body
    changes = client_for(None).get(item.get_parent().url + "changes/")
    assert "In progress → Done" in changes.content.decode()
    assert f'<a href="{item.url}">' in changes.content.decode()  # links to the item


def test_status_news_of_a_staff_item_stays_staff(staff_item, owner):
    from feed.models import Post

    staff_item.status = "done"
    staff_item.save_revision(user=owner).publish()
    assert Post.objects.get(kind=Post.Kind.UPDATE).audience == "staff"


def test_new_result_appears_on_item_and_mails_followers(
    item, mailoutbox, django_capture_on_commit_callbacks, owner
):
    follower = make_member("external")
    item_follow(user=follower, item=item)
    with django_capture_on_commit_callbacks(execute=True):
        _make_result(item, owner)
    assert [m.to for m in mailoutbox] == [[follower.email]]
    page = client_for(None).get(item.url).content.decode()
    assert "12 cliënten geholpen" in page
    assert RoadmapChange.objects.filter(kind=RoadmapChange.Kind.RESULT).count() == 1


def test_result_linked_to_staff_item_is_itself_staff(staff_item, owner):
    post = _make_result(staff_item, owner, audience="public")
    post.refresh_from_db()
    assert post.audience == "staff"
    from feed.models import Post

    assert not Post.objects.visible_to(make_member("external")).filter(pk=post.pk)
    assert not Post.objects.visible_to(None).filter(pk=post.pk).exists()


def test_staff_result_on_public_item_hidden_from_outsiders(
    item, owner, mailoutbox, django_capture_on_commit_callbacks
):
    outsider = make_member("external")
    item_follow(user=outsider, item=item)
    with django_capture_on_commit_callbacks(execute=True):
        _make_result(item, owner, audience="staff", body="<p>Geheim cijfer</p>")
    assert mailoutbox == []
    assert "Geheim cijfer" not in client_for(outsider).get(item.url).content.decode()
    changes = client_for(outsider).get(item.get_parent().url + "changes/")
    assert "Geheim cijfer" not in changes.content.decode()
    feed = client_for(None).get(item.get_parent().url + "feed.atom")
    assert "Geheim cijfer" not in feed.content.decode()
    assert "Geheim cijfer" in client_for(owner).get(item.url).content.decode()


def test_atom_feed_lists_changes(item, public_roadmap):
    response = client_for(None).get(public_roadmap.url + "feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<feed" in body and "New item: Online afspraken" in body


def test_staff_item_in_public_roadmap_is_hidden_everywhere(public_roadmap, owner):
    from intranet.audience import set_page_audience

    secret = make_item(public_roadmap, "Geheim project", owner_user=owner)
    set_page_audience(secret, "staff")
    outsider = make_member("external")
    for client in (client_for(None), client_for(outsider)):
        assert client.get(secret.url).status_code == 404
        for sub in ["", "timeline/", "changes/", "feed.atom"]:
            body = client.get(public_roadmap.url + sub).content.decode()
            assert "Geheim project" not in body, sub
    assert (
        "Geheim project" in client_for(owner).get(public_roadmap.url).content.decode()
    )


def test_index_lists_only_roadmaps_the_user_may_see(
    public_roadmap, community_roadmap, staff_roadmap
):
    visitor = client_for(None).get("/roadmaps/").content.decode()
    assert "Open zorg" in visitor
    assert "Samen leren" not in visitor and "Interne systemen" not in visitor
    member = client_for(make_member("external")).get("/roadmaps/").content.decode()
    assert "Samen leren" in member and "Interne systemen" not in member
    staff = client_for(make_member("employee")).get("/roadmaps/").content.decode()
    assert "Interne systemen" in staff


def test_staff_roadmap_never_in_outsider_search_results(staff_roadmap, staff_item):
    """Wagtail's page search filtered through the audience helper, as search/ does."""
    from wagtail.models import Page

    from intranet.audience import pages_visible_to

    for user in (None, make_member("external")):
        found = pages_visible_to(user, Page.objects.live()).search("rooster")
        assert staff_item.pk not in [p.pk for p in found]
    response = client_for(None).get("/search/", {"q": "rooster"})
    assert response.status_code == 200
    assert staff_item.url not in response.content.decode()


def test_roadmap_shows_owner_and_promises(public_roadmap, owner):
    from home.services import purpose_page_ensure

    purpose = purpose_page_ensure(
        title="Doel", statement="<p>x</p>", promises=[("Goed leven", "")]
    )
    public_roadmap.promises.set(purpose.promises.all())
    public_roadmap.save_revision().publish()
    page = client_for(None).get(public_roadmap.url).content.decode()
    assert "Goed leven" in page
    assert owner.profile.display_name in page


def test_api_lists_only_visible_roadmaps_and_filters_items(
    public_roadmap, staff_roadmap, item, staff_item
):
    visitor = client_for(None)
    slugs = [r["slug"] for r in visitor.get("/api/v1/roadmaps/").json()["results"]]
    assert slugs == [public_roadmap.slug]
    detail = visitor.get(f"/api/v1/roadmaps/{public_roadmap.slug}/").json()
    assert [i["slug"] for i in detail["items"]] == [item.slug]
    assert visitor.get(f"/api/v1/roadmaps/{staff_roadmap.slug}/").status_code == 404
    bad = visitor.get(f"/api/v1/roadmaps/{public_roadmap.slug}/?status=nope")
    assert bad.status_code == 400 and "There is no status" in bad.json()["detail"]
    staff = client_for(make_member("employee"))
    detail = staff.get(f"/api/v1/roadmaps/{staff_roadmap.slug}/").json()
    assert detail["audience"] == "staff"
    assert [i["slug"] for i in detail["items"]] == [staff_item.slug]


def test_publishing_from_an_older_revision_still_announces_the_status_change(item):
    """The admin edits the latest revision, which predates the announcement."""
    stale = item.get_latest_revision().as_object()
    stale.status = "done"
    stale.save_revision().publish()
    kinds = list(
        RoadmapChange.objects.filter(item=item)
        .order_by("id")
        .values_list("kind", "new_status")
    )
    assert kinds == [("item_added", "in_progress"), ("status", "done")]
    stale.title = "Online afspraken (bijgewerkt)"
    stale.save_revision().publish()
    assert RoadmapChange.objects.filter(item=item).count() == 2


def test_board_cards_link_to_items_and_say_when_late(public_roadmap):
    """Cards are plain values (roadmaps/cards.py): the same links, labels and
    late marker a page object gave."""
    late = make_item(public_roadmap, "Te laat", status="planned", period="2020-Q1")
    body = client_for(None).get(public_roadmap.url).content.decode()
    assert f'href="{late.url}"' in body
    assert "Past its planned date" in body
    assert "Planned" in body


def test_idea_list_is_paged(public_roadmap):
    from roadmaps.models import IdeaProposal

    author = make_member("external")
    IdeaProposal.objects.bulk_create(
        IdeaProposal(
            roadmap=public_roadmap,
            author=author,
            title=f"Idee {n:02d}",
            state=IdeaProposal.State.OPEN,
        )
        for n in range(25)
    )
    client = client_for(None)
    first = client.get(public_roadmap.url + "ideas/").content.decode()
    second = client.get(public_roadmap.url + "ideas/", {"page": 2}).content.decode()
    shown = re.findall(r">Idee \d\d<", first) + re.findall(r">Idee \d\d<", second)
    assert len(re.findall(r">Idee \d\d<", first)) == 20
    assert len(shown) == len(set(shown)) == 25
    assert 'href="?page=2" rel="next"' in first
