"""Matrix rows for private feed URLs, the private feed token's buttons and one-click
unsubscribe.

A private feed URL answers as its token's member whoever asks (a feed reader has
no session); a revoked one is 404 for everyone. Unsubscribe links are signed, not
signed in: they work for anyone who holds the mail.
"""

from . import Row, everyone, members_only


def build(world):
    from accounts.feed_tokens import feed_token_create, feed_token_revoke
    from intranet.unsubscribe import unsubscribe_url

    employee = world["employee"]
    _token, world["feed_secret_revoked"] = feed_token_create(user=employee)
    feed_token_revoke(user=employee)
    _token, world["feed_secret"] = feed_token_create(user=employee)
    world["digest_unsubscribe"] = unsubscribe_url(user=employee, list_name="digest")


def _feed(path, key="feed_secret"):
    return lambda world: f"{path(world)}?token={world[key]}"


def _results(world):
    return "/feed/results.atom"


def _staff_roadmap(world):
    return world["rm_staff"].url + "feed.atom"


def _unsubscribe(world):
    return world["digest_unsubscribe"].removeprefix("http://testserver")


ROWS = [
    Row("private results feed", _feed(_results), everyone(200)),
    Row(
        "revoked private results feed",
        _feed(_results, "feed_secret_revoked"),
        everyone(404),
    ),
    Row("private staff roadmap feed", _feed(_staff_roadmap), everyone(200)),
    Row(
        "make a private feed URL",
        "/accounts/tokens/feed/",
        members_only(200),
        method="post",
    ),
    Row(
        "revoke the private feed URL",
        "/accounts/tokens/feed/revoke/",
        everyone(302),
        method="post",
    ),
    Row("unsubscribe confirm page", _unsubscribe, everyone(200)),
    Row("unsubscribe one click", _unsubscribe, everyone(200), method="post"),
    Row("forged unsubscribe link", "/unsubscribe/forged:link/", everyone(404)),
]
