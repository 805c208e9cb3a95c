"""App config for search: index updates are wired only when Elasticsearch is configured."""

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        if settings.ELASTICSEARCH_URL:
            from . import signals

            signals.connect()
