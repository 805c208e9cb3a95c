"""The resume cursor follows commit order: an event whose transaction began first
but committed last is never skipped by a client whose cursor passed the others."""

import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction

from feed import services
from feed.models import FeedEvent
from feed.replay import replay_since
from tests.factories import make_member

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(target, errors):
    def run():
        try:
            target()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_late_commit_of_an_earlier_event_is_replayed_after_a_later_cursor(
    uses_postgresql,
):
    author = make_member("employee")
    made = {}
    early_inserted = threading.Event()
    late_committed = threading.Event()
    errors = []

    def early_id_late_commit():
        with transaction.atomic():
            made["early"] = services.post_create(
                author=author, kind="update", body="Early id", audience="public"
            )
            early_inserted.set()
            assert late_committed.wait(10)

    def late_id_early_commit():
        assert early_inserted.wait(10)
        made["late"] = services.post_create(
            author=author, kind="update", body="Late id", audience="public"
        )
        late_committed.set()

    threads = [
        _in_thread(early_id_late_commit, errors),
        _in_thread(late_id_early_commit, errors),
    ]
    for thread in threads:
        thread.join(20)
    assert not errors, errors

    early = FeedEvent.objects.get(post_id=made["early"].pk, type="post_created")
    late = FeedEvent.objects.get(post_id=made["late"].pk, type="post_created")
    # Ids follow insert order, positions follow commit order.
    assert early.pk < late.pk
    assert early.seq > late.seq

    # A client saw the late-id event live, dropped, and resumes from it.
    envelopes, cursor = replay_since(
        AnonymousUser(), late.seq, limit=200, overlap=0, language="en"
    )
    assert [e["post_id"] for e in envelopes if e["type"] == "post_created"] == [
        made["early"].pk
    ]
    assert cursor == early.seq
    # The id-ordered replay this replaced would have skipped it.
    assert not FeedEvent.objects.filter(pk__gt=late.pk, post_id=made["early"].pk)


def test_concurrent_numbering_hands_out_each_position_once(uses_postgresql, settings):
    settings.KOERS_RATE_LIMITS = {**settings.KOERS_RATE_LIMITS, "post": (100, 60)}
    author = make_member("employee")
    errors = []
    start = threading.Barrier(4)

    def writer(n):
        def write():
            start.wait(10)
            for i in range(5):
                services.post_create(
                    author=author, kind="update", body=f"{n}-{i}", audience="public"
                )

        return write

    threads = [_in_thread(writer(n), errors) for n in range(4)]
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    seqs = sorted(FeedEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(seqs[0], seqs[0] + 20))
