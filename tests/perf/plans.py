"""Query plans on PostgreSQL: which statements read a big table from end to end."""

import json

from django.db import connection

from .org import BIG_TABLES


def _nodes(plan):
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


#: A table this small may be read whole: the planner rightly prefers it.
SMALL = 1_000


def _large_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND reltuples >= %s",
            [list(BIG_TABLES), SMALL],
        )
        return {name for (name,) in cursor.fetchall()}


def full_scans(sql: str) -> list[str]:
    """The big tables this statement must read whole: a "Seq Scan" even with
    sequential scans switched off (no index serves it).

    Only tables that hold more than ``SMALL`` rows (after ANALYZE) count.
    """
    large = _large_tables()
    with connection.cursor() as cursor:
        # With sequential scans priced out, PostgreSQL still reads a table whole
        # only where no index can serve the statement: the growth we look for.
        # (At 10,000 rows a hash join over a whole table is often the cheaper
        # plan, and rightly chosen; that is not what this test is about.)
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
            (row,) = cursor.fetchone()
        finally:
            cursor.execute("SET enable_seqscan = on")
    plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
    return sorted(
        {
            node["Relation Name"]
            for node in _nodes(plan)
            if node["Node Type"] == "Seq Scan" and node.get("Relation Name") in large
        }
    )


def explain_text(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            cursor.execute("EXPLAIN " + sql)
            return "\n".join(r[0] for r in cursor.fetchall())
        finally:
            cursor.execute("SET enable_seqscan = on")


def offending_statements(captured) -> list[tuple[list[str], str]]:
    """(tables, sql) for every captured SELECT whose plan reads a big table whole."""
    found = []
    for query in captured:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        tables = full_scans(sql)
        if tables:
            found.append((tables, sql))
    return found


def _reads_big_table(plan, large) -> set[str]:
    """Big tables read below ``plan``, not counting reads cut short by a Limit."""
    found = set()
    if plan.get("Relation Name") in large:
        found.add(plan["Relation Name"])
    for child in plan.get("Plans", ()):
        if child["Node Type"] != "Limit":
            found |= _reads_big_table(child, large)
    return found


def whole_list_work(sql: str) -> list[tuple[str, list[str]]]:
    """(node, tables) for every Sort or Aggregate that takes all the rows of a big
    table's list to answer (a sort before a LIMIT, a count): work that follows the
    number of rows, not the page. A list read in page order from an index has none;
    anything under a Limit (a capped count) is bounded and not reported."""
    large = _large_tables()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        (row,) = cursor.fetchone()
    plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
    found = []

    def walk(node):
        if node["Node Type"] == "Limit" and node is not plan:
            return
        if node["Node Type"] in ("Sort", "Aggregate"):
            tables = _reads_big_table(node, large)
            if tables:
                found.append((node["Node Type"], sorted(tables)))
        for child in node.get("Plans", ()):
            walk(child)

    walk(plan)
    return found
