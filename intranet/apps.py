"""The project package as an app: connects the page-cache invalidation in every process."""

from django.apps import AppConfig


class IntranetConfig(AppConfig):
    name = "intranet"
    label = "intranet"
    verbose_name = "Koers"

    def ready(self):
        from intranet.cache import connect_signals

        connect_signals()
