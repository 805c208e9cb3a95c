"""Demo content for people: profiles for every demo user (the profiles issue adds the rest)."""

from django.contrib.auth import get_user_model

from intranet.demo import DemoContext

from .models import Profile

BATCH = 1000


def seed(ctx: DemoContext) -> None:
    User = get_user_model()
    # bulk_create skips the post_save signal, so profiles for bulk users are made here.
    missing = User.objects.filter(profile__isnull=True).order_by("pk")
    total = missing.count()
    batch = []
    for user in ctx.progress(
        missing.iterator(chunk_size=BATCH), "profiles", total=total
    ):
        batch.append(
            Profile(
                user=user, display_name=(user.get_full_name() or user.username)[:120]
            )
        )
        if len(batch) >= BATCH:
            Profile.objects.bulk_create(batch)
            batch = []
    Profile.objects.bulk_create(batch)
