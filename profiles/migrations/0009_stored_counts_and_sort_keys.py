"""Stored counts and sort keys, so the people pages stop counting and sorting all rows.

Popular competences and the competence index counted every member's
declarations, the networks index every membership, and a competence's page
sorted all its holders by level: work that grew with the community (issue 22).
The counts are stored (kept in step by ``profiles.services.competence_counts_refresh``
and ``network_member_count_refresh``, from ``profiles/signals.py``) and filled in
here; the level is a generated column, so indexes serve each list in page order.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def _count(model, fk, **filters):
    return Coalesce(
        Subquery(
            model.objects.filter(**{fk: OuterRef("pk")}, **filters)
            .order_by()
            .values(fk)
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def count_existing(apps, schema_editor):
    Competence = apps.get_model("profiles", "Competence")
    ProfileCompetence = apps.get_model("profiles", "ProfileCompetence")
    LearningInterest = apps.get_model("profiles", "LearningInterest")
    Network = apps.get_model("profiles", "Network")
    NetworkMembership = apps.get_model("profiles", "NetworkMembership")
    Competence.objects.update(
        holder_count=_count(ProfileCompetence, "tag"),
        learner_count=_count(LearningInterest, "tag"),
    )
    Network.objects.update(
        member_count=_count(NetworkMembership, "network", status="active")
    )


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0008_teams'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='competence',
            name='holder_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='competence',
            name='learner_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='network',
            name='member_count',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name='profilecompetence',
            name='level_rank',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(level='expert', then=models.Value(2)), models.When(level='practised', then=models.Value(1)), default=models.Value(0)), output_field=models.PositiveSmallIntegerField()),
        ),
        migrations.AddIndex(
            model_name='competence',
            index=models.Index(fields=['-holder_count', 'slug'], name='profiles_comp_popular_idx'),
        ),
        migrations.AddIndex(
            model_name='learninginterest',
            index=models.Index(fields=['tag', '-id'], name='profiles_li_tag_newest_idx'),
        ),
        migrations.AddIndex(
            model_name='networkmembership',
            index=models.Index(condition=models.Q(('status', 'active')), fields=['network', 'role', 'id'], name='profiles_nm_members_idx'),
        ),
        migrations.AddIndex(
            model_name='profilecompetence',
            index=models.Index(fields=['tag', '-level_rank', '-endorsement_count', 'id'], name='profiles_pc_tag_level_idx'),
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
