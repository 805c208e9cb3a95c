"""Role assignments made earlier for accepted volunteers get their item's audience
(they were all public, so a staff item's title showed on public profiles)."""

from django.db import migrations


def _audience(page_path, restrictions):
    level = "public"
    for path, kind in restrictions:
        if page_path.startswith(path):
            if kind == "groups":
                return "staff"
            if kind == "login":
                level = "community"
    return level


def forwards(apps, schema_editor):
    Volunteer = apps.get_model("roadmaps", "Volunteer")
    RoleAssignment = apps.get_model("profiles", "RoleAssignment")
    Restriction = apps.get_model("wagtailcore", "PageViewRestriction")
    restrictions = list(
        Restriction.objects.values_list("page__path", "restriction_type")
    )
    if not restrictions:
        return
    accepted = Volunteer.objects.filter(status="accepted").values_list(
        "user_id", "role__title", "role__item__title", "role__item__path"
    )
    for user_id, role_title, item_title, item_path in accepted.iterator():
        audience = _audience(item_path, restrictions)
        if audience == "public":
            continue
        RoleAssignment.objects.filter(
            profile__user_id=user_id,
            context_label=f"{item_title}: {role_title}"[:200],
            audience="public",
        ).update(audience=audience)


class Migration(migrations.Migration):
    dependencies = [
        ("roadmaps", "0002_owner_promises_roles_votes_ideas"),
        ("profiles", "0004_roleassignment_audience"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
