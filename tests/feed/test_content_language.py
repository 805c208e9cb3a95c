"""Content carries its language (issue 16, WCAG 3.1.2): stored from the composer,
defaulting to the interface language, shown with `lang` where it differs from the page."""

import pytest
from django.utils import translation

from feed.models import Comment, Post
from intranet.audience import Audience
from purpose.models import Proposal
from roadmaps.models import IdeaProposal, ItemComment
from tests.conftest import client_for
from tests.factories import make_item, make_member, make_purpose_page, make_roadmap

pytestmark = pytest.mark.django_db


def test_a_post_written_in_dutch_is_marked_nl_on_an_english_page():
    employee = make_member("employee")
    client = client_for(employee)
    client.cookies["django_language"] = "en"
    form = client.get("/feed/").content.decode()
    assert 'name="language"' in form  # the composer offers the choice
    client.post(
        "/feed/posts/new/",
        {
            "kind": "update",
            "body": "Goed nieuws",
            "audience": "community",
            "language": "nl",
        },
    )
    post = Post.objects.get(body__contains="Goed nieuws")
    assert post.language == "nl"
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'class="post-card__body" lang="nl"' in page
    client.cookies["django_language"] = "nl"
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'class="post-card__body">' in page  # same language as the page: no lang


def test_a_comment_stores_the_chosen_language_or_else_the_interface_language():
    member = make_member("external")
    post = Post.objects.create(
        author=make_member("employee"), body="<p>x</p>", audience=Audience.COMMUNITY
    )
    client = client_for(member)
    client.cookies["django_language"] = "nl"
    client.post(
        f"/feed/posts/{post.pk}/comments/", {"body": "Nice one", "language": "en"}
    )
    client.post(f"/feed/posts/{post.pk}/comments/", {"body": "Mooi zo"})
    refused = client.post(
        f"/feed/posts/{post.pk}/comments/", {"body": "Hm", "language": "xx"}
    )
    assert refused.status_code == 400  # an unknown language is refused, not saved
    got = {c.body: c.language for c in Comment.objects.all()}
    assert [got[b] for b in sorted(got)] == ["nl", "en"], got  # Mooi zo, Nice one
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'class="comment__body" lang="en"' in page


def test_ideas_item_comments_and_proposals_default_to_the_interface_language():
    for model in (IdeaProposal, ItemComment, Proposal):
        field = model._meta.get_field("language")
        with translation.override("nl"):
            assert field.get_default() == "nl"
        with translation.override("en"):
            assert field.get_default() == "en"


def test_idea_and_item_comment_forms_offer_written_in_and_render_lang(home_page):
    employee = make_member("employee")
    roadmap = make_roadmap("Goede zorg", owner=employee)
    item = make_item(roadmap, "Buddy voor nieuwe collega's")
    client = client_for(employee)
    client.cookies["django_language"] = "en"
    ideas_url = roadmap.sub_url("ideas")
    form = client.get(ideas_url).content.decode()
    assert 'name="language"' in form and "Written in" in form
    client.post(ideas_url, {"title": "Inwerkmaatje", "language": "nl"})
    client.post(ideas_url, {"title": "Buddy app"})  # no choice: the UI language
    assert client.post(ideas_url, {"title": "Hm", "language": "xx"}).status_code == 400
    ideas = dict(IdeaProposal.objects.values_list("title", "language"))
    assert ideas == {"Inwerkmaatje": "nl", "Buddy app": "en"}
    idea = IdeaProposal.objects.get(title="Inwerkmaatje")
    assert f'<h2 lang="nl"><a href="{ideas_url}{idea.pk}/">' in (
        client.get(ideas_url).content.decode()
    )

    page = client.get(item.url).content.decode()
    assert 'id="id_language"' in page  # the item's comment form offers the choice
    client.post(f"{item.url}comment/", {"body": "Fijn initiatief", "language": "nl"})
    client.post(roadmap.sub_url("idea_comment", idea.pk), {"body": "Good one"})
    refused = client.post(f"{item.url}comment/", {"body": "Hm", "language": "xx"})
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.content.decode()  # says why
    comments = dict(ItemComment.objects.values_list("body", "language"))
    assert comments == {"Fijn initiatief": "nl", "Good one": "en"}
    assert '<p lang="nl">Fijn initiatief</p>' in client.get(item.url).content.decode()
    client.cookies["django_language"] = "nl"
    assert "<p>Fijn initiatief</p>" in client.get(item.url).content.decode()


def test_a_purpose_proposal_stores_the_chosen_language():
    make_purpose_page()
    client = client_for(make_member("external"))
    client.cookies["django_language"] = "nl"
    assert 'name="language"' in client.get("/purpose/proposals/new/").content.decode()
    response = client.post(
        "/purpose/proposals/new/",
        {
            "target": "statement",
            "text": "Everyone a say",
            "reasoning": "Clearer",
            "language": "en",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and proposal.language == "en"
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert '<p class="purpose-text" lang="en">Everyone a say</p>' in page
