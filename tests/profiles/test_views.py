"""People pages: directory filters, profile page, editing, endorsing, networks, data rights."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from profiles import services
from profiles.models import Endorsement, Follow, Profile, RoleClaim
from tests.conftest import client_for
from tests.factories import (
    CompetenceFactory,
    NetworkFactory,
    RoleFactory,
    add_network_member,
    make_member,
)

pytestmark = pytest.mark.django_db


def _profile(user, **fields):
    Profile.objects.filter(user=user).update(**fields)
    return Profile.objects.get(user=user)


def test_directory_filters_by_text_competence_role_and_kind():
    anna = make_member("employee")
    _profile(anna, display_name="Anna Data", headline="Data engineer")
    bert = make_member()
    _profile(bert, display_name="Bert Bos", headline="Gardener")
    services.profile_competence_set(profile=anna.profile, name="Python")
    services.profile_competence_set(profile=bert.profile, name="Compost")
    role = RoleFactory(name="Mentor", slug="mentor")
    services.role_assignment_create(profile=bert.profile, role=role)
    client = client_for(make_member())

    def names(**params):
        response = client.get("/people/", params)
        assert response.status_code == 200
        return [p.display_name for p in response.context["page_obj"]]

    assert names(q="engineer") == ["Anna Data"]
    assert names(q="bert") == ["Bert Bos"]
    assert names(competence="python") == ["Anna Data"]
    assert names(competence="Python") == ["Anna Data"]  # a typed name works too
    assert names(role="mentor") == ["Bert Bos"]
    assert "Anna Data" in names(kind="employee")
    assert "Anna Data" not in names(kind="external")


def test_unknown_competence_role_or_kind_gives_empty_result_with_a_message():
    make_member()
    client = client_for(make_member())
    for params, text in [
        ({"competence": "no-such-thing"}, "No competence is called"),
        ({"role": "no-such-role"}, "No role is called"),
        ({"kind": "martian"}, "is not a kind of member"),
        ({"page": "abc"}, ""),
    ]:
        response = client.get("/people/", params)
        assert response.status_code == 200
        assert text in response.content.decode()
    response = client.get("/people/", {"competence": "no-such-thing"})
    assert list(response.context["page_obj"]) == []


def test_directory_sorts_by_endorsements_when_filtering_by_competence():
    few, many = make_member(), make_member()
    _profile(few, display_name="Aaron")
    _profile(many, display_name="Zoe")
    services.profile_competence_set(profile=few.profile, name="Python")
    link = services.profile_competence_set(profile=many.profile, name="Python")
    for _ in range(2):
        services.endorsement_create(endorser=make_member(), profile_competence=link)
    response = client_for(make_member()).get("/people/", {"competence": "python"})
    assert [p.display_name for p in response.context["page_obj"]] == ["Zoe", "Aaron"]


def test_visitor_sees_only_opted_in_profiles():
    hidden, shown = make_member(), make_member()
    _profile(hidden, display_name="Hidden Person")
    _profile(shown, display_name="Shown Person", public_profile=True)
    response = client_for(None).get("/people/")
    body = response.content.decode()
    assert "Shown Person" in body and "Hidden Person" not in body
    assert client_for(None).get(f"/people/{hidden.username}/").status_code == 404
    assert client_for(None).get(f"/people/{shown.username}/").status_code == 200


def test_profile_page_shows_roles_competences_and_endorsers():
    owner, fan = make_member(), make_member()
    _profile(fan, display_name="Fan Fanny")
    link = services.profile_competence_set(
        profile=owner.profile, name="Facilitation", level="expert"
    )
    services.endorsement_create(endorser=fan, profile_competence=link)
    role = RoleFactory(name="Host of the week", slug="host-week")
    services.role_assignment_create(
        profile=owner.profile, role=role, context_label="Energy roadmap"
    )
    body = client_for(make_member()).get(f"/people/{owner.username}/").content.decode()
    assert "Facilitation" in body and "Expert" in body
    assert "Fan Fanny" in body and "1 endorsement" in body
    assert "Host of the week" in body and "Energy roadmap" in body


def test_member_edits_profile_and_bio_is_sanitised():
    member = make_member()
    client = client_for(member)
    assert client.get("/people/me/edit/").status_code == 200
    response = client.post(
        "/people/me/edit/",
        {
            "display_name": "New Name",
            "headline": "Builder",
            "bio": "<p>Hi <script>alert(1)</script><a href='javascript:x'>x</a></p>",
            "bio_audience": "public",
            "location_audience": "community",
            "languages": "Dutch, English",
            "languages_audience": "public",
            "email_audience": "community",
            "phone": "+31 6 1234 5678",
            "phone_audience": "staff",
            "links": "https://example.org",
            "links_audience": "public",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=member)
    assert profile.display_name == "New Name"
    assert "<script" not in profile.bio and "javascript:" not in profile.bio
    assert profile.field_value("languages") == ["Dutch", "English"]


def _png(size=(20, 20)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _edit_data(**extra):
    data = {
        "display_name": "Member",
        "bio_audience": "public",
        "location_audience": "community",
        "languages_audience": "public",
        "email_audience": "community",
        "phone_audience": "staff",
        "links_audience": "public",
    }
    data.update(extra)
    return data


def test_photo_upload_accepts_an_image_and_rejects_non_images_and_oversize(settings):
    member = make_member()
    client = client_for(member)
    bad = SimpleUploadedFile("x.png", b"not an image at all", "image/png")
    response = client.post("/people/me/edit/", _edit_data(photo_upload=bad))
    assert response.status_code == 400
    assert "valid image" in response.content.decode()
    huge = SimpleUploadedFile(
        "big.png", _png() + b"\0" * (5 * 1024 * 1024 + 1), "image/png"
    )
    response = client.post("/people/me/edit/", _edit_data(photo_upload=huge))
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    good = SimpleUploadedFile("me.png", _png(), "image/png")
    response = client.post("/people/me/edit/", _edit_data(photo_upload=good))
    assert response.status_code == 302
    assert Profile.objects.get(user=member).photo_id is not None
    page = client.get(f"/people/{member.username}/").content.decode()
    assert 'class="avatar avatar--lg"' in page and "<img" in page


def test_bad_profile_input_gets_clear_messages():
    client = client_for(make_member())
    response = client.post(
        "/people/me/edit/",
        _edit_data(display_name=" ", phone="call me", links="not a link"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "This field is required" in body
    assert "Enter a phone number" in body
    assert "is not a web address" in body


def test_adding_competence_and_learning_interest_from_the_edit_page():
    member = make_member()
    CompetenceFactory(name="Python", slug="python")
    client = client_for(member)
    assert (
        client.post(
            "/people/me/competences/", {"name": "python", "level": "expert"}
        ).status_code
        == 302
    )
    link = member.profile.competence_links.get()
    assert link.tag.name == "Python" and link.level == "expert"
    assert client.post("/people/me/learning/", {"name": "Rust"}).status_code == 302
    assert member.profile.learning_links.get().tag.name == "Rust"
    response = client.post("/people/me/competences/", {"name": "", "level": "x"})
    assert response.status_code == 400
    assert (
        client.post(f"/people/me/competences/{link.tag_id}/remove/").status_code == 302
    )
    assert not member.profile.competence_links.exists()


def test_autocomplete_suggests_existing_competences_as_json():
    CompetenceFactory(name="Python", slug="python")
    CompetenceFactory(name="Pottery", slug="pottery")
    response = client_for(None).get("/people/competences/autocomplete/", {"q": "pyt"})
    assert response.json() == {
        "results": [{"name": "Python", "slug": "python", "uses": 0}]
    }
    assert client_for(None).get("/people/competences/autocomplete/").json() == {
        "results": []
    }


def test_endorse_twice_or_yourself_shows_a_message_not_an_error():
    owner, fan = make_member(), make_member()
    services.profile_competence_set(profile=owner.profile, name="Python")
    url = f"/people/{owner.username}/competences/python/endorse/"
    fan_client = client_for(fan)
    assert fan_client.post(url).status_code == 302
    response = fan_client.post(url, follow=True)
    assert "already endorsed" in response.content.decode()
    response = client_for(owner).post(url, follow=True)
    assert "cannot endorse your own" in response.content.decode()
    assert Endorsement.objects.count() == 1
    assert (
        client_for(fan)
        .post(f"/people/{owner.username}/competences/nope/endorse/")
        .status_code
        == 404
    )


def test_follow_unfollow_and_self_follow_message():
    me, other = make_member(), make_member()
    client = client_for(me)
    client.post(f"/people/{other.username}/follow/")
    assert Follow.objects.filter(follower=me, followed=other).exists()
    followers = client.get(f"/people/{other.username}/followers/")
    assert me.profile.display_name in followers.content.decode()
    client.post(f"/people/{other.username}/unfollow/")
    assert not Follow.objects.exists()
    response = client.post(f"/people/{me.username}/follow/", follow=True)
    assert "cannot follow yourself" in response.content.decode()


def test_claim_role_twice_is_refused_with_message():
    member = make_member()
    role = RoleFactory(name="Mentor", slug="mentor")
    client = client_for(member)
    assert client.post("/people/me/roles/claim/", {"role": role.pk}).status_code == 302
    response = client.post("/people/me/roles/claim/", {"role": role.pk})
    assert response.status_code == 400
    assert "already claimed" in response.content.decode()
    response = client.post("/people/me/roles/claim/", {"role": 999999})
    assert response.status_code == 400
    assert "does not exist" in response.content.decode()
    assert RoleClaim.objects.count() == 1


def test_competence_page_lists_knowers_by_level_and_learners():
    expert, learner = make_member(), make_member()
    _profile(expert, display_name="Expert Eva")
    _profile(learner, display_name="Learner Lou")
    services.profile_competence_set(profile=expert.profile, name="Rust", level="expert")
    services.learning_interest_add(profile=learner.profile, name="Rust")
    body = client_for(make_member()).get("/people/competences/rust/").content.decode()
    assert "Expert Eva" in body and "Learner Lou" in body
    assert client_for(None).get("/people/competences/nope/").status_code == 404


def test_teachers_are_suggested_for_learning_interests():
    learner, teacher = make_member(), make_member()
    _profile(teacher, display_name="Teacher Tim")
    services.learning_interest_add(profile=learner.profile, name="Rust")
    services.profile_competence_set(
        profile=teacher.profile, name="Rust", level="expert"
    )
    body = client_for(learner).get(f"/people/{learner.username}/").content.decode()
    assert "People who can teach you" in body and "Teacher Tim" in body


def test_open_and_approval_networks():
    open_net = NetworkFactory(name="Open circle", slug="open-circle")
    closed = NetworkFactory(
        name="Closed circle", slug="closed-circle", join_policy="approval"
    )
    host, member = make_member(), make_member()
    add_network_member(closed, host, host=True)
    client = client_for(member)
    client.post("/people/networks/open-circle/join/")
    assert open_net.memberships.get(user=member).status == "active"
    client.post("/people/networks/closed-circle/join/")
    pending = closed.memberships.get(user=member)
    assert pending.status == "pending"
    approve_url = f"/people/networks/closed-circle/approve/{pending.pk}/"
    assert client.post(approve_url).status_code == 403
    assert client_for(host).post(approve_url).status_code == 302
    pending.refresh_from_db()
    assert pending.status == "active"
    body = client.get("/people/networks/closed-circle/").content.decode()
    assert member.profile.display_name in body
    client.post("/people/networks/open-circle/leave/")
    assert not open_net.memberships.filter(user=member).exists()


def test_staff_network_is_hidden_from_external_members():
    NetworkFactory(name="Staff only", slug="staff-only", audience="staff")
    assert (
        client_for(make_member()).get("/people/networks/staff-only/").status_code == 404
    )
    assert (
        client_for(make_member("employee"))
        .get("/people/networks/staff-only/")
        .status_code
        == 200
    )
    listing = client_for(make_member()).get("/people/networks/").content.decode()
    assert "Staff only" not in listing


def test_export_contains_own_data_including_private_fields():
    member, fan = make_member(), make_member()
    _profile(member, phone="0612345678", phone_audience="private")
    link = services.profile_competence_set(profile=member.profile, name="Python")
    services.endorsement_create(endorser=fan, profile_competence=link)
    services.follow_create(follower=member, followed=fan)
    response = client_for(member).get("/people/me/export/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["profile"]["phone"] == {"value": "0612345678", "audience": "private"}
    assert data["competences"][0]["endorsed_by"] == [fan.username]
    assert [f["member"] for f in data["following"]] == [fan.username]
    assert response["Cache-Control"] == "private, no-store"


def test_account_delete_needs_confirmation_then_removes_everything():
    member, other = make_member(), make_member()
    services.follow_create(follower=other, followed=member)
    client = client_for(member)
    assert "cannot be undone" in client.get("/people/me/delete/").content.decode()
    response = client.post("/people/me/delete/", {"confirm": "wrong"})
    assert (
        response.status_code == 400
        and "not your account&#x27;s e-mail address" in response.content.decode()
    )
    # The username is not the confirmation; the e-mail address is (any case).
    response = client.post("/people/me/delete/", {"confirm": member.username})
    assert response.status_code == 400 and Profile.objects.filter(user=member).exists()
    response = client.post("/people/me/delete/", {"confirm": member.email.upper()})
    assert response.status_code == 302
    assert not Profile.objects.filter(user_id=member.pk).exists()
    assert not Follow.objects.exists()
    assert client.get("/people/me/edit/").status_code == 302  # signed out


def test_export_includes_posts_the_member_wrote():
    from feed.services import post_create

    member = make_member("employee")
    post_create(author=member, body="<p>Our first heat pump is running</p>")
    data = json.loads(client_for(member).get("/people/me/export/").content)
    assert "first heat pump" in data["posts"][0]["body"]
    assert data["comments"] == [] and data["reactions"] == []
