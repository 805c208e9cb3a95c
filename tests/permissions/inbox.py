"""Matrix rows for the managers' inbox (site and admin) and its decide endpoint.

Network hosts are not a matrix persona; tests/inbox/test_inbox.py covers them.
"""

from . import Row


def build(world):
    pass


ROWS = [
    Row(
        "inbox on the site",
        "/inbox/",
        {"visitor": 302, "external": 403, "employee": 403, "manager": 200},
    ),
    Row(
        "inbox filtered by kind",
        "/inbox/?kind=post_report",
        {"visitor": 302, "external": 403, "employee": 403, "manager": 200},
    ),
    Row(
        "inbox in the admin",
        "/admin/inbox/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
    Row(
        "decide an unknown inbox item",
        "/inbox/decide/",
        {"visitor": 302, "external": 403, "employee": 403, "manager": 409},
        method="post",
        data={"item": "post_report:999999", "action": "hide"},
    ),
    Row(
        "decide in the admin inbox",
        "/admin/inbox/decide/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 400},
        method="post",
        data={"item": "nope", "action": "hide"},
    ),
]
