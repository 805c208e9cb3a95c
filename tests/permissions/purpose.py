"""Matrix rows for /purpose/: history, proposals, inventory, dashboards, the Index."""

from . import Row, everyone, managers_only, members_only


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
