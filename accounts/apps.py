"""App config: wires membership signals and manager permissions."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Run once, after the last app's post_migrate, when every permission exists.
        from django.apps import apps
        from django.utils.module_loading import autodiscover_modules

        from . import permissions, signals  # noqa: F401

        # Each app declares what a visitor may contribute before signing up in its
        # own contributions.py (accounts/contributions.py); accounts imports none.
        autodiscover_modules("contributions")

        with_models = [c for c in apps.get_app_configs() if c.models_module is not None]
        last_app = with_models[-1]
        post_migrate.connect(permissions.sync_group_permissions, sender=last_app)
