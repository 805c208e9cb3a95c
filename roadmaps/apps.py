"""App config for roadmaps."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapsConfig(AppConfig):
    name = "roadmaps"
    verbose_name = _("Roadmaps")

    def ready(self):
        from . import routes, signals

        routes.attach()
        signals.connect_feed_signals()
