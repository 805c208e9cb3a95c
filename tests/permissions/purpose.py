"""Matrix rows for /purpose/: history, proposals, inventory, dashboards, the Index."""

from . import Row, everyone, managers_only, members_only, staff_only


def build(world):
    from purpose.history import published_versions
    from tests.factories import (
        ProposalFactory,
        make_purpose_page,
        make_round_with_statements,
    )

    page = make_purpose_page()
    world["purpose_page"] = page
    world["purpose_revision"] = published_versions(page)[-1].revision_id
    world["promise"] = page.promises.first()
    world["proposal"] = ProposalFactory()
    world["index_round"] = make_round_with_statements(per_dimension=1)
    build_bottom_up(world)


def _round(suffix=""):
    return lambda w: f"/purpose/index/{w['index_round'].pk}/{suffix}"


ROWS = [
    Row("purpose page", "/purpose/", everyone(200)),
    Row("purpose history", "/purpose/history/", everyone(200)),
    Row(
        "purpose version",
        lambda w: f"/purpose/history/{w['purpose_revision']}/",
        everyone(200),
    ),
    Row("purpose unknown version", "/purpose/history/999999/", everyone(404)),
    Row("proposals", "/purpose/proposals/", members_only()),
    Row("proposal form", "/purpose/proposals/new/", members_only()),
    Row(
        "proposal submit (empty)",
        "/purpose/proposals/new/",
        members_only(ok=400),
        method="post",
        data={"target": "statement", "text": "", "reasoning": ""},
    ),
    Row(
        "proposal detail",
        lambda w: f"/purpose/proposals/{w['proposal'].pk}/",
        members_only(),
    ),
    Row(
        "proposal support",
        lambda w: f"/purpose/proposals/{w['proposal'].pk}/support/",
        members_only(ok=302),
        method="post",
    ),
    Row(
        "proposal support by GET",
        lambda w: f"/purpose/proposals/{w['proposal'].pk}/support/",
        everyone(405),
    ),
    Row("ideas inventory", "/purpose/inventory/", members_only()),
    Row(
        "promise dashboard",
        lambda w: f"/purpose/promises/{w['promise'].slug}/",
        everyone(200),
    ),
    Row("unknown promise", "/purpose/promises/no-such-promise/", everyone(404)),
    Row("purpose index", "/purpose/index/", members_only()),
    Row("purpose index answer", _round(), members_only()),
    Row("purpose index own result", _round("result/"), members_only()),
    Row("purpose index aggregate", _round("aggregate/"), managers_only()),
    Row("purpose index export", _round("aggregate.csv"), managers_only()),
    Row(
        "admin proposals",
        "/admin/snippets/purpose/proposal/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
    Row(
        "admin decide proposal",
        lambda w: f"/admin/purpose/proposals/{w['proposal'].pk}/adopt/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
    Row(
        "admin index rounds",
        "/admin/snippets/purpose/purposeindexround/",
        {"visitor": 302, "external": 302, "employee": 302, "manager": 200},
    ),
]


# --- Bottom-up: teams, reflections, signals (issue 20) ---------------------------------
# The team: the employee leads it, the external member is in it, the manager is not
# (a team's reflections are the team's: 404 for the manager too).


def build_bottom_up(world):
    from purpose import reflections, speakup
    from tests.factories import make_team

    promises = list(world["purpose_page"].promises.all())
    team = make_team(
        "Wijkteam Matrix", leads=[world["employee"]], members=[world["external"]]
    )
    world["team"] = team
    world["reflection_round"] = reflections.reflection_round_open(
        team=team, promise=promises[0], by=world["employee"]
    )
    world["closing_round"] = reflections.reflection_round_open(
        team=team, promise=promises[1], by=world["employee"]
    )
    world["public_signal"] = speakup.signal_raise(
        author=world["external"],
        promise=promises[0],
        title="Drie handtekeningen",
        body="Te veel papier",
        audience="public",
        hide_name=True,
    )
    world["staff_signal"] = speakup.signal_raise(
        author=world["employee"],
        promise=promises[0],
        title="Rooster",
        body="Intern",
        audience="staff",
    )


TEAM_ONLY = {"visitor": 302, "external": 200, "employee": 200, "manager": 404}

BOTTOM_UP_ROWS = [
    Row("team page", lambda w: f"/purpose/teams/{w['team'].slug}/", TEAM_ONLY),
    Row("not a team", "/purpose/teams/no-such-team/", members_only(404)),
    Row(
        "team open reflection (no promise)",
        lambda w: f"/purpose/teams/{w['team'].slug}/open/",
        {"visitor": 302, "external": 404, "employee": 400, "manager": 404},
        method="post",
        data={"promise": ""},
    ),
    Row(
        "reflection round",
        lambda w: f"/purpose/reflections/{w['reflection_round'].pk}/",
        TEAM_ONLY,
    ),
    Row(
        "reflection submit (score out of range)",
        lambda w: f"/purpose/reflections/{w['reflection_round'].pk}/",
        {"visitor": 302, "external": 400, "employee": 400, "manager": 404},
        method="post",
        data={"score": "9"},
    ),
    Row(
        "reflection close",
        lambda w: f"/purpose/reflections/{w['closing_round'].pk}/close/",
        {"visitor": 302, "external": 404, "employee": 302, "manager": 404},
        method="post",
    ),
    Row("signal board", "/purpose/signals/", everyone(200)),
    Row(
        "signal board filtered",
        "/purpose/signals/?status=open&promise=1",
        everyone(200),
    ),
    Row("signal form", "/purpose/signals/new/", members_only()),
    Row(
        "signal submit (empty)",
        "/purpose/signals/new/",
        members_only(ok=400),
        method="post",
        data={"title": "", "body": ""},
    ),
    Row(
        "public signal",
        lambda w: f"/purpose/signals/{w['public_signal'].pk}/",
        everyone(200),
    ),
    Row(
        "staff signal",
        lambda w: f"/purpose/signals/{w['staff_signal'].pk}/",
        staff_only(),
    ),
    Row(
        "signal follow",
        lambda w: f"/purpose/signals/{w['public_signal'].pk}/follow/",
        members_only(ok=302),
        method="post",
    ),
    Row(
        "signal move (no reason)",
        lambda w: f"/purpose/signals/{w['public_signal'].pk}/move/",
        {"visitor": 302, "external": 403, "employee": 403, "manager": 400},
        method="post",
        data={"status": "changed", "reason": ""},
    ),
    Row(
        "signal story form",
        lambda w: f"/purpose/signals/{w['public_signal'].pk}/story/",
        members_only(),
    ),
    Row(
        "staff signal story form",
        lambda w: f"/purpose/signals/{w['staff_signal'].pk}/story/",
        staff_only(visitor=302),
    ),
    Row(
        "signal story submit (empty)",
        lambda w: f"/purpose/signals/{w['public_signal'].pk}/story/",
        members_only(ok=400),
        method="post",
        data={"body": "", "audience": "community"},
    ),
    Row(
        "reflection story form",
        lambda w: f"/purpose/reflections/{w['reflection_round'].pk}/story/",
        TEAM_ONLY,
    ),
    Row(
        "reflection story submit (public)",
        lambda w: f"/purpose/reflections/{w['reflection_round'].pk}/story/",
        {"visitor": 302, "external": 400, "employee": 400, "manager": 404},
        method="post",
        data={"body": "Een verhaal", "audience": "public"},
    ),
    Row("api signals", "/api/v1/purpose/signals/", everyone(200)),
    Row(
        "api public signal",
        lambda w: f"/api/v1/purpose/signals/{w['public_signal'].pk}/",
        everyone(200),
    ),
    Row(
        "api staff signal",
        lambda w: f"/api/v1/purpose/signals/{w['staff_signal'].pk}/",
        staff_only(),
    ),
    Row(
        "api team reflections",
        lambda w: f"/api/v1/purpose/teams/{w['team'].slug}/reflections/",
        {"visitor": 404, "external": 200, "employee": 200, "manager": 404},
    ),
]


ROWS += BOTTOM_UP_ROWS
