"""App config for search: finds what each app makes searchable, and wires index
updates when Elasticsearch is configured."""

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from intranet import search as registry

        from . import service, signals

        # As Wagtail finds wagtail_hooks: each app declares its searchable types
        # in its own search.py; search never imports an app.
        autodiscover_modules("search")
        registry.provide("matching_ids", service.matching_ids)
        if settings.ELASTICSEARCH_URL:
            signals.connect()
