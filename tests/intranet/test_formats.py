"""Dates follow the reader's language (issue 19): "3 dec 2026" in Dutch."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from tests.conftest import client_for
from tests.factories import PostFactory, make_member

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime.datetime(2026, 12, 3, 14, 5))


@pytest.mark.parametrize(
    "language,expected",
    [
        ("nl", ["3 dec 2026", "3 december 2026", "3 dec 2026, 14:05", "december 2026"]),
        ("en", ["3 Dec 2026", "3 December 2026", "3 Dec 2026, 14:05", "December 2026"]),
    ],
)
def test_named_formats_per_language(language, expected):
    template = Template(
        '{{ d|date:"SHORT_DATE_FORMAT" }}|{{ d|date:"DATE_FORMAT" }}|'
        '{{ d|date:"SHORT_DATETIME_FORMAT" }}|{{ d|date:"YEAR_MONTH_FORMAT" }}'
    )
    with translation.override(language):
        assert template.render(Context({"d": WHEN})).split("|") == expected


def test_feed_dates_in_the_readers_language():
    author = make_member("employee")
    post = PostFactory(author=author, audience="community")
    type(post).objects.filter(pk=post.pk).update(created_at=WHEN)  # auto_now_add
    client = client_for(make_member("employee"))
    dutch = client.get("/feed/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    english = client.get("/feed/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "3 dec 2026, 14:05" in dutch and "3 Dec" not in dutch
    assert "3 Dec 2026, 14:05" in english
