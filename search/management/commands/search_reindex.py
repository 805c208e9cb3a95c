"""Rebuild the Elasticsearch indexes without downtime: new index, then switch the alias."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search.documents import DOCUMENTS
from search.indexing import get_client, rebuild


class Command(BaseCommand):
    help = "Build fresh Elasticsearch indexes and switch the aliases to them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", choices=sorted(DOCUMENTS), action="append", help="Index type(s)."
        )

    def handle(self, *args, only=None, verbosity=1, **options):
        if not settings.ELASTICSEARCH_URL:
            raise CommandError(
                "ELASTICSEARCH_URL is not set: the database search backend needs no index."
            )

        client = get_client()
        if not client.ping():
            raise CommandError(
                f"Elasticsearch at {settings.ELASTICSEARCH_URL} does not answer."
            )

        def progress(iterable, desc, total):
            return tqdm(
                iterable, desc=desc, total=total, unit=" docs", disable=verbosity == 0
            )

        switched = rebuild(client=client, kinds=only, progress=progress)
        for alias, index in switched.items():
            self.stdout.write(self.style.SUCCESS(f"{alias} → {index}"))
