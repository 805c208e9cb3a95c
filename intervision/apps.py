"""App config for intervision: private circles, live phased sessions, learning logs."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntervisionConfig(AppConfig):
    name = "intervision"
    verbose_name = _("Intervision")
    default_auto_field = "django.db.models.BigAutoField"
