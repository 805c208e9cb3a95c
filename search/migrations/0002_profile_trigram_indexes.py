"""Trigram GIN indexes for the people search, on PostgreSQL only.

The database backend matches profile fields by substring (``icontains``),
which Django writes as ``UPPER("field"::text) LIKE UPPER('%word%')``. These
``pg_trgm`` expression indexes (spelled identically) let PostgreSQL find the
matching profiles from the index instead of reading every profile's bio on
every search. SQLite has no such index and skips this.
"""

from django.db import migrations

FIELDS = ("display_name", "headline", "bio", "location", "languages")


def _name(field: str) -> str:
    return f"search_profile_{field}_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field in FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_name(field)} ON profiles_profile "
            f'USING GIN ((UPPER("{field}"::text)) gin_trgm_ops)'
        )
    # search.0003 turns the GIN pending list off for these indexes.


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_name(field)}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_post_body_fulltext_index"),
        ("profiles", "0002_roles_competences_follows"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
