"""Signing up once, the waiting list, cancelling with one link, and every refusal:
a clear message and nothing changed."""

import datetime
import smtplib

import icalendar
import pytest
from django.core import mail as django_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from accounts.contributions import contribution_apply_token, offer_token
from gatherings import contributions
from gatherings.models import Registration
from gatherings.services import (
    GatheringError,
    registration_cancel,
    registration_create,
    reminders_send,
)
from gatherings.tokens import cancel_token
from tests.conftest import client_for
from tests.factories import make_gathering, make_member, make_registration

pytestmark = pytest.mark.django_db


def calendar_of(message) -> icalendar.Calendar:
    (attachment,) = message.attachments
    name, content, mimetype = attachment
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(content)


def signup(user, gathering):
    return client_for(user).post(f"/gatherings/{gathering.pk}/signup/")


def test_member_signs_up_and_gets_a_confirmation_with_a_valid_ics(
    mailoutbox, django_capture_on_commit_callbacks
):
    gathering = make_gathering("Netwerkborrel Zwolle", capacity=2)
    member = make_member("external", email="fatima@customer.test")
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(member, gathering)
    assert response.status_code == 302
    registration = Registration.objects.get(gathering=gathering, user=member)
    assert registration.status == "confirmed"
    (message,) = mailoutbox
    assert message.to == ["fatima@customer.test"]
    assert "Netwerkborrel Zwolle" in message.subject
    assert f"/gatherings/cancel/{cancel_token(registration)}/" in message.body
    (event,) = calendar_of(message).walk("VEVENT")
    assert str(event["summary"]) == "Netwerkborrel Zwolle"
    assert event.decoded("dtstart") == gathering.starts_at
    assert event.decoded("dtend") == gathering.ends_at
    assert str(event["uid"]).startswith(f"gathering-{gathering.pk}@")


def test_signing_up_twice_is_refused_and_changes_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    gathering = make_gathering(capacity=1)
    member = make_member("external")
    with django_capture_on_commit_callbacks(execute=True):
        signup(member, gathering)
        again = signup(member, gathering)
    assert again.status_code == 409
    assert "already signed up" in again.content.decode()
    assert Registration.objects.filter(gathering=gathering).count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("past", "already started"),
        ("started", "already started"),
        ("cancelled", "cancelled"),
    ],
)
def test_signing_up_for_a_closed_gathering_is_refused(state, expected, mailoutbox):
    kwargs = {
        "past": {"starts_in": -datetime.timedelta(days=2)},
        "started": {"starts_in": -datetime.timedelta(minutes=30)},
        "cancelled": {"cancelled_at": timezone.now()},
    }[state]
    gathering = make_gathering(**kwargs)
    member = make_member("external")
    response = signup(member, gathering)
    assert response.status_code == 409
    assert expected in response.content.decode()
    assert not Registration.objects.filter(gathering=gathering).exists()
    # A visitor is refused at once as well, not sent to sign up for nothing.
    visitor = client_for(None).post(f"/gatherings/{gathering.pk}/signup/")
    assert visitor.status_code == 409
    assert mailoutbox == []


def test_over_capacity_goes_to_the_waiting_list_and_never_past_the_capacity(
    mailoutbox, django_capture_on_commit_callbacks
):
    gathering = make_gathering(capacity=2)
    members = [make_member("external") for _ in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            registration_create(user=m, gathering=gathering).status for m in members
        ]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    assert gathering.registrations.filter(status="confirmed").count() == 2
    waiting_mail = mailoutbox[2]
    assert "waiting list" in waiting_mail.subject
    assert waiting_mail.attachments == []  # no calendar entry without a place


