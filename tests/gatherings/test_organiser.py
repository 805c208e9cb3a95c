"""Creating a gathering, cancelling it, and posting its results: who may, and bad input
answered with a form error or a clear 4xx, nothing half-saved."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from feed.models import Post
from gatherings.models import Gathering
from tests.conftest import client_for
from tests.factories import (
    NetworkFactory,
    add_network_member,
    make_gathering,
    make_member,
    make_registration,
)

pytestmark = pytest.mark.django_db

FORMAT = "%Y-%m-%dT%H:%M"


def form_data(**overrides):
    start = timezone.localtime() + datetime.timedelta(days=10)
    data = {
        "title": "Paarse vrijdag: netwerkborrel",
        "kind": "drink",
        "description": "Kennismaken met collega's en cliënten.",
        "starts_at": start.strftime(FORMAT),
        "ends_at": (start + datetime.timedelta(hours=2)).strftime(FORMAT),
        "place": "Buurthuis De Linde",
        "online_url": "",
        "capacity": "25",
        "audience": "public",
    }
    data.update(overrides)
    return data


def test_employee_creates_a_gathering_linked_to_a_network():
    network = NetworkFactory(name="Wijkzorg")
    employee = make_member("employee")
    response = client_for(employee).post(
        "/gatherings/new/", form_data(networks=[network.pk])
    )
    assert response.status_code == 302
    gathering = Gathering.objects.get()
    assert response["Location"] == gathering.get_absolute_url()
    assert gathering.organiser == employee
    assert list(gathering.networks.all()) == [network]
    assert gathering.audience == "public"


def test_external_member_may_not_create_and_a_visitor_is_asked_to_sign_in():
    assert (
        client_for(make_member("external")).get("/gatherings/new/").status_code == 403
    )
    assert (
        client_for(make_member("external"))
        .post("/gatherings/new/", form_data())
        .status_code
        == 403
    )
    assert client_for(None).get("/gatherings/new/").status_code == 302
    assert not Gathering.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required"),
        (
            {
                "starts_at": "2020-01-01T19:00",
                "ends_at": "2020-01-01T21:00",
            },
            "starts in the future",
        ),
        ({"ends_at": "2020-01-01T21:00"}, "end comes after the start"),
        ({"place": "", "online_url": ""}, "an online link, or both"),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"capacity": "100000"}, "less than or equal to 1000"),
        ({"online_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"audience": "private"}, "Select a valid choice"),
        ({"starts_at": "morgen"}, "Enter a valid date/time"),
    ],
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(overrides, message):
    response = client_for(make_member("employee")).post(
        "/gatherings/new/", form_data(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Gathering.objects.exists()


def test_organiser_cancels_and_everyone_gets_a_cancel_ics(
    mailoutbox, django_capture_on_commit_callbacks
):
    organiser = make_member("employee")
    gathering = make_gathering(organiser=organiser)
    placed, waiting = make_member("external"), make_member("external")
    make_registration(gathering, placed)
    make_registration(gathering, waiting, status="waiting")
    other = make_member("employee")
    refused = client_for(other).post(f"/gatherings/{gathering.pk}/cancel/")
    assert refused.status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        done = client_for(organiser).post(f"/gatherings/{gathering.pk}/cancel/")
    assert done.status_code == 302
    gathering.refresh_from_db()
    assert gathering.is_cancelled and gathering.sequence == 1
    assert {m.to[0] for m in mailoutbox} == {placed.email, waiting.email}
    for message in mailoutbox:
        calendar = icalendar.Calendar.from_ical(message.attachments[0][1])
        assert str(calendar["method"]) == "CANCEL"
        (event,) = calendar.walk("VEVENT")
        assert str(event["status"]) == "CANCELLED"
    twice = client_for(organiser).post(f"/gatherings/{gathering.pk}/cancel/")
    assert twice.status_code == 409


def test_results_are_posted_after_the_event_as_a_result_post_linked_to_it():
    organiser = make_member("employee")
    gathering = make_gathering(
        "Bedoelingssessie", organiser=organiser, audience="community"
    )
    url = f"/gatherings/{gathering.pk}/results/"
    client = client_for(organiser)
    early = client.post(url, {"body": "Mooie avond"})
    assert early.status_code == 409
    assert "after the gathering is over" in early.content.decode()
    gathering.starts_at -= datetime.timedelta(days=8)
    gathering.ends_at -= datetime.timedelta(days=8)
    gathering.save()
    assert client_for(make_member("employee")).get(url).status_code == 403
    assert client.post(url, {"body": ""}).status_code == 400
    assert not Post.objects.exists()
    done = client.post(url, {"body": "<p>Twaalf ideeën opgehaald.</p>", "figure": "12"})
    assert done.status_code == 302
    post = Post.objects.get()
    gathering.refresh_from_db()
    assert gathering.result_post == post
    assert post.kind == "result" and post.audience == "community"
    assert gathering.get_absolute_url() in post.body
    assert post.figure == "12"
    page = client_for(make_member("external")).get(gathering.get_absolute_url())
    assert f"/feed/posts/{post.pk}/" in page.content.decode()
    again = client.post(url, {"body": "Nog eens"})
    assert again.status_code == 409
    assert Post.objects.count() == 1


def test_a_network_host_organises_for_the_networks_they_host_only():
    hosted = NetworkFactory(name="Mantelzorg", audience="public")
    other = NetworkFactory(name="Anders", audience="public")
    host = make_member("external")
    add_network_member(hosted, host, host=True)
    client = client_for(host)
    page = client.get("/gatherings/new/").content.decode()
    assert "Mantelzorg" in page and "Anders" not in page
    refused = client.post("/gatherings/new/", form_data())
    assert refused.status_code == 400
    assert "networks you host" in refused.content.decode()
    staff = client.post(
        "/gatherings/new/", form_data(networks=[hosted.pk], audience="staff")
    )
    assert staff.status_code == 400
    assert "audience you are part of" in staff.content.decode()
    elsewhere = client.post("/gatherings/new/", form_data(networks=[other.pk]))
    assert elsewhere.status_code == 400
    assert not Gathering.objects.exists()
    done = client.post("/gatherings/new/", form_data(networks=[hosted.pk]))
    assert done.status_code == 302
    assert Gathering.objects.get().organiser == host


@pytest.mark.parametrize("bad", [str(2**70), "²", "-1", " 3"])
def test_an_id_that_is_no_id_is_a_form_error_not_a_server_error(bad):
    """Links to networks, promises and items are ids; anything else is refused as
    "not a valid value" (found: 2**70 was a 500 on SQLite)."""
    network = NetworkFactory(name="Wijkzorg")
    employee = make_member("employee")
    for field in ("networks", "promises", "roadmap_items"):
        response = client_for(employee).post(
            "/gatherings/new/", form_data(**{field: [network.pk, bad]})
        )
        assert response.status_code == 400, field
        assert "is not a valid value" in response.content.decode()
    assert not Gathering.objects.exists()
