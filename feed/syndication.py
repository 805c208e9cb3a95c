"""The Atom feed of public results: what outsiders may follow without signing in."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from intranet.html import plain_text
from intranet.site_url import absolute_url

from . import selectors


class PublicResultsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Koers: results")
    subtitle = _("Public results reported by the community.")

    # Absolute links from the site URL: Django's Feed would otherwise prefix the
    # request's Host header (get_current_site without django.contrib.sites).
    def link(self):
        return absolute_url(reverse("feed:feed") + "?filter=results")

    def feed_url(self):
        return absolute_url(reverse("feed:results_atom"))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        return selectors.public_results()

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
