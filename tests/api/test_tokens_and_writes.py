"""Personal access tokens (created, named, scoped and revoked on the account page, stored
hashed) and writing through the API with the site's services and audience rules."""

import re

import pytest

from accounts.models import AccessToken
from feed.models import Comment, Post
from home.models import Promise
from roadmaps.models import Vote
from tests.conftest import client_for
from tests.factories import CompetenceFactory, PostFactory, make_member
from tests.factories.purpose import make_purpose_page
from tests.factories.roadmaps import make_item, make_roadmap

pytestmark = pytest.mark.django_db


def create_token(user, scope="write", name="script") -> str:
    """Create a token through the account page, as a member would; return the secret."""
    response = client_for(user).post(
        "/accounts/tokens/", {"name": name, "scope": scope}
    )
    assert response.status_code == 200
    return re.search(r"<code>(koers_[\w-]+)</code>", response.content.decode()).group(1)


def bearer(secret):
    client = client_for(None)
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def test_token_is_shown_once_and_stored_only_as_a_hash(employee):
    secret = create_token(employee, name="reporting")
    token = AccessToken.objects.get(user=employee)
    assert token.name == "reporting" and token.scope == "write"
    assert secret not in (token.key_hash, token.prefix)
    assert len(token.key_hash) == 64
    page = client_for(employee).get("/accounts/tokens/").content.decode()
    assert "reporting" in page and secret not in page
    me = bearer(secret).get("/api/v1/me/").json()
    assert me["username"] == employee.username


def test_read_scope_token_reads_but_cannot_write(employee):
    secret = create_token(employee, scope="read")
    client = bearer(secret)
    assert client.get("/api/v1/me/").json()["authenticated"] is True
    response = client.post(
        "/api/v1/posts/",
        {"kind": "update", "body": "Hello", "audience": "community"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "read" in response.json()["detail"]
    assert not Post.objects.exists()


def test_revoked_token_gets_401(employee):
    secret = create_token(employee)
    token = AccessToken.objects.get(user=employee)
    response = client_for(employee).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    response = bearer(secret).get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_unknown_token_and_visitor_writes_get_401(client):
    assert bearer("koers_nope").get("/api/v1/me/").status_code == 401
    response = client.post(
        "/api/v1/posts/", {"kind": "update"}, content_type="application/json"
    )
    assert response.status_code == 401


def test_someone_elses_token_cannot_be_revoked(employee, external_member):
    secret = create_token(employee)
    token = AccessToken.objects.get(user=employee)
    client_for(external_member).post(f"/accounts/tokens/{token.pk}/revoke/")
    assert bearer(secret).get("/api/v1/me/").status_code == 200


def test_token_never_sees_more_than_its_member(external_member):
    author = make_member("employee")
    staff_post = PostFactory(author=author, audience="staff")
    community_post = PostFactory(author=author, audience="community")
    client = bearer(create_token(external_member, scope="read"))
    assert client.get(f"/api/v1/posts/{staff_post.pk}/").status_code == 404
    assert client.get(f"/api/v1/posts/{community_post.pk}/").status_code == 200
    response = client.post(
        f"/api/v1/posts/{staff_post.pk}/comments/",
        {"body": "hi"},
        content_type="application/json",
    )
    assert response.status_code in (403, 404)
    session = client_for(external_member).get("/api/v1/people/").json()
    assert client.get("/api/v1/people/").json() == session


def test_write_token_reports_a_result_with_figure_competences_item_and_promise(
    employee, home_page
):
    make_purpose_page()
    promise = Promise.objects.first()
    item = make_item(make_roadmap("Energy", slug="energy"), "Solar roofs")
    CompetenceFactory(name="Fundraising")
    client = bearer(create_token(employee))
    response = client.post(
        "/api/v1/posts/",
        {
            "kind": "result",
            "body": "R&D: 5 < 6",
            "figure": "+5 & more",
            "audience": "public",
            "competences": ["Fundraising"],
            "roadmap_item": item.pk,
            "promise": promise.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    post = Post.objects.get(pk=data["id"])
    assert (post.kind, post.figure, post.author) == ("result", "+5 & more", employee)
    assert post.roadmap_item_id == item.pk and post.promise_id == promise.pk
    assert data["competences"] == ["Fundraising"]
    assert data["figure"] == "+5 & more"
    assert data["url"].startswith("http://testserver/feed/posts/")


def test_external_member_cannot_report_a_result_or_post_to_staff(external_member):
    client = bearer(create_token(external_member))
    for kind, audience in (("result", "community"), ("idea", "staff")):
        response = client.post(
            "/api/v1/posts/",
            {"kind": kind, "body": "x", "audience": audience},
            content_type="application/json",
        )
        assert response.status_code == 400, response.content
        assert response.json()["detail"]
    assert not Post.objects.exists()


def test_write_token_reacts_comments_and_votes(employee, home_page):
    post = PostFactory(author=make_member("employee"), audience="community")
    item = make_item(make_roadmap("Energy", slug="energy"), "Solar roofs")
    client = bearer(create_token(employee))
    react = client.post(
        f"/api/v1/posts/{post.pk}/reactions/",
        {"kind": "like"},
        content_type="application/json",
    )
    assert react.status_code == 200 and react.json() == {
        "given": True,
        "reaction_counts": {"like": 1},
    }
    comment = client.post(
        f"/api/v1/posts/{post.pk}/comments/",
        {"body": "Well done"},
        content_type="application/json",
    )
    assert comment.status_code == 201
    assert Comment.objects.get(pk=comment.json()["id"]).author == employee
    vote_url = f"/api/v1/roadmaps/energy/items/{item.slug}/vote/"
    assert client.post(vote_url).status_code == 200
    assert client.post(vote_url).status_code == 409  # once per member, as on the site
    assert Vote.objects.filter(user=employee, item=item).count() == 1
    assert client.delete(vote_url).json() == {"voted": False}


def test_read_scope_token_cannot_react_comment_or_vote(employee, home_page):
    post = PostFactory(author=make_member("employee"), audience="community")
    item = make_item(make_roadmap("Energy", slug="energy"), "Solar roofs")
    client = bearer(create_token(employee, scope="read"))
    for url, data in (
        (f"/api/v1/posts/{post.pk}/reactions/", {"kind": "like"}),
        (f"/api/v1/posts/{post.pk}/comments/", {"body": "Hi"}),
        (f"/api/v1/roadmaps/energy/items/{item.slug}/vote/", {}),
    ):
        response = client.post(url, data, content_type="application/json")
        assert response.status_code == 403, url
    assert (
        client.delete(f"/api/v1/roadmaps/energy/items/{item.slug}/vote/").status_code
        == 403
    )
    assert not (Comment.objects.exists() or Vote.objects.exists())
    post.refresh_from_db()
    assert post.reaction_counts == {}


def test_token_of_a_deactivated_member_gets_401(employee):
    secret = create_token(employee, scope="write")
    employee.is_active = False
    employee.save(update_fields=["is_active"])
    assert bearer(secret).get("/api/v1/me/").status_code == 401


def test_revoked_write_token_cannot_write(employee):
    secret = create_token(employee, scope="write")
    token = AccessToken.objects.get(user=employee)
    client_for(employee).post(f"/accounts/tokens/{token.pk}/revoke/")
    response = bearer(secret).post(
        "/api/v1/posts/",
        {"kind": "update", "body": "Hello", "audience": "community"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Post.objects.exists()
