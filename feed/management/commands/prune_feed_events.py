"""Delete live-feed events older than the replay window, and number any event whose
after-commit step never ran (run daily from cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from feed import events


class Command(BaseCommand):
    help = "Delete feed events older than --days (clients that missed them reload)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        numbered = events.sweep_unsequenced()
        cutoff = timezone.now() - timedelta(days=max(days, 1))
        deleted = events.prune_before(cutoff)
        self.stdout.write(f"Deleted {deleted} feed events; numbered {numbered}.")
