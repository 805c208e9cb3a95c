"""Data migration: the groups every Koers site has. Their permissions are kept
in step after each migrate by accounts.permissions.sync_group_permissions."""

from django.db import migrations

GROUPS = ["Employees", "Community managers"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
