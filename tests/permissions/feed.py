"""Matrix rows for the feed: pages, permalinks by audience, actions, admin queue."""

from . import Row, everyone, members_only, staff_only


def build(world):
    from tests.factories import make_member
    from tests.factories.feed import CommentFactory, PostFactory

    author = make_member("employee")
    world["feed_public"] = PostFactory(author=author, audience="public")
    world["feed_community"] = PostFactory(author=author, audience="community")
    world["feed_staff"] = PostFactory(author=author, audience="staff")
    world["feed_staff_image"] = PostFactory(
        author=author, audience="staff", image=_png()
    )
    world["feed_public_image"] = PostFactory(
        author=author, audience="public", image=_png()
    )
    world["feed_comment"] = CommentFactory(post=world["feed_public"], author=author)


def _png():
    from io import BytesIO

    from PIL import Image

    from intranet.media import reencode_image

    buffer = BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    buffer.seek(0)
    return reencode_image(buffer)


def _post(key, suffix=""):
    return lambda world: f"/feed/posts/{world[key].pk}/{suffix}"


def _image(key):
    return lambda world: world[key].image_url


ROWS = [
    Row("feed", "/feed/", everyone(200)),
    Row("public post image", _image("feed_public_image"), everyone(200)),
    Row("staff post image", _image("feed_staff_image"), staff_only(200, 404)),
    Row(
        "staff post image under another name",
        lambda w: w["feed_staff_image"].image_url + "x",
        everyone(404),
    ),
    Row("feed filtered", "/feed/?filter=results&competence=x", everyone(200)),
    Row("feed following", "/feed/?filter=following", everyone(200)),
    Row("feed id filter that is not ASCII digits", "/feed/?network=²", everyone(400)),
    Row("results atom", "/feed/results.atom", everyone(200)),
    Row("public post", _post("feed_public"), everyone(200)),
    Row(
        "community post",
        _post("feed_community"),
        {"visitor": 404, "external": 200, "employee": 200, "manager": 200},
    ),
    Row(
        "staff post",
        _post("feed_staff"),
        {"visitor": 404, "external": 404, "employee": 200, "manager": 200},
    ),
    Row(
        "edit someone else's post",
        _post("feed_community", "edit/"),
        {"visitor": 302, "external": 403, "employee": 403, "manager": 403},
    ),
    Row(
        "delete someone else's post",
        _post("feed_community", "delete/"),
        {"visitor": 302, "external": 403, "employee": 403, "manager": 302},
        method="post",
    ),
    Row(
        "compose (empty)",
        "/feed/posts/new/",
        {"visitor": 302, "external": 400, "employee": 400, "manager": 400},
        method="post",
        data={"kind": "update", "body": "", "audience": "community"},
    ),
    Row(
        "comment on a staff post",
        _post("feed_staff", "comments/"),
        {"visitor": 302, "external": 404, "employee": 302, "manager": 302},
        method="post",
        data={"body": "Hello"},
    ),
    Row(
        "react to a community post",
        _post("feed_community", "react/"),
        # A visitor may not see it (404, as its page); members react.
        {"visitor": 404, "external": 302, "employee": 302, "manager": 302},
        method="post",
        data={"kind": "like"},
    ),
    Row(
        "react to a public post",
        _post("feed_public", "react/"),
        # A visitor is sent to sign up with the reaction kept (contribute first).
        everyone(302),
        method="post",
        data={"kind": "like"},
    ),
    Row(
        "report a post",
        _post("feed_public", "report/"),
        {"visitor": 302, "external": 302, "employee": 302, "manager": 302},
        method="post",
        data={"reason": "Spam"},
    ),
    Row(
        "curate a post",
        _post("feed_public", "curate/"),
        {"visitor": 302, "external": 403, "employee": 403, "manager": 302},
        method="post",
        data={"action": "feature"},
    ),
    Row(
        "hide a comment in place",
        lambda world: f"/feed/comments/{world['feed_comment'].pk}/curate/",
        {"visitor": 302, "external": 403, "employee": 403, "manager": 302},
        method="post",
        data={"action": "hide", "reason": "Off-topic"},
    ),
    Row("notifications", "/feed/notifications/", members_only()),
    Row(
        "mark notifications read",
        "/feed/notifications/read/",
        members_only(ok=302),
        method="post",
    ),
    Row("mention suggestions", "/feed/mentions/?q=me", members_only()),
    Row(
        "admin reports queue",
        "/admin/snippets/feed/report/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
    Row(
        "admin posts",
        "/admin/snippets/feed/post/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
]
