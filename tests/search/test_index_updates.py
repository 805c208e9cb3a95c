"""Index upkeep for Elasticsearch: after-commit updates, and a reindex command that
fails clearly without a server. (The round trip itself is in the contract suite.)"""

import pytest
from django.core.management import CommandError, call_command

from search import signals
from search.indexing import index_object, post_source

from .conftest import post

pytestmark = pytest.mark.django_db
DEAD_SERVER = "http://127.0.0.1:9"  # the discard port: nothing listens there


@pytest.fixture
def wired(settings):
    settings.ELASTICSEARCH_URL = DEAD_SERVER
    signals.connect()
    yield
    signals.disconnect()


def test_post_save_schedules_an_index_update_after_commit(
    wired, employee, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks() as callbacks:
        item = post(employee, "<p>Nieuw</p>", competences=["Solar power"])
    assert callbacks, "an update must wait for the commit"
    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert "search: could not update posts" in caplog.text


def test_no_updates_are_scheduled_without_elasticsearch(
    employee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        post(employee, "<p>Nieuw</p>")
    assert not [c for c in callbacks if "index_object" in repr(c)]


def test_an_unreachable_server_never_breaks_a_write(settings, employee, caplog):
    settings.ELASTICSEARCH_URL = DEAD_SERVER
    item = post(employee, "<p>Nieuw</p>")
    index_object("posts", item.pk)
    assert "could not update" in caplog.text


def test_post_document_is_plain_text_with_its_audience(employee):
    item = post(
        employee,
        "<p>Zon <strong>op</strong> het dak</p>",
        kind="result",
        audience="staff",
        competences=["Solar power"],
    )
    source = post_source(item)
    assert source["body"] == "Zon op het dak"
    assert source["audience"] == "staff"
    assert source["competence_slugs"] == ["solar-power"]
    assert source["network_ids"] == []
    assert source["hidden"] is False


def test_reindex_refuses_without_elasticsearch_url(settings):
    settings.ELASTICSEARCH_URL = ""
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL is not set"):
        call_command("search_reindex")


def test_reindex_says_when_the_server_does_not_answer(settings):
    settings.ELASTICSEARCH_URL = DEAD_SERVER
    with pytest.raises(CommandError, match="does not answer"):
        call_command("search_reindex")
