"""Matrix rows for personal access tokens (/accounts/tokens/) and the API's write
endpoints (JSON, with the session; tokens have their own tests in tests/api/)."""

from . import Row, members_only

JSON = "application/json"


def build(world):
    from accounts.tokens import token_create

    world["someone_elses_token"], _secret = token_create(
        user=world["employee"], name="Reporting", scope="read"
    )


def _staff_post(suffix):
    return lambda w: f"/api/v1/posts/{w['feed_staff'].pk}/{suffix}"


def _community_post(suffix):
    return lambda w: f"/api/v1/posts/{w['feed_community'].pk}/{suffix}"


def _vote(w):
    item = w["rm_public_item"]
    return f"/api/v1/roadmaps/{w['rm_public'].slug}/items/{item.slug}/vote/"


ROWS = [
    Row("access tokens", "/accounts/tokens/", members_only(200)),
    Row(
        "create an access token",
        "/accounts/tokens/",
        members_only(200),
        method="post",
        data={"name": "My script", "scope": "read"},
    ),
    Row(
        "create an access token without a name",
        "/accounts/tokens/",
        {"visitor": 302, "external": 400, "employee": 400, "manager": 400},
        method="post",
        data={"name": "", "scope": "read"},
    ),
    Row(
        "revoke someone else's token (a no-op)",
        lambda w: f"/accounts/tokens/{w['someone_elses_token'].pk}/revoke/",
        members_only(302),
        method="post",
        data={"x": "1"},
    ),
    Row(
        "api post an idea",
        "/api/v1/posts/",
        {"visitor": 401, "external": 201, "employee": 201, "manager": 201},
        method="post",
        data={"kind": "idea", "body": "From a script", "audience": "community"},
        content_type=JSON,
    ),
    Row(
        "api post an update (employees only)",
        "/api/v1/posts/",
        {"visitor": 401, "external": 400, "employee": 201, "manager": 201},
        method="post",
        data={"kind": "update", "body": "From a script", "audience": "community"},
        content_type=JSON,
    ),
    Row(
        "api create staff post",
        "/api/v1/posts/",
        {"visitor": 401, "external": 400, "employee": 201, "manager": 201},
        method="post",
        data={"kind": "idea", "body": "Staff only", "audience": "staff"},
        content_type=JSON,
    ),
    Row(
        "api react to a staff post",
        _staff_post("reactions/"),
        {"visitor": 401, "external": 404, "employee": 200, "manager": 200},
        method="post",
        data={"kind": "like"},
        content_type=JSON,
    ),
    Row(
        "api comment on a community post",
        _community_post("comments/"),
        {"visitor": 401, "external": 201, "employee": 201, "manager": 201},
        method="post",
        data={"body": "Well done"},
        content_type=JSON,
    ),
    Row(
        "api comment on a staff post",
        _staff_post("comments/"),
        {"visitor": 401, "external": 404, "employee": 201, "manager": 201},
        method="post",
        data={"body": "Well done"},
        content_type=JSON,
    ),
    Row(
        "api vote on a public item",
        _vote,
        {"visitor": 401, "external": 200, "employee": 200, "manager": 200},
        method="post",
    ),
]
