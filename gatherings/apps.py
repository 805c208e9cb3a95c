"""App config for gatherings: network drinks, purpose sessions, webinars."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatheringsConfig(AppConfig):
    name = "gatherings"
    verbose_name = _("Gatherings")
