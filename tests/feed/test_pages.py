"""The feed page, permalink, filters, pagination, pinning, notifications page, digest and Atom feed."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from feed import services
from feed.models import DigestPreference, FeedEvent, Notification, Post, Reaction
from intranet.audience import Audience
from tests.conftest import client_for
from tests.factories import make_member
from tests.factories.feed import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def _cards(response):
    return response.content.decode().count('class="card post-card')


def test_visitor_sees_only_public_posts(employee):
    PostFactory(audience=Audience.PUBLIC, body="<p>open result</p>")
    PostFactory(audience=Audience.COMMUNITY, body="<p>members only</p>")
    PostFactory(audience=Audience.STAFF, body="<p>staff only</p>")
    response = client_for(None).get("/feed/")
    assert response.status_code == 200
    assert b"open result" in response.content
    assert b"members only" not in response.content
    assert b"staff only" not in response.content


def test_external_member_sees_public_and_community(external_member):
    PostFactory(audience=Audience.COMMUNITY, body="<p>members only</p>")
    PostFactory(audience=Audience.STAFF, body="<p>staff only</p>")
    content = client_for(external_member).get("/feed/").content
    assert b"members only" in content and b"staff only" not in content


def test_staff_post_permalink_is_404_for_externals(external_member, employee):
    post = PostFactory(audience=Audience.STAFF)
    assert client_for(external_member).get(post.get_absolute_url()).status_code == 404
    assert client_for(employee).get(post.get_absolute_url()).status_code == 200


def test_kind_filters(employee):
    PostFactory(kind="result", body="<p>resultmarker</p>")
    PostFactory(kind="idea", body="<p>ideamarker</p>")
    PostFactory(kind="question", body="<p>a question</p>")
    client = client_for(employee)
    results = client.get("/feed/?filter=results").content
    assert b"resultmarker" in results and b"ideamarker" not in results
    ideas = client.get("/feed/?filter=ideas").content
    assert b"ideamarker" in ideas and b"resultmarker" not in ideas
    assert b"a question" in client.get("/feed/?filter=questions").content


def test_competence_promise_and_network_filters(employee):
    from home.services import site_home
    from profiles.models import Competence, Network

    design = Competence.objects.create(name="Design", slug="design")
    tagged = PostFactory(body="<p>tagged</p>")
    tagged.competences.add(design)
    PostFactory(body="<p>untagged</p>")
    content = client_for(employee).get("/feed/?competence=design").content
    assert b"tagged" in content and b"untagged" not in content

    network = Network.objects.create(name="Makers", slug="makers")
    PostFactory(body="<p>in network</p>", network=network)
    content = (
        client_for(make_member("manager")).get(f"/feed/?network={network.pk}").content
    )
    assert b"in network" in content and b"untagged" not in content
    assert site_home() is not None


def test_load_more_pages_with_a_cursor_without_repeats(employee):
    posts = PostFactory.create_batch(45)
    client = client_for(employee)
    seen = []
    url = "/feed/"
    while url:
        response = client.get(url)
        page = response.context["page"]
        seen += [p.pk for p in page.posts]
        url = f"/feed/?cursor={page.next_cursor}" if page.next_cursor else None
    assert sorted(seen, reverse=True) == seen
    assert sorted(seen) == sorted(p.pk for p in posts)


def test_load_more_fragment_has_only_cards(employee):
    PostFactory.create_batch(25)
    client = client_for(employee)
    cursor = client.get("/feed/").context["page"].next_cursor
    fragment = client.get(f"/feed/?cursor={cursor}&fragment=1")
    assert _cards(fragment) == 5
    assert b"<html" not in fragment.content


def test_bad_cursor_is_ignored_not_500(employee):
    PostFactory.create_batch(3)
    assert client_for(employee).get("/feed/?cursor=garbage.x").status_code == 200


def test_pinned_post_is_on_top_until_its_date(employee, community_manager):
    old = PostFactory(body="<p>pinned one</p>")
    Post.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=30)
    )
    PostFactory.create_batch(3)
    services.post_pin(
        post=old, actor=community_manager, until=timezone.now() + timedelta(days=1)
    )
    page = client_for(employee).get("/feed/").context["page"]
    assert [p.pk for p in page.pinned] == [old.pk]
    assert old.pk not in [p.pk for p in page.posts]
    services.post_pin(
        post=old, actor=community_manager, until=timezone.now() - timedelta(days=1)
    )
    page = client_for(employee).get("/feed/").context["page"]
    assert page.pinned == []


def test_curation_via_site_is_manager_only_and_audited(employee, community_manager):
    from wagtail.models import ModelLogEntry

    post = PostFactory(author=employee)
    url = f"/feed/posts/{post.pk}/curate/"
    assert client_for(employee).post(url, {"action": "feature"}).status_code == 403
    manager = client_for(community_manager)
    assert manager.post(url, {"action": "feature"}).status_code == 302
    assert (
        manager.post(url, {"action": "pin", "until": "2999-01-01"}).status_code == 302
    )
    assert manager.post(url, {"action": "pin", "until": "soon"}).status_code == 400
    assert manager.post(url, {"action": "hide"}).status_code == 400  # no reason
    assert (
        manager.post(url, {"action": "hide", "reason": "Off topic"}).status_code == 302
    )
    post.refresh_from_db()
    assert post.featured and post.is_pinned and post.is_hidden
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"feed.feature", "feed.pin", "feed.hide"} <= actions
    told = Notification.objects.get(recipient=employee, kind="moderation")
    assert "Off topic" in told.text
    # Hidden: gone for others, still visible (marked) for its author.
    assert (
        client_for(make_member("employee")).get(post.get_absolute_url()).status_code
        == 404
    )
    own = client_for(employee).get(post.get_absolute_url())
    assert b"Hidden by a community manager" in own.content


def test_featured_posts_tag_shows_featured_only(employee, community_manager):
    from django.template import Context, Template
    from django.test import RequestFactory

    featured = PostFactory(audience="public", body="<p>on the home page</p>")
    PostFactory(audience="public", body="<p>not featured</p>")
    services.post_feature(post=featured, actor=community_manager, featured=True)
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = Template("{% load feed_tags %}{% featured_posts %}").render(
        Context({"request": request, "user": request.user})
    )
    assert "on the home page" in html and "not featured" not in html


def test_reports_queue_in_admin(employee, community_manager):
    post = PostFactory(author=employee)
    reporter = make_member("external")
    response = client_for(reporter).post(
        f"/feed/posts/{post.pk}/report/", {"reason": "Spam"}
    )
    assert response.status_code == 302
    report = post.reports.get()
    admin = client_for(community_manager)
    queue = admin.get("/admin/snippets/feed/report/")
    assert queue.status_code == 200 and b"Spam" in queue.content
    assert (
        client_for(employee).get(f"/admin/feed/reports/{report.pk}/hide/").status_code
        == 302
    )
    response = admin.post(f"/admin/feed/reports/{report.pk}/hide/", {"reason": "Spam"})
    assert response.status_code == 302
    report.refresh_from_db()
    post.refresh_from_db()
    assert report.status == "hidden" and post.is_hidden


def test_report_without_reason_is_400(employee):
    post = PostFactory()
    assert (
        client_for(employee).post(f"/feed/posts/{post.pk}/report/", {}).status_code
        == 400
    )


def test_comment_report_and_locked_comment_form(employee):
    comment = CommentFactory()
    response = client_for(employee).post(
        f"/feed/comments/{comment.pk}/report/", {"reason": "Rude"}
    )
    assert response.status_code == 302
    assert comment.reports.count() == 1


@pytest.mark.parametrize("size", [20, 100])
def test_feed_page_runs_a_fixed_number_of_queries(
    size, employee, django_assert_max_num_queries
):
    from profiles.models import Competence

    competence = Competence.objects.create(name="Care", slug="care")
    authors = [make_member("employee") for _ in range(5)]
    posts = [
        PostFactory(author=authors[n % 5], kind="result", figure="+1")
        for n in range(size)
    ]
    for post in posts:
        post.competences.add(competence)
        Reaction.objects.create(post=post, user=employee, kind="like")
        CommentFactory(post=post)
    client = client_for(employee)
    client.get("/feed/")  # warm the session and content-type caches
    with django_assert_max_num_queries(16):
        response = client.get("/feed/")
    assert _cards(response) == 20


def test_notifications_page_lists_and_marks_read(employee):
    post = PostFactory(author=employee)
    services.comment_create(post=post, author=make_member("external"), body="Hi")
    client = client_for(employee)
    page = client.get("/feed/notifications/")
    assert b"replied" in page.content
    home = client.get("/feed/")
    assert (
        b"data-unread-count>1<" in home.content.replace(b" ", b"").replace(b"\n", b"")
        or b">1</span>" in home.content
    )
    client.post("/feed/notifications/read/")
    assert not Notification.objects.filter(recipient=employee, read_at=None).exists()


def test_digest_preference_is_saved(employee):
    client = client_for(employee)
    assert (
        client.post("/feed/notifications/", {"frequency": "daily"}).status_code == 302
    )
    assert DigestPreference.objects.get(user=employee).frequency == "daily"
    assert (
        client.post("/feed/notifications/", {"frequency": "hourly"}).status_code == 400
    )


def test_digest_command_sends_html_and_text_once(employee):
    DigestPreference.objects.create(user=employee, frequency="daily")
    off = make_member("employee")
    DigestPreference.objects.create(user=off, frequency="off")
    post = PostFactory(author=employee, kind="result", figure="+5 trees")
    PostFactory(author=off)
    services.comment_create(post=post, author=make_member("external"), body="Great")
    services.comment_create(
        post=Post.objects.get(author=off), author=employee, body="Hello"
    )
    call_command("send_feed_digests", "--frequency", "daily", stdout=None)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [employee.email]
    assert "replied" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "+5 trees" in html
    # Links work from a mail client: none is site-relative.
    assert 'href="/' not in html
    assert f'href="http://testserver/feed/posts/{post.pk}/"' in html
    call_command("send_feed_digests", "--frequency", "daily")
    assert len(mail.outbox) == 1  # nothing new, nothing sent


def test_atom_feed_lists_public_results_only():
    PostFactory(kind="result", audience="public", body="<p>public win</p>", figure="+3")
    PostFactory(kind="result", audience="community", body="<p>members win</p>")
    PostFactory(kind="update", audience="public", body="<p>just an update</p>")
    response = client_for(None).get("/feed/results.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    content = response.content.decode()
    assert "public win" in content
    assert "members win" not in content and "just an update" not in content


def test_post_create_records_one_event(employee):
    services.post_create(author=employee, body="Once")
    assert FeedEvent.objects.filter(type="post_created").count() == 1


def test_mention_suggestions_need_sign_in(employee):
    make_member("external", username="anouk")
    assert client_for(None).get("/feed/mentions/?q=an").status_code == 302
    data = client_for(employee).get("/feed/mentions/?q=an").json()
    assert [r["username"] for r in data["results"]] == ["anouk"]


def test_following_filter_shows_followed_members_and_own_posts(employee):
    from profiles.models import Follow

    followed = make_member("employee")
    PostFactory(author=followed, body="<p>followedmarker</p>")
    PostFactory(body="<p>strangermarker</p>")
    PostFactory(author=employee, body="<p>ownmarker</p>")
    Follow.objects.create(follower=employee, followed=followed)
    content = client_for(employee).get("/feed/?filter=following").content
    assert b"followedmarker" in content and b"ownmarker" in content
    assert b"strangermarker" not in content


def test_post_card_shows_the_authors_current_role(employee):
    from profiles.models import Role, RoleAssignment

    role = Role.objects.create(name="Energy coach", slug="energy-coach", is_public=True)
    RoleAssignment.objects.create(profile=employee.profile, role=role)
    employee.profile.public_profile = True
    employee.profile.save()
    PostFactory(author=employee, audience="public")
    assert b"Energy coach" in client_for(None).get("/feed/").content
