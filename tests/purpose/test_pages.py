"""The purpose page, its public history with diffs, and the promise dashboards."""

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from home.models import PurposePage
from intranet.audience import set_page_audience
from tests.conftest import client_for
from tests.factories import PostFactory, make_member, make_purpose_page, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def purpose_page(db):
    return make_purpose_page()


def publish(page, statement):
    page = PurposePage.objects.get(pk=page.pk)
    page.statement = statement
    page.save_revision().publish()
    return page


def test_purpose_page_shows_statement_promises_and_links(purpose_page):
    page = client_for(None).get("/purpose/").content.decode()
    assert "We make care that truly helps people forward." in page
    assert "/purpose/promises/a-good-life-for-clients/" in page
    assert "/purpose/history/" in page


def test_history_lists_every_published_version_with_a_readable_diff(purpose_page):
    publish(purpose_page, "<p>We make care that helps people and their families.</p>")
    client = client_for(None)
    listing = client.get("/purpose/history/").content.decode()
    assert "Version 1" in listing and "Version 2" in listing
    from purpose.history import published_versions

    versions = published_versions(purpose_page)
    assert len(versions) == 2
    detail = client.get(f"/purpose/history/{versions[1].revision_id}/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "<del>truly </del>" in html
    assert "<del>forward.</del><ins>and their families.</ins>" in html
    assert "Changes since version 1" in html


def test_history_escapes_member_visible_text(purpose_page):
    publish(purpose_page, "<p>&lt;script&gt;alert(1)&lt;/script&gt; care</p>")
    from purpose.history import published_versions

    latest = published_versions(purpose_page)[-1]
    html = client_for(None).get(f"/purpose/history/{latest.revision_id}/").content
    assert b"<script>alert(1)" not in html


def test_unknown_or_draft_revision_is_404(purpose_page):
    draft = PurposePage.objects.get(pk=purpose_page.pk)
    draft.statement = "<p>Secret draft</p>"
    revision = draft.save_revision()  # saved, never published
    client = client_for(make_member("manager"))
    assert client.get(f"/purpose/history/{revision.pk}/").status_code == 404
    assert client.get("/purpose/history/999999/").status_code == 404


def test_history_follows_the_purpose_pages_privacy(purpose_page):
    set_page_audience(purpose_page, "staff")
    assert client_for(None).get("/purpose/history/").status_code == 404
    assert (
        client_for(make_member("external")).get("/purpose/history/").status_code == 404
    )
    assert (
        client_for(make_member("employee")).get("/purpose/history/").status_code == 200
    )
    set_page_audience(purpose_page, "community")
    response = client_for(None).get("/purpose/history/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_promise_dashboard_shows_results_people_and_roadmaps_by_audience(purpose_page):
    promise = purpose_page.promises.get(slug="a-good-life-for-clients")
    author = make_member("employee", first_name="Anna", last_name="Public")
    author.profile.public_profile = True
    author.profile.save()
    PostFactory(
        kind="result",
        promise=promise,
        audience="public",
        author=author,
        body="<p>Public result here</p>",
    )
    PostFactory(
        kind="result", promise=promise, audience="staff", body="<p>Staff result</p>"
    )
    PostFactory(kind="update", promise=promise, body="<p>Just an update</p>")
    served = make_roadmap("Care nearby")
    served.promises.add(promise)
    served.save_revision().publish()
    hidden = make_roadmap("Staff roadmap", audience="staff")
    hidden.promises.add(promise)
    hidden.save_revision().publish()

    url = f"/purpose/promises/{promise.slug}/"
    visitor = client_for(None).get(url).content.decode()
    assert "Public result here" in visitor
    assert "Staff result" not in visitor and "Just an update" not in visitor
    assert "Care nearby" in visitor and "Staff roadmap" not in visitor
    assert "role='img'" in visitor and "<table class='chart-table'>" in visitor
    month = date_format(timezone.localdate(), "YEAR_MONTH_FORMAT")
    assert f"<th scope='row'>{month}</th><td>1</td>" in visitor

    staff = client_for(make_member("employee")).get(url).content.decode()
    assert "Staff result" in staff and "Staff roadmap" in staff
    assert f"<th scope='row'>{month}</th><td>2</td>" in staff


def test_unknown_promise_is_404(purpose_page):
    assert client_for(None).get("/purpose/promises/nope/").status_code == 404
