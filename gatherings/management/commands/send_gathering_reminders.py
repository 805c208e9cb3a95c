"""Remind everyone with a place at a gathering that starts within a day (run from cron,
e.g. every hour; each registration is reminded once)."""

from django.core.management.base import BaseCommand

from gatherings.services import reminders_send


class Command(BaseCommand):
    help = "E-mail a reminder with the calendar file to those with a place tomorrow."

    def handle(self, *args, **options):
        sent = reminders_send()
        self.stdout.write(f"Sent {sent} gathering reminders.")
