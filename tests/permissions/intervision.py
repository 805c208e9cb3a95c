"""Matrix rows for /circles/: a circle of the external member, the employee and a
third member; the community manager is an outsider and gets 404 like anyone else."""

from . import Row

MEMBERS_200 = {"visitor": 302, "external": 200, "employee": 200, "manager": 404}


def build(world):
    from intervision import services
    from intervision.phases import Phase
    from tests.factories import make_circle, make_member, make_session, move_session_to

    third = make_member("employee")
    circle = make_circle(
        [world["employee"], world["external"], third], name="Kring Noord"
    )
    world["circle"] = circle
    # The employee leads, the external member brings the case.
    session = make_session(
        circle, facilitator=world["employee"], case_holder=world["external"]
    )
    world["session"] = session
    world["running"] = move_session_to(
        make_session(
            circle, facilitator=world["employee"], case_holder=world["external"]
        ),
        Phase.QUESTIONS,
    )
    world["closed"] = move_session_to(
        make_session(
            circle, facilitator=world["employee"], case_holder=world["external"]
        ),
        Phase.CLOSED,
    )
    world["own_entry"] = services.learning_entry_add(
        owner=world["employee"], text="Doorvragen helpt", session=session
    )
    # The manager's own circle, so the list page has something for them too.
    make_circle([world["manager"], make_member("employee"), make_member("employee")])


def _s(key, suffix=""):
    return lambda w: f"/circles/sessions/{w[key].pk}/{suffix}"


ROWS = [
    Row(
        "circles",
        "/circles/",
        {"visitor": 302, "external": 200, "employee": 200, "manager": 200},
    ),
    Row(
        "circle form",
        "/circles/new/",
        {"visitor": 302, "external": 200, "employee": 200, "manager": 200},
    ),
    Row(
        "circle form (errors)",
        "/circles/new/",
        {"visitor": 302, "external": 400, "employee": 400, "manager": 400},
        method="post",
        data={"name": "", "members": "nobody-by-this-name"},
    ),
    Row("circle", lambda w: f"/circles/{w['circle'].pk}/", MEMBERS_200),
    Row(
        "unknown circle",
        "/circles/999999/",
        {**MEMBERS_200, "external": 404, "employee": 404},
    ),
    Row("circle leave", lambda w: f"/circles/{w['circle'].pk}/leave/", MEMBERS_200),
    Row(
        "session form",
        lambda w: f"/circles/{w['circle'].pk}/sessions/new/",
        MEMBERS_200,
    ),
    Row(
        "session form (errors)",
        lambda w: f"/circles/{w['circle'].pk}/sessions/new/",
        {"visitor": 302, "external": 400, "employee": 400, "manager": 404},
        method="post",
        data={"title": "", "scheduled_at": "gisteren"},
    ),
    Row("session (scheduled)", _s("session"), MEMBERS_200),
    Row("session (running)", _s("running"), MEMBERS_200),
    Row("session (closed)", _s("closed"), MEMBERS_200),
    Row(
        "unknown session",
        "/circles/sessions/999999/",
        {**MEMBERS_200, "external": 404, "employee": 404},
    ),
    Row(
        "session move",
        _s("session", "move/"),
        # The case holder is a member but not the facilitator: 403 with the reason.
        {"visitor": 302, "external": 403, "employee": 302, "manager": 404},
        method="post",
        data={"from_phase": "scheduled", "to_phase": "case"},
    ),
    Row(
        "session move by GET",
        _s("session", "move/"),
        {"visitor": 302, "external": 405, "employee": 405, "manager": 404},
    ),
    Row(
        "session contribute by GET",
        _s("running", "contribute/"),
        {"visitor": 302, "external": 405, "employee": 405, "manager": 404},
    ),
    Row(
        "session contribute",
        _s("running", "contribute/"),
        {"visitor": 302, "external": 302, "employee": 302, "manager": 404},
        method="post",
        data={"phase": "questions", "body": "Wat was je eerste gedachte?"},
    ),
    Row(
        "session contribute (errors)",
        _s("running", "contribute/"),
        {"visitor": 302, "external": 400, "employee": 400, "manager": 404},
        method="post",
        data={"phase": "questions", "body": ""},
    ),
    Row(
        "session publish",
        _s("closed", "publish/"),
        {"visitor": 302, "external": 200, "employee": 404, "manager": 404},
    ),
    Row(
        "session publish (errors)",
        _s("closed", "publish/"),
        {"visitor": 302, "external": 400, "employee": 404, "manager": 404},
        method="post",
        data={"text": "", "audience": "community"},
    ),
    Row(
        "learning log",
        "/circles/learning/",
        {"visitor": 302, "external": 200, "employee": 200, "manager": 200},
    ),
    Row(
        "learning log (errors)",
        "/circles/learning/",
        {"visitor": 302, "external": 400, "employee": 400, "manager": 400},
        method="post",
        data={"text": ""},
    ),
    Row(
        "learning entry delete",
        lambda w: f"/circles/learning/{w['own_entry'].pk}/delete/",
        {"visitor": 302, "external": 404, "employee": 302, "manager": 404},
        method="post",
    ),
]
