"""Profile trigram indexes without a GIN pending list, on PostgreSQL only.

With ``fastupdate`` on (PostgreSQL's default) new entries wait in an unsorted
pending list that every search reads through until a vacuum merges it; after
many profile rows change at once (a migration filling in a column, an import)
PostgreSQL then prices the indexes so high it scans every profile instead.
Profiles change rarely, so entries go straight into the index.
"""

from django.db import migrations


FIELDS = ("display_name", "headline", "bio", "location", "languages")


def _alter(schema_editor, value: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in FIELDS:
        schema_editor.execute(
            f"ALTER INDEX IF EXISTS search_profile_{field}_trgm SET (fastupdate = {value})"
        )


def off(apps, schema_editor):
    _alter(schema_editor, "off")


def on(apps, schema_editor):
    _alter(schema_editor, "on")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_profile_trigram_indexes")]

    operations = [migrations.RunPython(off, on, elidable=False)]
