"""Delete live-feed events older than the replay window (run daily from cron)."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from feed.models import FeedEvent


class Command(BaseCommand):
    help = "Delete feed events older than --days (clients that missed them reload)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days, **options):
        cutoff = timezone.now() - timedelta(days=max(days, 1))
        deleted, _rows = FeedEvent.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} feed events.")
