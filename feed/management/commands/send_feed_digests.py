"""Send the daily or weekly e-mail digest of notifications (run from cron)."""

from django.core.management.base import BaseCommand

from feed.digest import send_digests
from feed.models import DigestPreference


class Command(BaseCommand):
    help = "E-mail members on the given frequency their unread notifications."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=[
                DigestPreference.Frequency.DAILY,
                DigestPreference.Frequency.WEEKLY,
            ],
            default=DigestPreference.Frequency.DAILY,
        )

    def handle(self, *args, frequency, **options):
        sent = send_digests(frequency=frequency)
        self.stdout.write(f"Sent {sent} {frequency} digests.")
