"""Votes, follows, volunteers, comments and ideas: the rules and their messages."""

import pytest

from roadmaps.models import (
    IdeaProposal,
    ItemComment,
    Moderation,
    Volunteer,
    Vote,
)
from roadmaps.services import (
    RoadmapError,
    comment_create,
    contribution_moderate,
    proposal_convert,
    proposal_create,
    volunteer_create,
    volunteer_decide,
    vote_cast,
)
from tests.conftest import client_for
from tests.factories import make_member, make_role

pytestmark = pytest.mark.django_db


def test_member_votes_once_and_can_retract(item, external_member):
    client = client_for(external_member)
    assert client.post(item.url + "vote/", {"action": "vote"}).status_code == 302
    again = client.post(item.url + "vote/", {"action": "vote"})
    assert again.status_code == 409
    assert "already voted" in again.content.decode()
    assert Vote.objects.filter(item=item).count() == 1
    assert client.post(item.url + "vote/", {"action": "retract"}).status_code == 302
    assert not Vote.objects.filter(item=item).exists()
    twice = client.post(item.url + "vote/", {"action": "retract"})
    assert twice.status_code == 409
    assert "not voted" in twice.content.decode()


def test_visitor_is_sent_to_sign_up_with_the_vote_kept_for_later(item):
    response = client_for(None).post(item.url + "vote/", {"action": "vote"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/signup/?next=")
    assert "contribution=" in response["Location"]
    assert not Vote.objects.exists()


def test_external_member_cannot_vote_on_staff_item(staff_item, external_member):
    response = client_for(external_member).post(staff_item.url + "vote/")
    assert response.status_code == 404
    assert not Vote.objects.exists()


def test_get_on_a_write_url_is_refused_not_crashed(item, external_member):
    assert client_for(external_member).get(item.url + "vote/").status_code == 405


def test_volunteering_twice_is_refused_with_a_message(role, item, external_member):
    client = client_for(external_member)
    url = f"{item.url}roles/{role.pk}/volunteer/"
    assert client.post(url, {"message": "Ik test graag"}).status_code == 302
    again = client.post(url, {"message": "nog eens"})
    assert again.status_code == 409
    assert "already volunteered" in again.content.decode()
    assert Volunteer.objects.filter(role=role).count() == 1


def test_closed_role_refuses_volunteers(item, external_member):
    closed = make_role(item, "Ontwerper", is_open=False)
    response = client_for(external_member).post(
        f"{item.url}roles/{closed.pk}/volunteer/", {"message": ""}
    )
    assert response.status_code == 409
    assert "closed" in response.content.decode()


def test_filled_role_refuses_volunteers(role, owner):
    first, second = make_member("external"), make_member("external")
    volunteer_decide(
        volunteer=volunteer_create(user=first, role=role), by=owner, accept=True
    )
    with pytest.raises(RoadmapError, match="already filled"):
        volunteer_create(user=second, role=role)


def test_unknown_role_is_404(item, external_member):
    response = client_for(external_member).post(f"{item.url}roles/999999/volunteer/")
    assert response.status_code == 404


def test_accepting_a_volunteer_gives_a_role_on_their_profile(role, item, owner):
    from profiles.models import RoleAssignment

    member = make_member("external")
    volunteer = volunteer_create(user=member, role=role, message="Graag")
    response = client_for(owner).post(
        f"{item.url}volunteers/{volunteer.pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Decision.ACCEPTED
    assignment = RoleAssignment.objects.get(profile__user=member)
    assert assignment.role.name == "Tester"
    assert item.title in assignment.context_label
    page = client_for(None).get(item.url).content.decode()
    assert member.profile.display_name in page


def test_only_owner_or_manager_decides_on_volunteers(role, item):
    volunteer = volunteer_create(user=make_member("external"), role=role)
    stranger = make_member("employee")
    response = client_for(stranger).post(
        f"{item.url}volunteers/{volunteer.pk}/decide/", {"decision": "accept"}
    )
    assert response.status_code == 403
    manager = make_member("manager")
    volunteer_decide(volunteer=volunteer, by=manager, accept=False)
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Decision.DECLINED


def test_first_comment_of_a_new_external_member_waits_for_moderation(item):
    newcomer = make_member("external")
    first = comment_create(author=newcomer, item=item, body="Hallo daar")
    assert first.moderation == Moderation.PENDING
    assert first.body == "Hallo daar"
    visitor_page = client_for(None).get(item.url).content.decode()
    assert "Hallo daar" not in visitor_page
    own_page = client_for(newcomer).get(item.url).content.decode()
    assert "Hallo daar" in own_page
    contribution_moderate(
        moderator=make_member("manager"), contribution=first, publish=True
    )
    second = comment_create(author=newcomer, item=item, body="Tweede")
    assert second.moderation == Moderation.PUBLISHED
    assert "Hallo daar" in client_for(None).get(item.url).content.decode()


def test_employee_comments_are_published_at_once(item, employee):
    comment = comment_create(author=employee, item=item, body="Goed plan")
    assert comment.moderation == Moderation.PUBLISHED


def test_empty_comment_is_refused_with_a_message(item, external_member):
    response = client_for(external_member).post(item.url + "comment/", {"body": ""})
    assert response.status_code == 400
    assert "Write a comment first" in response.content.decode()


def test_idea_becomes_item_keeping_votes_and_discussion(public_roadmap):
    author = make_member("external")
    manager = make_member("manager")
    idea = proposal_create(author=author, roadmap=public_roadmap, title="Buurtkoffie")
    assert idea.state == IdeaProposal.State.PENDING
    with pytest.raises(RoadmapError):
        vote_cast(user=make_member("external"), proposal=idea)
    contribution_moderate(moderator=manager, contribution=idea, publish=True)
    voters = [make_member("external") for _ in range(3)]
    for voter in voters:
        vote_cast(user=voter, proposal=idea)
    comment_create(author=manager, proposal=idea, body="Mooi idee")
    item = proposal_convert(proposal=idea, by=manager, status="planned")
    assert item.get_parent().pk == public_roadmap.pk
    assert item.live and item.status == "planned"
    assert Vote.objects.filter(item=item).count() == 3
    assert ItemComment.objects.filter(item=item, body="Mooi idee").exists()
    page = client_for(None).get(item.url).content.decode()
    assert "Mooi idee" in page
    assert "Buurtkoffie" in page
    with pytest.raises(RoadmapError, match="already"):
        proposal_convert(proposal=idea, by=manager)


def test_member_proposes_idea_through_the_page(public_roadmap, external_member):
    client = client_for(external_member)
    response = client.post(
        public_roadmap.url + "ideas/", {"title": "Meer bankjes", "description": "x"}
    )
    assert response.status_code == 302
    idea = IdeaProposal.objects.get()
    assert idea.state == IdeaProposal.State.PENDING
    assert "Meer bankjes" in client.get(public_roadmap.url + "ideas/").content.decode()
    assert "Meer bankjes" not in (
        client_for(None).get(public_roadmap.url + "ideas/").content.decode()
    )
    empty = client.post(public_roadmap.url + "ideas/", {"title": ""})
    assert empty.status_code == 400


def test_only_managers_convert_ideas(public_roadmap, employee):
    idea = proposal_create(author=employee, roadmap=public_roadmap, title="Iets")
    with pytest.raises(RoadmapError):
        proposal_convert(proposal=idea, by=employee)


def test_follow_and_unfollow(item, external_member):
    client = client_for(external_member)
    client.post(item.url + "follow/")
    assert item.follows.filter(user=external_member).exists()
    client.post(item.url + "follow/", {"action": "unfollow"})
    assert not item.follows.exists()
