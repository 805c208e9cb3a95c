"""bench/run.py's DatabaseBackends lists the site's PostgreSQL backends (whose CPU
is the rows' *db CPU*), never its own."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_lists_the_sites_connections_and_not_its_own(bench_run):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL backends only")
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        site = cursor.fetchone()[0]
    backends = bench_run.DatabaseBackends(url)
    try:
        first = backends()
        assert site in first
        assert backends.conn.info.backend_pid not in first
        conn = backends.conn
        backends()
        assert backends.conn is conn  # one connection for the configuration
    finally:
        backends.close()
    assert backends.conn.closed
