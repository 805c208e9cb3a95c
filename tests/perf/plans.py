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