def test_a_cancelled_place_goes_to_the_first_in_line(
    mailoutbox, django_capture_on_commit_callbacks
):
    gathering = make_gathering(capacity=1)
    first, second, third = (make_member("external") for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        own = registration_create(user=first, gathering=gathering)
        registration_create(user=second, gathering=gathering)
        registration_create(user=third, gathering=gathering)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moved = registration_cancel(registration=own)
    assert moved.user == second
    statuses = dict(gathering.registrations.values_list("user_id", "status"))
    assert statuses == {
        first.pk: "cancelled",
        second.pk: "confirmed",
        third.pk: "waiting",
    }
    (message,) = mailoutbox
    assert message.to == [second.email]
    assert "place opened up" in message.subject
    assert calendar_of(message).walk("VEVENT")
    # Cancelling twice: a clear refusal, nobody else moves.
    with pytest.raises(GatheringError, match="already cancelled"):
        registration_cancel(registration=own)
    assert gathering.registrations.filter(status="confirmed").count() == 1


def test_cancel_link_asks_first_then_cancels_and_cannot_be_forged(
    django_capture_on_commit_callbacks,
):
    gathering = make_gathering(capacity=1)
    member = make_member("external")
    registration = make_registration(gathering, member)
    url = f"/gatherings/cancel/{cancel_token(registration)}/"
    visitor = client_for(None)
    page = visitor.get(url)
    assert page.status_code == 200
    assert "Yes, cancel my sign-up" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"  # a mail scanner's GET changes nothing
    assert visitor.get(url[:-3] + "x/").status_code == 404
    assert visitor.get("/gatherings/cancel/nonsense/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        done = visitor.post(url)
    assert done.status_code == 200
    assert "Your sign-up is cancelled" in done.content.decode()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    again = visitor.post(url)
    assert again.status_code == 409
    assert "already cancelled" in again.content.decode()


def test_an_old_cancel_link_does_not_cancel_a_new_sign_up(
    django_capture_on_commit_callbacks,
):
    gathering = make_gathering(capacity=3)
    member = make_member("external")
    with django_capture_on_commit_callbacks(execute=True):
        first = registration_create(user=member, gathering=gathering)
        old_url = f"/gatherings/cancel/{cancel_token(first)}/"
        registration_cancel(registration=first)
        registration_create(user=member, gathering=gathering)
    assert client_for(None).post(old_url).status_code == 404
    assert Registration.objects.get(user=member).status == "confirmed"


def test_member_withdraws_from_the_gathering_page(django_capture_on_commit_callbacks):
    gathering = make_gathering(capacity=1)
    member = make_member("external")
    make_registration(gathering, member)
    client = client_for(member)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/gatherings/{gathering.pk}/withdraw/").status_code == 302
    assert Registration.objects.get(user=member).status == "cancelled"
    nothing = client.post(f"/gatherings/{gathering.pk}/withdraw/")
    assert nothing.status_code == 409
    assert "had not signed up" in nothing.content.decode()


def test_what_a_member_may_not_see_is_a_404_and_not_signed_up():
    staff_only = make_gathering(audience="staff")
    members_only = make_gathering(audience="community")
    external = make_member("external")
    assert signup(external, staff_only).status_code == 404
    assert (
        client_for(None).post(f"/gatherings/{members_only.pk}/signup/").status_code
        == 404
    )
    assert not Registration.objects.exists()
    with pytest.raises(GatheringError) as refused:
        registration_create(user=external, gathering=staff_only)
    assert refused.value.status == 404


def test_visitor_is_offered_sign_up_and_the_place_is_made_after(
    mailoutbox, django_capture_on_commit_callbacks
):
    gathering = make_gathering("Paarse koffie", capacity=1)
    response = client_for(None).post(f"/gatherings/{gathering.pk}/signup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/signup/")
    assert "contribution=" in response["Location"]
    # What accounts does once the address is verified (or the visitor signs in):
    member = make_member("external")
    token = offer_token(
        kind=contributions.SIGNUP,
        target={"gathering": gathering.pk},
        next_url=gathering.get_absolute_url(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        (outcome,) = contribution_apply_token(user=member, token=token)
    assert outcome.ok, outcome.message
    assert "You have a place" in outcome.message
    assert Registration.objects.get(user=member).status == "confirmed"
    assert len(mailoutbox) == 1
    # The same sign-up again (a replayed form) is refused with a message.
    (again,) = contribution_apply_token(user=member, token=token)
    assert not again.ok


def test_a_kept_sign_up_for_a_gathering_cancelled_meanwhile_is_refused():
    gathering = make_gathering()
    token = offer_token(kind=contributions.SIGNUP, target={"gathering": gathering.pk})
    gathering.cancelled_at = timezone.now()
    gathering.save()
    (outcome,) = contribution_apply_token(user=make_member("external"), token=token)
    assert not outcome.ok
    assert "cancelled" in outcome.message
    assert not Registration.objects.exists()


def test_reminders_go_once_to_those_with_a_place_tomorrow(
    mailoutbox, django_capture_on_commit_callbacks
):
    soon = make_gathering(
        "Webinar zorg op afstand", starts_in=datetime.timedelta(hours=20)
    )
    later = make_gathering(starts_in=datetime.timedelta(days=5))
    placed, waiting, cancelled, far = (make_member("external") for _ in range(4))
    make_registration(soon, placed)
    make_registration(soon, waiting, status="waiting")
    make_registration(soon, cancelled, status="cancelled")
    make_registration(later, far)
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send() == 1
        assert reminders_send() == 0
    (message,) = mailoutbox
    assert message.to == [placed.email]
    assert message.subject.endswith("Reminder: Webinar zorg op afstand")
    assert calendar_of(message).walk("VEVENT")


def test_reminder_command_runs(mailoutbox, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    gathering = make_gathering(starts_in=datetime.timedelta(hours=3))
    make_registration(gathering, make_member("external"))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_gathering_reminders", stdout=open("/dev/null", "w"))
    assert len(django_mail.outbox) == 1


def test_deleting_an_account_gives_its_place_to_the_next_in_line(
    mailoutbox, django_capture_on_commit_callbacks
):
    from intranet.personal_data import account_erase

    gathering = make_gathering(capacity=1)
    leaving, next_in_line = make_member("external"), make_member("external")
    make_registration(gathering, leaving)
    make_registration(gathering, next_in_line, status="waiting")
    with django_capture_on_commit_callbacks(execute=True):
        account_erase(user=leaving, delete_user=leaving.delete)
    assert Registration.objects.get().user == next_in_line
    assert Registration.objects.get().status == "confirmed"
    assert [m.to for m in mailoutbox] == [[next_in_line.email]]


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("mail server down")


def test_a_mail_server_outage_does_not_undo_or_break_a_sign_up(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.gatherings.test_signup.BrokenMailServer"
    gathering = make_gathering(capacity=1)
    member = make_member("external")
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(member, gathering)
    assert response.status_code == 302
    assert Registration.objects.get(user=member).status == "confirmed"
