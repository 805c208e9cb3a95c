"""The roadmaps' mailing lists: news about a roadmap item one follows (one-click
unsubscribe stops following it)."""

from django.utils.translation import gettext as _

from intranet.audience import page_visible_to
from intranet.unsubscribe import MailingList, register

from .models import RoadmapItemPage
from .services import item_unfollow


def _describe(user, item_id):
    item = RoadmapItemPage.objects.filter(pk=item_id).first()
    if item is None:
        return None
    if not page_visible_to(user, item):  # no title the member may no longer see
        return _("news about a roadmap item")
    return _("news about “%(item)s”") % {"item": item.title}


def _unfollow(user, item_id):
    item = RoadmapItemPage.objects.filter(pk=item_id).first()
    if item is not None:
        item_unfollow(user=user, item=item)


ITEM_NEWS = register(
    MailingList(name="item_news", describe=_describe, unsubscribe=_unfollow)
)
