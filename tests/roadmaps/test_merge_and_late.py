"""Boards as outsiders expect them: duplicate ideas merged with their votes, and
planned items whose date has passed marked in words."""

import datetime

import pytest

from roadmaps.models import IdeaProposal, ItemComment, RoadmapItemPage, Vote, period_end
from roadmaps.services import (
    RoadmapError,
    comment_create,
    proposal_convert,
    proposal_create,
    proposal_merge,
    vote_cast,
)
from tests.conftest import client_for
from tests.factories import make_item, make_member

pytestmark = pytest.mark.django_db


def _open_idea(roadmap, title):
    return proposal_create(author=make_member("employee"), roadmap=roadmap, title=title)


# --- Merging duplicate ideas --------------------------------------------------------


def test_merge_moves_votes_without_double_votes(public_roadmap):
    manager = make_member("manager")
    kept = _open_idea(public_roadmap, "Avondspreekuur")
    duplicate = _open_idea(public_roadmap, "Spreekuur 's avonds")
    both, only_dup, only_kept = (make_member("external") for _ in range(3))
    for voter in (both, only_dup):
        vote_cast(user=voter, proposal=duplicate)
    for voter in (both, only_kept):
        vote_cast(user=voter, proposal=kept)
    comment_create(author=only_dup, proposal=duplicate, body="Graag ook op zaterdag")

    proposal_merge(duplicate=duplicate, into=kept, by=manager)

    assert set(Vote.objects.filter(proposal=kept).values_list("user", flat=True)) == {
        both.pk,
        only_dup.pk,
        only_kept.pk,
    }
    assert not Vote.objects.filter(proposal=duplicate).exists()
    assert ItemComment.objects.filter(proposal=kept).count() == 1
    duplicate.refresh_from_db()
    assert duplicate.state == IdeaProposal.State.MERGED
    assert duplicate.merged_into == kept


def test_merge_into_an_idea_that_became_an_item_counts_votes_on_the_item(
    public_roadmap,
):
    manager = make_member("manager")
    kept = _open_idea(public_roadmap, "Thuismeting")
    duplicate = _open_idea(public_roadmap, "Bloeddruk thuis meten")
    early, both = make_member("external"), make_member("external")
    vote_cast(user=early, proposal=kept)
    item = proposal_convert(proposal=kept, by=manager)
    vote_cast(user=both, item=item)
    vote_cast(user=both, proposal=duplicate)
    vote_cast(user=make_member("external"), proposal=duplicate)

    proposal_merge(duplicate=duplicate, into=kept, by=manager)

    assert Vote.objects.filter(item=item).count() == 3
    assert Vote.objects.filter(item=item, user=both).count() == 1


def test_merge_is_refused_with_a_message_and_changes_nothing(
    public_roadmap, community_roadmap
):
    manager = make_member("manager")
    kept = _open_idea(public_roadmap, "Buurtkoffie")
    duplicate = _open_idea(public_roadmap, "Koffie in de buurt")
    elsewhere = _open_idea(community_roadmap, "Koffie elders")
    vote_cast(user=make_member("external"), proposal=duplicate)
    with pytest.raises(RoadmapError, match="Only community managers"):
        proposal_merge(duplicate=duplicate, into=kept, by=make_member("employee"))
    with pytest.raises(RoadmapError, match="same roadmap"):
        proposal_merge(duplicate=duplicate, into=elsewhere, by=manager)
    with pytest.raises(RoadmapError, match="another idea"):
        proposal_merge(duplicate=duplicate, into=duplicate, by=manager)
    assert Vote.objects.filter(proposal=duplicate).count() == 1
    proposal_merge(duplicate=duplicate, into=kept, by=manager)
    with pytest.raises(RoadmapError, match="already merged"):
        proposal_merge(duplicate=duplicate, into=kept, by=manager)
    with pytest.raises(RoadmapError, match="open for votes"):
        proposal_merge(
            duplicate=_open_idea(public_roadmap, "X"), into=duplicate, by=manager
        )
    assert Vote.objects.filter(proposal=kept).count() == 1


def test_manager_merges_from_the_admin_and_the_duplicate_points_to_the_kept_idea(
    public_roadmap,
):
    manager = make_member("manager")
    kept = _open_idea(public_roadmap, "Wandelgroep")
    duplicate = _open_idea(public_roadmap, "Samen wandelen")
    vote_cast(user=make_member("external"), proposal=duplicate)
    client = client_for(manager)
    queue = client.get("/admin/roadmaps/moderation/").content.decode()
    assert f"/admin/roadmaps/ideas/{duplicate.pk}/merge/" in queue
    response = client.post(
        f"/admin/roadmaps/ideas/{duplicate.pk}/merge/", {"into": kept.pk}
    )
    assert response.status_code == 302
    assert Vote.objects.filter(proposal=kept).count() == 1

    visitor = client_for(None)
    old_url = public_roadmap.sub_url("idea", duplicate.pk)
    answer = visitor.get(old_url)
    assert answer.status_code == 302
    assert answer["Location"] == public_roadmap.sub_url("idea", kept.pk)
    ideas = visitor.get(public_roadmap.sub_url("ideas")).content.decode()
    assert "Wandelgroep" in ideas and "Samen wandelen" not in ideas


