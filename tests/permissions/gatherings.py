"""Matrix rows for /gatherings/: the page, one gathering per audience, signing up and
cancelling, the organiser's pages, the .ics download and the iCal feeds."""

import datetime

from . import Row, everyone, members_only, staff_only

ORGANISERS = {"visitor": 302, "external": 403, "employee": 200, "manager": 200}


def build(world):
    from gatherings.tokens import cancel_token
    from tests.factories import (
        NetworkFactory,
        make_gathering,
        make_member,
        make_registration,
    )

    organiser = make_member("employee")
    public_network = NetworkFactory(
        name="Wijkzorg", slug="matrix-wijkzorg", audience="public"
    )
    staff_network = NetworkFactory(name="Staf", slug="matrix-staf", audience="staff")
    world["gathering_public"] = make_gathering(
        "Open netwerkborrel",
        audience="public",
        capacity=50,
        organiser=organiser,
        networks=[public_network],
        description="Kom kennismaken.",
        online_url="https://meet.example.org/borrel",
    )
    world["gathering_community"] = make_gathering(
        "Ledenavond", audience="community", organiser=organiser
    )
    world["gathering_staff"] = make_gathering(
        "Teamdag", audience="staff", organiser=organiser, networks=[staff_network]
    )
    world["gathering_past"] = make_gathering(
        "Bedoelingssessie voorjaar",
        audience="public",
        organiser=organiser,
        starts_in=-datetime.timedelta(days=30),
    )
    registration = make_registration(world["gathering_public"], make_member("external"))
    world["gathering_cancel_token"] = cancel_token(registration)


def _g(key, suffix=""):
    return lambda w: f"/gatherings/{w[key].pk}/{suffix}"


ROWS = [
    Row("gatherings page", "/gatherings/", everyone(200)),
    Row("organise a gathering", "/gatherings/new/", ORGANISERS),
    Row(
        "organise a gathering (empty)",
        "/gatherings/new/",
        {"visitor": 302, "external": 403, "employee": 400, "manager": 400},
        method="post",
        data={"title": ""},
    ),
    Row("public gathering", _g("gathering_public"), everyone(200)),
    Row("community gathering", _g("gathering_community"), members_only(visitor=404)),
    Row("staff gathering", _g("gathering_staff"), staff_only()),
    Row("past gathering", _g("gathering_past"), everyone(200)),
    Row("unknown gathering", "/gatherings/999999/", everyone(404)),
    Row(
        "gathering sign-up",
        _g("gathering_public", "signup/"),
        everyone(302),
        method="post",
    ),
    Row(
        "staff gathering sign-up",
        _g("gathering_staff", "signup/"),
        staff_only(ok=302),
        method="post",
    ),
    Row(
        "past gathering sign-up",
        _g("gathering_past", "signup/"),
        everyone(409),
        method="post",
    ),
    Row("gathering sign-up by GET", _g("gathering_public", "signup/"), everyone(405)),
    Row(
        "gathering withdraw without a sign-up",
        _g("gathering_public", "withdraw/"),
        members_only(ok=409),
        method="post",
    ),
    Row(
        "gathering cancel by others",
        _g("gathering_public", "cancel/"),
        {"visitor": 302, "external": 403, "employee": 403, "manager": 302},
        method="post",
    ),
    Row(
        "gathering results form",
        _g("gathering_past", "results/"),
        {"visitor": 302, "external": 403, "employee": 403, "manager": 200},
    ),
    Row(
        "gathering results (empty)",
        _g("gathering_past", "results/"),
        {"visitor": 302, "external": 403, "employee": 403, "manager": 400},
        method="post",
        data={"body": ""},
    ),
    Row(
        "public gathering .ics", _g("gathering_public", "gathering.ics"), everyone(200)
    ),
    Row("staff gathering .ics", _g("gathering_staff", "gathering.ics"), staff_only()),
    Row(
        "gathering cancel link",
        lambda w: f"/gatherings/cancel/{w['gathering_cancel_token']}/",
        everyone(200),
    ),
    Row("gathering forged cancel link", "/gatherings/cancel/abc:def/", everyone(404)),
    Row("gatherings calendar feed", "/gatherings/calendar.ics", everyone(200)),
    Row(
        "public network calendar feed",
        "/gatherings/networks/matrix-wijkzorg/calendar.ics",
        everyone(200),
    ),
    Row(
        "staff network calendar feed",
        "/gatherings/networks/matrix-staf/calendar.ics",
        staff_only(),
    ),
]
