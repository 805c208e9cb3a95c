"""The Atom feed of results: public ones for anyone, and through a member's private
feed URL (``?token=``, ``accounts.feed_tokens``) everything that member may see."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from accounts.feed_tokens import private_feed
from intranet.conditional import conditional_feed, validators
from intranet.html import plain_text
from intranet.site_url import absolute_url

from . import selectors


def feed_viewer(request):
    """Who the feed is for: the private feed URL's member, else a visitor (a feed URL
    is shared with readers, so a browser's session does not widen it)."""
    return getattr(request, "feed_reader", None) or AnonymousUser()


class ResultsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Koers: results")
    subtitle = _("Results reported by the community.")

    def get_object(self, request, *args, **kwargs):
        return feed_viewer(request)

    # Absolute links from the site URL: Django's Feed would otherwise prefix the
    # request's Host header (get_current_site without django.contrib.sites).
    def link(self):
        return absolute_url(reverse("feed:feed") + "?filter=results")

    def feed_url(self):
        return absolute_url(reverse("feed:results_atom"))

    def author_name(self):
        return getattr(settings, "WAGTAIL_SITE_NAME", "Koers")

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self, viewer):
        return selectors.feed_results_posts(viewer)

    def item_title(self, item):
        text = plain_text(item.body)
        title = f"{item.figure} · {text}" if item.figure else text
        return title[:100]

    def item_description(self, item):
        # Already sanitised; the feed generator escapes it once more as text.
        return item.body

    def item_author_name(self, item):
        return item.author.profile.display_name

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.edited_at or item.created_at


def _results_validators(request, *args, **kwargs):
    viewer = feed_viewer(request)
    rows = selectors.feed_results_stamps(viewer)
    return validators(
        viewer=viewer,
        rows=rows,
        times=[edited or created for _pk, created, edited in rows],
    )


results_atom = private_feed(conditional_feed(_results_validators)(ResultsFeed()))
