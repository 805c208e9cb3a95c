"""Speak-up signals: raising, hidden names, triage by managers only, notifications."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from feed.models import Notification, Post
from purpose.models import Signal, SignalStep
from purpose.speakup import (
    signal_board,
    signal_follow_toggle,
    signal_move,
    signal_raise,
)
from tests.factories import make_member, make_purpose_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise():
    return make_purpose_page().promises.first()


def raise_one(author, promise, **kwargs):
    values = {
        "title": "Het formulier vraagt drie handtekeningen",
        "body": "Mijn moeder wacht twee weken op een rolstoel.",
        "audience": "public",
        "hide_name": True,
    }
    values.update(kwargs)
    return signal_raise(author=author, promise=promise, **values)


def test_hidden_name_shown_to_author_and_managers_only(promise):
    author = make_member("external")
    signal = raise_one(author, promise)
    assert signal.author_shown_to(author)
    assert signal.author_shown_to(make_member("manager"))
    assert not signal.author_shown_to(make_member("employee"))
    assert not signal.author_shown_to(make_member("visitor"))


def test_visitor_sees_public_signal_not_staff_one(promise):
    author = make_member("employee")
    public = raise_one(author, promise)
    raise_one(author, promise, audience="staff", title="Intern")
    visitor = make_member("visitor")
    assert list(signal_board(viewer=visitor)) == [public]


def test_external_cannot_raise_to_staff(promise):
    with pytest.raises(ValidationError):
        raise_one(make_member("external"), promise, audience="staff")
    assert not Signal.objects.exists()


def test_manager_moves_signal_and_author_and_followers_are_told(promise):
    author = make_member("external")
    follower = make_member("employee")
    manager = make_member("manager")
    signal = raise_one(author, promise)
    assert signal_follow_toggle(signal=signal, user=follower) is True
    signal_move(signal=signal, status="looking", reason="We kijken ernaar", by=manager)
    signal = signal_move(
        signal=signal,
        status="changed",
        reason="Eén handtekening is genoeg",
        by=manager,
        post_outcome=True,
    )
    assert signal.status == "changed"
    assert list(signal.steps.values_list("status", flat=True)) == ["looking", "changed"]
    told = Notification.objects.filter(kind="purpose", url=signal.get_absolute_url())
    assert {n.recipient_id for n in told} == {author.pk, follower.pk}
    outcome = Post.objects.get(pk=signal.outcome_post_id)
    assert outcome.kind == "result" and outcome.promise == promise
    assert outcome.audience == "public"


@pytest.mark.parametrize("persona", ["external", "employee"])
def test_status_change_by_non_manager_refused(promise, persona):
    signal = raise_one(make_member("external"), promise)
    with pytest.raises(PermissionDenied):
        signal_move(
            signal=signal, status="changed", reason="x", by=make_member(persona)
        )
    signal.refresh_from_db()
    assert signal.status == "open" and not SignalStep.objects.exists()


@pytest.mark.parametrize(
    ("status", "reason"), [("changed", ""), ("bogus", "Reden"), ("open", "Reden")]
)
def test_bad_status_change_refused(promise, status, reason):
    signal = raise_one(make_member("external"), promise)
    with pytest.raises(ValidationError):
        signal_move(
            signal=signal, status=status, reason=reason, by=make_member("manager")
        )
    signal.refresh_from_db()
    assert signal.status == "open" and not SignalStep.objects.exists()


def test_decided_signal_stays_decided(promise):
    manager = make_member("manager")
    signal = raise_one(make_member("external"), promise)
    signal_move(signal=signal, status="explained", reason="Wettelijk", by=manager)
    with pytest.raises(ValidationError):
        signal_move(signal=signal, status="changed", reason="Toch", by=manager)
    assert SignalStep.objects.count() == 1


def test_empty_title_refused(promise):
    with pytest.raises(ValidationError):
        raise_one(make_member("external"), promise, title="  ")
    assert not Signal.objects.exists()


def test_a_story_about_a_signal_shows_on_the_signal_for_who_may_read_it(promise):
    from purpose.stories import story_create
    from tests.conftest import client_for

    signal = raise_one(make_member("external"), promise)
    story_create(
        author=make_member("employee"),
        body="<p>Binnen twee dagen een rolstoel</p>",
        audience="staff",
        promise=promise,
        signal=signal,
    )
    url = signal.get_absolute_url()
    assert (
        "Binnen twee dagen"
        in client_for(make_member("employee")).get(url).content.decode()
    )
    assert "Binnen twee dagen" not in client_for(None).get(url).content.decode()
