"""Site structure: the pages every Koers site has (home, purpose, roadmaps)."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page, Site

from .models import HomePage, Promise, PurposePage


def site_home() -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site.root_page.specific
    home = HomePage.objects.first()
    if home is None:
        # A flushed database (transactional tests) has lost what migrations made.
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root")
        )
        home = root.add_child(instance=HomePage(title="Koers", slug="home"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
    )
    return home


def purpose_page_ensure(
    *, title: str, statement: str, promises: list[tuple[str, str] | dict]
) -> PurposePage:
    """Create the purpose page with its promises if there is none yet."""
    existing = PurposePage.objects.first()
    if existing:
        return existing
    page = PurposePage(title=title, slug="purpose", statement=statement)
    for order, promise in enumerate(promises):
        # (title, description), or a dict of Promise fields (``title_nl``, ``slug``…)
        if not isinstance(promise, dict):
            promise = {"title": promise[0], "description": promise[1]}
        page.promises.add(Promise(**promise, sort_order=order))
    site_home().add_child(instance=page)
    page.save_revision().publish()
    return page
