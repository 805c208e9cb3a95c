"""Degraded mode: a database that is down or read-only gets a 503 page, not the 500.

Django calls ``server_error`` (``handler500``) for every uncaught exception,
from a view or from a middleware, with the exception still being handled.
When that exception says the database is unreachable (``OperationalError``,
``InterfaceError``: refused, restarting, the pool's short timeout) or
read-only (SQLSTATE 25006), the answer is 503 with ``Retry-After`` and a page
that says what happened; for a form that was sent, the page holds the text
in a form of its own to send again, and the browser's back button keeps it
too. Anything else is a real bug: the plain 500 page.

The pool heals by itself: each connection it hands out is checked first
(``replace_broken_pooled_connection``), and when one is dead — PostgreSQL
restarted — every other dead one goes with it and the request gets a fresh
connection, not an error; a session still read-only from a read-only window
that has ended is replaced the same way. (Django's ``CONN_HEALTH_CHECKS`` gives the pool
``ConnectionPool.check_connection`` too, but psycopg_pool then waits 1 s, 2 s,
4 s… between dead connections, longer than the request may wait.)

A connection that failed a write as read-only is also thrown away (closed
before it goes back to the pool).
"""

from __future__ import annotations

import contextlib
import sys

import psycopg
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction
RETRY_AFTER_SECONDS = 10
# Form fields never copied into the 503 page.
_SKIPPED_FIELDS = ("csrfmiddlewaretoken",)
_SECRET_HINTS = ("password", "secret", "token")


def is_read_only(exc: BaseException | None) -> bool:
    while exc is not None:
        if getattr(exc, "sqlstate", None) == READ_ONLY_SQLSTATE:
            return True
        exc = exc.__cause__
    return False


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether ``exc`` means the database cannot serve right now (not a bug)."""
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    return isinstance(exc, DatabaseError) and is_read_only(exc)


def discard_connection() -> None:
    """Close this thread's database connection so the pool replaces it."""
    raw = connection.connection
    if raw is not None:
        with contextlib.suppress(Exception):
            raw.close()
    with contextlib.suppress(DatabaseError):
        connection.close()


# One round trip per checkout: is this session read-only although the database
# no longer is (it was opened during an ALTER DATABASE … read-only window)?
_STALE_READ_ONLY_SQL = """
SELECT current_setting('default_transaction_read_only') = 'on'
   AND NOT EXISTS (
       SELECT 1 FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
       WHERE d.datname = current_database() AND s.setrole = 0
         AND 'default_transaction_read_only=on' = ANY (s.setconfig))
"""


def replace_broken_pooled_connection(sender, connection, **kwargs) -> None:
    """``connection_created``: check a connection the pool handed out. When it
    is dead, sweep out every dead one and take a fresh connection; when it is
    a read-only session left from a read-only window that is over, take
    another (at most the pool's size of times)."""
    pool = getattr(connection, "pool", None)
    if pool is None or connection.connection is None:
        return
    for _attempt in range(pool.max_size + 1):
        raw = connection.connection
        try:
            stale = raw.execute(_STALE_READ_ONLY_SQL).fetchone()[0]
        except psycopg.Error:
            pool.putconn(raw)  # closed: the pool drops it and opens another
            pool.check()  # the rest died in the same restart: replace them now
            connection.connection = pool.getconn()
            continue
        if not stale:
            return
        raw.close()
        pool.putconn(raw)
        connection.connection = pool.getconn()


def kept_fields(request) -> list[tuple[str, str, bool]]:
    """(name, value, long) of what the visitor typed, for the 503 page's form."""
    if request.method != "POST":
        return []
    fields = []
    for name, values in request.POST.lists():
        if name in _SKIPPED_FIELDS or any(h in name.lower() for h in _SECRET_HINTS):
            continue
        for value in values:
            # Text someone typed is shown; choices (kind, audience…) ride along hidden.
            typed = len(value) > 40 or any(c.isspace() for c in value.strip())
            fields.append((name, value, typed))
    return fields


@requires_csrf_token
def server_error(request):
    """handler500: 503 for a database outage, the static 500 page otherwise."""
    exc = sys.exc_info()[1]
    if not database_unavailable(exc):
        return HttpResponseServerError(loader.render_to_string("500.html"))
    if is_read_only(exc):
        discard_connection()
    fields = kept_fields(request)
    context = {
        "fields": fields,
        "has_text": any(value.strip() for _name, value, _long in fields),
        "action": request.get_full_path(),
        "csrf_token": get_token(request) if fields else "",
    }
    # No request context: the page must not need the database or the cache.
    response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
