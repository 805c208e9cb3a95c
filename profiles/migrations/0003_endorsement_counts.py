"""Stored endorsement counts, so the directory sorts without counting.

Sorting the directory by endorsements counted every member's endorsements on
every request (a correlated count per profile), so the page grew with the
community. The counts are stored on the declaration and the profile, indexed,
kept in step by ``profiles.services.endorsement_counts_refresh`` (called for
every endorsement saved or deleted), and filled in here from the endorsements
that exist.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce


def count_existing(apps, schema_editor):
    Endorsement = apps.get_model("profiles", "Endorsement")
    ProfileCompetence = apps.get_model("profiles", "ProfileCompetence")
    Profile = apps.get_model("profiles", "Profile")
    counted = (
        Endorsement.objects.filter(profile_competence=OuterRef("pk"))
        .order_by()
        .values("profile_competence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    ProfileCompetence.objects.update(endorsement_count=Coalesce(Subquery(counted), 0))
    summed = (
        ProfileCompetence.objects.filter(content_object=OuterRef("pk"))
        .order_by()
        .values("content_object")
        .annotate(n=Sum("endorsement_count"))
        .values("n")
    )
    Profile.objects.update(endorsement_total=Coalesce(Subquery(summed), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0002_roles_competences_follows"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="endorsement_total",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="profilecompetence",
            name="endorsement_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddIndex(
            model_name="profile",
            index=models.Index(
                fields=["-endorsement_total", "display_name", "id"],
                name="profiles_profile_endorsed_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="profilecompetence",
            index=models.Index(
                fields=["tag", "-endorsement_count"],
                name="profiles_pc_tag_endorsed_idx",
            ),
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
