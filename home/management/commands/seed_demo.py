"""Build a believable Dutch demo organisation. Idempotent; `--size large` for benchmarks."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from intranet.demo import (
    DEMO_LOGINS,
    DEMO_PASSWORD,
    DemoContext,
    run_seeders,
    size_from_option,
)


class Command(BaseCommand):
    help = "Seed demo data: people, roles, competences, posts, roadmaps, purpose."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            default="demo",
            help="'demo' (48 people), 'large' (10,000 people, 100,000 posts, 50 roadmaps) "
            "or a number of people.",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bars.")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only seed when the database has no members yet (used by scripts/run).",
        )

    def handle(self, *args, size, quiet, if_empty, **options):
        if if_empty and get_user_model().objects.exists():
            self.stdout.write("Members exist already; not seeding demo data.")
            return
        try:
            numbers = size_from_option(size)
        except ValueError as exc:
            raise CommandError(f"--size: {exc}") from exc
        ctx = DemoContext(**numbers, quiet=quiet, stdout=self.stdout)
        ctx.say(
            f"Seeding {numbers['people']} people, {numbers['posts']} posts, "
            f"{numbers['roadmaps']} roadmaps…"
        )
        with transaction.atomic():
            run_seeders(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Demo-only logins:"))
        for email, name, kind in DEMO_LOGINS:
            self.stdout.write(f"  {email:<24} {DEMO_PASSWORD}   ({kind}: {name})")
