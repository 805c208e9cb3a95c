"""Telling a story from a signal's page and from a team reflection's page (issue 20):
the story carries the link, shows on that page to who may read both, and a story about
a team's reflection is never more open than the team allows."""

import pytest
from django.core.exceptions import ValidationError

from feed.models import Post
from purpose import speakup
from purpose.models import StoryLink
from purpose.reflections import reflection_round_open
from purpose.stories import story_create
from tests.conftest import client_for
from tests.factories import make_member, make_purpose_page, make_team


def _team_round(*, share_actions=False):
    promise = make_purpose_page().promises.first()
    lead = make_member("employee")
    member = make_member("external")
    team = make_team("Wijkteam Noord", leads=[lead], members=[member])
    round_ = reflection_round_open(
        team=team, promise=promise, by=lead, share_actions=share_actions
    )
    return team, round_, lead, member


@pytest.mark.django_db
def test_a_member_tells_the_story_of_a_signal_from_its_page():
    promise = make_purpose_page().promises.first()
    author = make_member("external")
    signal = speakup.signal_raise(
        author=author,
        promise=promise,
        title="Drie handtekeningen",
        body="Te veel papier",
        audience="community",
    )
    teller = make_member("employee")
    client = client_for(teller)
    page = client.get(signal.get_absolute_url()).content.decode()
    assert f"/purpose/signals/{signal.pk}/story/" in page
    response = client.post(
        f"/purpose/signals/{signal.pk}/story/",
        {
            "body": "Mevrouw De Wit kreeg haar hulp toch op tijd",
            "audience": "community",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(kind=Post.Kind.STORY, author=teller)
    assert post.promise_id == promise.pk
    assert StoryLink.objects.filter(post=post, signal=signal).exists()
    other = client_for(make_member("external"))
    assert "Mevrouw De Wit" in other.get(signal.get_absolute_url()).content.decode()
    # A visitor may see the signal (community) only when signed in: no story leaks.
    assert (
        "Mevrouw De Wit"
        not in client_for(None).get("/feed/", follow=True).content.decode()
    )


@pytest.mark.django_db
def test_empty_story_is_a_form_error_and_nothing_is_saved():
    promise = make_purpose_page().promises.first()
    signal = speakup.signal_raise(
        author=make_member("external"),
        promise=promise,
        title="Rooster",
        body="Intern",
        audience="community",
    )
    response = client_for(make_member("employee")).post(
        f"/purpose/signals/{signal.pk}/story/", {"body": "", "audience": "community"}
    )
    assert response.status_code == 400
    assert "Write your story first." in response.content.decode()
    assert not Post.objects.filter(kind=Post.Kind.STORY).exists()


@pytest.mark.django_db
def test_a_reflection_story_stays_within_the_team():
    team, round_, lead, member = _team_round()
    client = client_for(member)
    form = client.get(f"/purpose/reflections/{round_.pk}/story/").content.decode()
    assert f'value="network:{team.pk}"' in form
    assert 'value="community"' not in form
    response = client.post(
        f"/purpose/reflections/{round_.pk}/story/",
        {"body": "Ons teamverhaal zonpaneelgeheim", "audience": f"network:{team.pk}"},
    )
    assert response.status_code == 302
    post = Post.objects.get(kind=Post.Kind.STORY)
    assert post.network_id == team.pk
    assert StoryLink.objects.filter(post=post, round=round_).exists()
    assert (
        "zonpaneelgeheim"
        in client_for(lead).get(round_.get_absolute_url()).content.decode()
    )
    # Like every post in a network, community managers see it (they moderate);
    # members outside the team and visitors do not.
    for outsider in (make_member("employee"), make_member("external"), None):
        page = client_for(outsider).get("/feed/", follow=True).content.decode()
        assert "zonpaneelgeheim" not in page


@pytest.mark.django_db
def test_a_reflection_story_more_open_than_the_team_is_refused():
    team, round_, lead, member = _team_round()
    client = client_for(member)
    for audience in ("public", "community"):
        response = client.post(
            f"/purpose/reflections/{round_.pk}/story/",
            {"body": "Te open", "audience": audience},
        )
        assert response.status_code == 400
    assert not Post.objects.filter(kind=Post.Kind.STORY).exists()
    # The service itself: never public; without shared actions, always in the team.
    with pytest.raises(ValidationError):
        story_create(author=lead, body="x", audience="public", reflection_round=round_)
    post = story_create(
        author=lead,
        body="Binnen het team",
        audience="community",
        reflection_round=round_,
    )
    assert post.network_id == team.pk


@pytest.mark.django_db
def test_a_team_that_shares_its_actions_may_tell_the_community():
    team, round_, lead, member = _team_round(share_actions=True)
    client = client_for(lead)
    form = client.get(f"/purpose/reflections/{round_.pk}/story/").content.decode()
    assert 'value="community"' in form
    assert 'value="public"' not in form
    response = client.post(
        f"/purpose/reflections/{round_.pk}/story/",
        {"body": "Wat we gaan doen", "audience": "community"},
    )
    assert response.status_code == 302
    post = Post.objects.get(kind=Post.Kind.STORY)
    assert post.network_id is None and post.audience == "community"


@pytest.mark.django_db
def test_outsiders_cannot_open_the_reflection_story_form():
    team, round_, lead, member = _team_round()
    for outsider in (make_member("employee"), make_member("manager")):
        client = client_for(outsider)
        assert client.get(f"/purpose/reflections/{round_.pk}/story/").status_code == 404
        response = client.post(
            f"/purpose/reflections/{round_.pk}/story/",
            {"body": "x", "audience": f"network:{team.pk}"},
        )
        assert response.status_code == 404
    assert not Post.objects.filter(kind=Post.Kind.STORY).exists()
