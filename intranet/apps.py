"""The project package as an app: connects the page-cache invalidation and the
database pool's repair (intranet/outage.py) in every process, and finds each app's
``personal_data`` module (intranet/personal_data.py)."""

from django.apps import AppConfig


class IntranetConfig(AppConfig):
    name = "intranet"
    label = "intranet"
    verbose_name = "Koers"

    def ready(self):
        from django.db.backends.signals import connection_created
        from django.utils.module_loading import autodiscover_modules

        from intranet import outage
        from intranet.cache import connect_signals

        connect_signals()
        # Sites remembered for page routing are forgotten when a site or a page moves.
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site
        from wagtail.signals import post_page_move

        from intranet.page_routing import forget_sites

        post_save.connect(forget_sites, sender=Site)
        post_delete.connect(forget_sites, sender=Site)
        post_page_move.connect(forget_sites)
        # Each app's mailing lists (intranet/unsubscribe.py), as the inbox finds its queues.
        autodiscover_modules("mail_lists")
        connection_created.connect(outage.replace_broken_pooled_connection)
        # Each app declares what it holds about a member in its personal_data.py.
        autodiscover_modules("personal_data")
        # Private live topics on the feed socket (intranet/live_topics.py).
        autodiscover_modules("live_topics")
        # Per-viewer bits of shared pages (intranet/viewer_state.py).
        autodiscover_modules("viewer_state")