def test_admin_merge_with_bad_input_gives_a_message_not_a_500(public_roadmap):
    client = client_for(make_member("manager"))
    duplicate = _open_idea(public_roadmap, "Dubbel")
    for into in ("", "abc", duplicate.pk, 999999):
        response = client.post(
            f"/admin/roadmaps/ideas/{duplicate.pk}/merge/", {"into": into}
        )
        assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.state == IdeaProposal.State.OPEN
    employee = client_for(make_member("employee"))
    refused = employee.post(f"/admin/roadmaps/ideas/{duplicate.pk}/merge/", {})
    assert refused.status_code in (302, 403)
    duplicate.refresh_from_db()
    assert duplicate.state == IdeaProposal.State.OPEN


# --- Planned items whose date has passed ---------------------------------------------


@pytest.mark.parametrize(
    ("period", "end"),
    [
        ("2026-Q1", datetime.date(2026, 3, 31)),
        ("2026-Q4", datetime.date(2026, 12, 31)),
        ("2024-02", datetime.date(2024, 2, 29)),
        ("", None),
        ("soon", None),
    ],
)
def test_period_end(period, end):
    assert period_end(period) == end


def test_only_scheduled_items_past_their_period_are_late():
    today = datetime.date(2026, 7, 1)
    late = RoadmapItemPage(status="planned", period="2026-Q2")
    assert late.is_past_due(today)
    assert RoadmapItemPage(status="in_progress", period="2026-06").is_past_due(today)
    assert not RoadmapItemPage(status="planned", period="2026-Q3").is_past_due(today)
    assert not RoadmapItemPage(status="done", period="2026-Q1").is_past_due(today)
    assert not RoadmapItemPage(status="idea", period="2026-Q1").is_past_due(today)
    assert not RoadmapItemPage(status="planned", period="").is_past_due(today)


def test_board_timeline_and_item_page_mark_a_late_item_in_words(public_roadmap):
    late = make_item(
        public_roadmap, "Nieuwe intake", status="planned", period="2020-Q1"
    )
    make_item(public_roadmap, "Later werk", status="planned", period="2999-Q1")
    make_item(public_roadmap, "Klaar werk", status="done", period="2020-Q1")
    client = client_for(None)
    for url in (
        public_roadmap.url,
        public_roadmap.sub_url("timeline"),
        late.url,
    ):
        body = client.get(url).content.decode()
        assert body.count("Past its planned date") == 1, url
    dutch = client.get(late.url, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Voorbij de geplande datum" in dutch


# --- Similar ideas while typing -------------------------------------------------------


def test_similar_ideas_are_suggested_best_match_first(public_roadmap):
    from roadmaps.similar import meaningful_words, similar_ideas

    best = _open_idea(public_roadmap, "Avondspreekuur voor mantelzorgers")
    some = _open_idea(public_roadmap, "Mantelzorgers ontmoeten elkaar")
    _open_idea(public_roadmap, "Fietsenstalling")
    assert meaningful_words("Een avondspreekuur voor de mantelzorgers!") == [
        "avondspreekuur",
        "mantelzorgers",
    ]
    found = similar_ideas(
        user=None, roadmap=public_roadmap, text="avondspreekuur mantelzorgers"
    )
    assert [idea.pk for idea in found] == [best.pk, some.pk]
    assert similar_ideas(user=None, roadmap=public_roadmap, text="de een") == []


def test_similar_ideas_respect_what_the_viewer_may_see(public_roadmap):
    from roadmaps.similar import similar_ideas

    waiting = proposal_create(
        author=make_member("external"), roadmap=public_roadmap, title="Koffiehoek"
    )
    assert waiting.state == IdeaProposal.State.PENDING
    merged = _open_idea(public_roadmap, "Koffiehoek beneden")
    proposal_merge(
        duplicate=merged,
        into=_open_idea(public_roadmap, "Koffiehoek boven"),
        by=make_member("manager"),
    )
    titles = [
        i.title
        for i in similar_ideas(
            user=make_member("manager"), roadmap=public_roadmap, text="koffiehoek"
        )
    ]
    assert titles == ["Koffiehoek boven"]


def test_similar_ideas_page_and_in_place_part(
    public_roadmap, django_assert_max_num_queries
):
    for n in range(12):
        _open_idea(public_roadmap, f"Buurtkamer {n}")
    client = client_for(None)
    form = client.get(public_roadmap.sub_url("ideas")).content.decode()
    assert 'data-hx-get="' + public_roadmap.sub_url("similar_ideas") in form
    assert 'id="similar-ideas-status"' in form and 'role="status"' in form
    url = public_roadmap.sub_url("similar_ideas") + "?title=buurtkamer"
    with django_assert_max_num_queries(25):
        body = client.get(url).content.decode()
    assert body.count("Buurtkamer ") == 5
    assert "5 similar ideas found" in body
    none = client.get(public_roadmap.sub_url("similar_ideas") + "?title=zzzz")
    assert (
        none.status_code == 200 and "No similar ideas found." in none.content.decode()
    )
    odd = client.get(public_roadmap.sub_url("similar_ideas") + "?title=" + "x" * 5000)
    assert odd.status_code == 200
