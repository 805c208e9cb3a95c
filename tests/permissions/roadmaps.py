"""Matrix rows for roadmaps: every roadmap URL at each audience level and persona.

Staff roadmaps, their items, sub-views and Atom feed answer 404 to visitors and
external members (not 403, which would confirm they exist); community
roadmaps send visitors to sign in (302), which is the invitation to join.
"""

from . import Row, everyone, members_only, staff_only


def build(world):
    from roadmaps.models import IdeaProposal
    from roadmaps.services import volunteer_create
    from tests.factories import make_item, make_member, make_roadmap, make_role

    owner = make_member("employee")
    volunteer = make_member("external")
    for audience in ("public", "community", "staff"):
        roadmap = make_roadmap(f"RM {audience}", audience=audience, owner=owner)
        # The public item's period has passed: pages show the "late" mark to the crawls.
        period = "2020-Q1" if audience == "public" else ""
        item = make_item(roadmap, f"Item {audience}", owner_user=owner, period=period)
        role = make_role(item, "Tester", needed=10)
        world[f"rm_{audience}"] = roadmap
        world[f"rm_{audience}_item"] = item
        world[f"rm_{audience}_role"] = role
        world[f"rm_{audience}_volunteer"] = volunteer_create(user=volunteer, role=role)
        world[f"rm_{audience}_idea"] = IdeaProposal.objects.create(
            roadmap=roadmap,
            author=owner,
            title=f"Idee {audience}",
            state=IdeaProposal.State.OPEN,
        )


def _at(audience, suffix="", key=""):
    def url(world):
        page = world[f"rm_{audience}{key}"]
        return page.url + suffix

    return url


def _role_url(audience):
    def url(world):
        item, role = world[f"rm_{audience}_item"], world[f"rm_{audience}_role"]
        return f"{item.url}roles/{role.pk}/volunteer/"

    return url


def _decide_url(audience):
    def url(world):
        item = world[f"rm_{audience}_item"]
        return f"{item.url}volunteers/{world[f'rm_{audience}_volunteer'].pk}/decide/"

    return url


def _idea_url(audience, suffix=""):
    def url(world):
        idea = world[f"rm_{audience}_idea"]
        return f"{world[f'rm_{audience}'].url}ideas/{idea.pk}/{suffix}"

    return url


# What each audience level answers to a readable URL.
READ = {
    "public": everyone(200),
    "community": members_only(200),
    "staff": staff_only(200),
}
# A POST that works redirects (302) for members; visitors are sent to sign in (302).
WRITE = {
    "public": everyone(302),
    "community": everyone(302),
    "staff": staff_only(302),
}
NOT_ALLOWED = {  # GET on a POST-only URL
    "public": everyone(405),
    "community": members_only(405),
    "staff": staff_only(405),
}
DECIDE = {  # only the item's owner or a community manager decides
    "public": {"visitor": 302, "external": 403, "employee": 403, "manager": 302},
    "community": {"visitor": 302, "external": 403, "employee": 403, "manager": 302},
    "staff": {"visitor": 404, "external": 404, "employee": 403, "manager": 302},
}

ROWS = [
    Row("roadmap index", "/roadmaps/", everyone(200)),
    Row(
        "unknown roadmap",
        "/roadmaps/no-such-roadmap/",
        everyone(404),
    ),
    Row(
        "unknown roadmap atom feed",
        "/roadmaps/no-such-roadmap/feed.atom",
        everyone(404),
    ),
    Row("roadmaps api", "/api/v1/roadmaps/", everyone(200)),
    Row("unknown roadmap api", "/api/v1/roadmaps/no-such-roadmap/", everyone(404)),
    Row("unknown item slug", _at("public", "no-such-item/"), everyone(404)),
    Row("unknown status filter", _at("public", "?status=finished"), everyone(400)),
    Row(
        "volunteers admin",
        "/admin/roadmaps/volunteers/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
    Row(
        "idea moderation admin",
        "/admin/roadmaps/moderation/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
]

API_READ = {  # the API does not redirect to a sign-in page: hidden is 404
    "public": everyone(200),
    "community": members_only(200, visitor=404),
    "staff": staff_only(200),
}

for level in ("public", "community", "staff"):
    ROWS += [
        Row(
            f"{level} roadmap api",
            lambda w, level=level: f"/api/v1/roadmaps/{w[f'rm_{level}'].slug}/",
            API_READ[level],
        ),
        Row(f"{level} roadmap", _at(level), READ[level]),
        Row(f"{level} roadmap board", _at(level, "board/"), READ[level]),
        Row(f"{level} roadmap timeline", _at(level, "timeline/"), READ[level]),
        Row(f"{level} roadmap changes", _at(level, "changes/"), READ[level]),
        Row(f"{level} roadmap atom feed", _at(level, "feed.atom"), READ[level]),
        Row(f"{level} roadmap ideas", _at(level, "ideas/"), READ[level]),
        Row(f"{level} idea", _idea_url(level), READ[level]),
        Row(
            f"{level} similar ideas",
            _at(level, f"ideas/similar/?title=Idee+{level}"),
            READ[level],
        ),
        Row(f"{level} item", _at(level, key="_item"), READ[level]),
        Row(
            f"{level} propose idea",
            _at(level, "ideas/"),
            WRITE[level],
            method="post",
            data={"title": "Nieuw idee"},
        ),
        Row(
            f"{level} idea vote",
            _idea_url(level, "vote/"),
            WRITE[level],
            method="post",
            data={"action": "vote"},
        ),
        Row(
            f"{level} idea comment",
            _idea_url(level, "comment/"),
            WRITE[level],
            method="post",
            data={"body": "Goed idee"},
        ),
        Row(
            f"{level} item vote",
            _at(level, "vote/", key="_item"),
            WRITE[level],
            method="post",
            data={"action": "vote"},
        ),
        Row(
            f"{level} item vote by GET",
            _at(level, "vote/", key="_item"),
            NOT_ALLOWED[level],
        ),
        Row(
            f"{level} item follow",
            _at(level, "follow/", key="_item"),
            WRITE[level],
            method="post",
            data={"action": "follow"},
        ),
        Row(
            f"{level} item comment",
            _at(level, "comment/", key="_item"),
            WRITE[level],
            method="post",
            data={"body": "Mooi"},
        ),
        Row(
            f"{level} volunteer",
            _role_url(level),
            WRITE[level],
            method="post",
            data={"message": "Ik help"},
        ),
        Row(
            f"{level} decide volunteer",
            _decide_url(level),
            DECIDE[level],
            method="post",
            data={"decision": "accept"},
        ),
    ]
