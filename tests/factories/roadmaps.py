"""Factories for roadmaps, their items and open roles (published Wagtail pages)."""

from django.utils.text import slugify

from intranet.audience import set_page_audience

__all__ = ["make_item", "make_roadmap", "make_role", "roadmap_index"]


def roadmap_index():
    from home.services import site_home
    from roadmaps.models import RoadmapIndexPage

    index = RoadmapIndexPage.objects.first()
    if index is None:
        index = RoadmapIndexPage(title="Roadmaps", slug="roadmaps")
        site_home().add_child(instance=index)
        index.save_revision().publish()
    return index


def make_roadmap(title="Roadmap", audience="public", owner=None, slug=None, **kwargs):
    from roadmaps.models import RoadmapPage

    page = RoadmapPage(
        title=title, slug=slug or slugify(title), owner_user=owner, **kwargs
    )
    roadmap_index().add_child(instance=page)
    page.save_revision().publish()
    if audience != "public":
        set_page_audience(page, audience)
    return page


def make_item(roadmap, title="Item", status="planned", slug=None, **kwargs):
    from roadmaps.models import RoadmapItemPage

    item = RoadmapItemPage(
        title=title, slug=slug or slugify(title), status=status, **kwargs
    )
    roadmap.add_child(instance=item)
    item.save_revision().publish()
    item.refresh_from_db()
    return item


def make_role(item, title="Tester", needed=1, is_open=True, **kwargs):
    from roadmaps.models import OpenRole

    return OpenRole.objects.create(
        item=item, title=title, needed=needed, is_open=is_open, **kwargs
    )
