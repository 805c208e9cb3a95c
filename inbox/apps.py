"""App config for the managers' inbox: finds each app's ``inbox_items`` module."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = _("Inbox")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        # As Wagtail finds wagtail_hooks: each app declares its queues in its own
        # inbox_items.py; the inbox never imports an app.
        autodiscover_modules("inbox_items")
