"""GIN indexes for Dutch and English stemmed matching of posts (PostgreSQL only).

The database backend also matches ``to_tsvector('dutch'|'english', body)``
against the query's stems, so "warmtepompen" finds "warmtepomp"; these
expression indexes are spelled exactly as ``DutchBodyVector`` and
``EnglishBodyVector`` in ``search/backends/database.py``.
"""

from django.db import migrations

INDEXES = {
    "search_post_body_dutch": "dutch",
    "search_post_body_english": "english",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, config in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON feed_post USING GIN "
            f"(to_tsvector('{config}'::regconfig, COALESCE(body, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_profile_trigram_indexes_no_pending_list")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
