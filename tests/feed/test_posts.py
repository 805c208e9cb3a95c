"""Posting, editing, deleting, commenting and reacting through the services and the pages."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from feed import services
from feed.models import Comment, Notification, Post, Reaction
from intranet.audience import Audience
from intranet.ratelimit import RateLimited
from tests.conftest import client_for
from tests.factories import make_member
from tests.factories.feed import PostFactory

pytestmark = pytest.mark.django_db


def test_employee_posts_a_result_with_sanitised_body(employee):
    post = services.post_create(
        author=employee,
        kind=Post.Kind.RESULT,
        body='<p onclick="x()">We did <strong>it</strong><script>alert(1)</script></p>',
        audience=Audience.PUBLIC,
        figure="+12 volunteers",
    )
    assert post.body == "<p>We did <strong>it</strong></p>"
    assert post.figure == "+12 volunteers"


def test_empty_and_oversize_posts_are_refused(employee):
    with pytest.raises(ValidationError, match="empty"):
        services.post_create(author=employee, body="<p> </p>")
    with pytest.raises(ValidationError, match="too long"):
        services.post_create(author=employee, body="x" * 10_001)


def test_external_member_cannot_post_results_or_to_staff(external_member):
    with pytest.raises(PermissionDenied):
        services.post_create(author=external_member, kind="result", body="Done")
    with pytest.raises(PermissionDenied):
        services.post_create(
            author=external_member, kind="idea", body="Idea", audience="staff"
        )
    idea = services.post_create(author=external_member, kind="idea", body="An idea")
    assert idea.kind == "idea"


def test_posting_is_rate_limited_with_429(employee, settings):
    settings.KOERS_RATE_LIMITS = {**settings.KOERS_RATE_LIMITS, "post": (2, 60)}
    client = client_for(employee)
    data = {"kind": "update", "body": "Hello", "audience": "community"}
    assert client.post("/feed/posts/new/", data).status_code == 302
    assert client.post("/feed/posts/new/", data).status_code == 302
    response = client.post("/feed/posts/new/", data)
    assert response.status_code == 429
    assert b"too often" in response.content
    with pytest.raises(RateLimited):
        services.post_create(author=employee, body="again")


def test_composer_posts_and_redirects_to_permalink(employee):
    client = client_for(employee)
    response = client.post(
        "/feed/posts/new/",
        {
            "kind": "result",
            "body": "<b>Shipped</b>",
            "audience": "public",
            "figure": "+3",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/feed/posts/{post.pk}/"
    page = client.get(response["Location"])
    assert b"<b>Shipped</b>" in page.content and b"+3" in page.content


def test_composer_with_empty_body_answers_400_with_message(employee):
    response = client_for(employee).post(
        "/feed/posts/new/",
        {"kind": "update", "body": "<p></p>", "audience": "community"},
    )
    assert response.status_code == 400
    assert b"the text is empty" in response.content


def test_author_edits_and_edit_is_marked(employee):
    post = services.post_create(author=employee, body="First")
    client = client_for(employee)
    response = client.post(f"/feed/posts/{post.pk}/edit/", {"body": "Second"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.body == "Second" and post.edited_at is not None
    assert b"edited" in client.get(post.get_absolute_url()).content


def test_others_cannot_edit_or_delete(employee):
    post = services.post_create(author=employee, body="Mine")
    other = client_for(make_member("employee"))
    assert other.post(f"/feed/posts/{post.pk}/edit/", {"body": "x"}).status_code == 403
    assert other.post(f"/feed/posts/{post.pk}/delete/").status_code == 403
    assert (
        client_for(employee).post(f"/feed/posts/{post.pk}/delete/").status_code == 302
    )
    assert not Post.objects.exists()


def test_replies_stay_one_level_deep_and_notify(employee, external_member):
    post = services.post_create(author=employee, body="Question?", kind="question")
    first = services.comment_create(post=post, author=external_member, body="Answer")
    reply = services.comment_create(
        post=post, author=employee, body="Thanks", parent=first
    )
    deeper = services.comment_create(
        post=post, author=external_member, body="You're welcome", parent=reply
    )
    assert reply.parent == first and deeper.parent == first
    post.refresh_from_db()
    assert post.comment_count == 3
    kinds = set(
        Notification.objects.filter(recipient=employee).values_list("kind", flat=True)
    )
    assert kinds == {"reply"}
    assert Notification.objects.filter(recipient=external_member, kind="reply").exists()


def test_a_hidden_comment_no_longer_counts(
    employee, external_member, community_manager
):
    post = services.post_create(author=employee, body="Wie doet mee?")
    services.comment_create(post=post, author=employee, body="Ik!")
    rude = services.comment_create(post=post, author=external_member, body="Onzin")
    post.refresh_from_db()
    assert post.comment_count == 2
    report = services.report_create(reporter=employee, reason="Onaardig", comment=rude)
    services.report_resolve(report=report, actor=community_manager, hide=True)
    post.refresh_from_db()
    assert post.comment_count == 1
    services.comment_create(post=post, author=employee, body="Nog iemand?")
    post.refresh_from_db()
    assert post.comment_count == 2, "a new comment does not bring the hidden one back"


def test_locked_post_refuses_comments(employee, community_manager):
    post = services.post_create(author=employee, body="Locked")
    services.post_lock_comments(post=post, actor=community_manager, locked=True)
    with pytest.raises(PermissionDenied):
        services.comment_create(post=post, author=employee, body="Hi")


def test_one_reaction_of_each_kind_toggles(employee, external_member):
    post = services.post_create(author=employee, body="React")
    assert services.reaction_toggle(post=post, user=external_member, kind="like")
    assert services.reaction_toggle(post=post, user=external_member, kind="applause")
    assert not services.reaction_toggle(post=post, user=external_member, kind="like")
    assert Reaction.objects.filter(post=post).count() == 1
    post.refresh_from_db()
    assert post.reaction_counts == {"applause": 1}


def test_unknown_reaction_is_400(employee):
    post = services.post_create(author=employee, body="React")
    response = client_for(employee).post(
        f"/feed/posts/{post.pk}/react/",
        {"kind": "angry"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Unknown reaction."


def test_reaction_via_page_answers_json_counts(employee, external_member):
    post = services.post_create(author=employee, body="React")
    response = client_for(external_member).post(
        f"/feed/posts/{post.pk}/react/",
        {"kind": "support"},
        HTTP_ACCEPT="application/json",
    )
    assert response.json() == {"given": True, "reaction_counts": {"support": 1}}


def test_mention_notifies_the_member(employee):
    mentioned = make_member("external", username="fatima")
    services.post_create(author=employee, body="Thanks @fatima for the help")
    assert Notification.objects.filter(recipient=mentioned, kind="mention").exists()


def test_mention_of_someone_who_cannot_see_the_post_is_not_notified(employee):
    make_member("external", username="outsider")
    services.post_create(author=employee, body="Hi @outsider", audience="staff")
    assert not Notification.objects.exists()


def test_kudos_notifies_the_receiver(employee, external_member):
    services.post_create(
        author=employee, kind="kudos", body="Great work", kudos_to=external_member
    )
    assert Notification.objects.get(recipient=external_member).kind == "kudos"


def test_comment_form_errors_are_400(employee):
    post = PostFactory(author=employee)
    response = client_for(employee).post(
        f"/feed/posts/{post.pk}/comments/", {"body": ""}
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_question_notifies_members_with_matching_competences(employee):
    from profiles.models import Competence, ProfileCompetence

    heat = Competence.objects.create(name="Heat pumps", slug="heat-pumps")
    other = Competence.objects.create(name="Poetry", slug="poetry")
    expert = make_member("external")
    poet = make_member("external")
    ProfileCompetence.objects.create(content_object=expert.profile, tag=heat)
    ProfileCompetence.objects.create(content_object=poet.profile, tag=other)
    services.post_create(
        author=employee,
        kind="question",
        body="Who knows heat pumps?",
        competences=[heat],
    )
    asked = Notification.objects.filter(kind="question")
    assert list(asked.values_list("recipient", flat=True)) == [expert.pk]


def _png(name="photo.png"):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_composer_attaches_an_image(employee):
    response = client_for(employee).post(
        "/feed/posts/new/",
        {
            "kind": "update",
            "body": "With a photo",
            "audience": "community",
            "image": _png(),
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.image.name.endswith(".png")
    assert (
        post.image_url.encode()
        in client_for(employee).get(response["Location"]).content
    )


def test_composer_refuses_a_file_that_is_not_an_image(employee):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile(
        "x.png", b"<script>alert(1)</script>", content_type="image/png"
    )
    response = client_for(employee).post(
        "/feed/posts/new/",
        {"kind": "update", "body": "Sneaky", "audience": "community", "image": fake},
    )
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_network_audience_requires_membership(employee):
    from profiles.models import Network, NetworkMembership

    network = Network.objects.create(name="Makers", slug="makers")
    client = client_for(employee)
    data = {
        "kind": "update",
        "body": "In the network",
        "audience": f"network:{network.pk}",
    }
    assert client.post("/feed/posts/new/", data).status_code == 400  # not a choice
    NetworkMembership.objects.create(
        network=network, user=employee, status=NetworkMembership.Status.ACTIVE
    )
    assert client.post("/feed/posts/new/", data).status_code == 302
    assert Post.objects.get().network == network
