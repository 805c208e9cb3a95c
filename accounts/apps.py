"""App config: wires membership signals and manager permissions."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import permissions, signals  # noqa: F401

        post_migrate.connect(permissions.sync_group_permissions, sender=self)
