"""A GIN full-text index on feed posts' bodies, on PostgreSQL only.

The database search backend matches posts with
``to_tsvector('simple'::regconfig, COALESCE(body, ''))``; this expression
index (spelled identically) lets PostgreSQL answer that from the index
instead of parsing every post. SQLite has no such index and skips this.
"""

from django.db import migrations

INDEX = "search_post_body_fts"
CREATE = (
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON feed_post USING GIN "
    "(to_tsvector('simple'::regconfig, COALESCE(body, '')))"
)
DROP = f"DROP INDEX IF EXISTS {INDEX}"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("feed", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
