"""Signal receivers: publishing an item and linking a result are roadmap news."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from wagtail.signals import page_published

from feed.models import Post

from .models import RoadmapItemPage
from .services import item_published, post_audience_for_item, result_linked


@receiver(page_published, sender=RoadmapItemPage)
def item_was_published(sender, instance, revision=None, **kwargs):
    item_published(item=instance, by=getattr(revision, "user", None))


def post_keeps_item_audience(sender, instance, **kwargs):
    """A post linked to a roadmap item is never more public than that item:
    a result on a staff item is itself staff."""
    if not instance.roadmap_item_id:
        return
    item = RoadmapItemPage.objects.filter(pk=instance.roadmap_item_id).first()
    if item is not None:
        instance.audience = post_audience_for_item(instance.audience, item)


def result_is_news(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not instance.roadmap_item_id:
        return
    if instance.kind != sender.Kind.RESULT:
        return
    result_linked(post=instance)


def connect_feed_signals():
    pre_save.connect(post_keeps_item_audience, sender=Post, dispatch_uid="rm-aud")
    post_save.connect(result_is_news, sender=Post, dispatch_uid="rm-result")
