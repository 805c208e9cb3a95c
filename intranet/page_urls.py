"""Wagtail page URLs from ``url_path`` values, without building page objects.

A list that shows pages as plain values (search hits) needs their URLs.
``page.url`` needs a page object, built by its own model, and reads the site
root paths from the cache once per object. :func:`page_urls` answers the same
as ``page.url`` for every page of a model (``Page.get_url_parts`` and
``get_url`` without a request: a local URL on a single site, the site's root
URL in front otherwise), reading the site root paths once. A model with URL
routing of its own (``get_url_parts`` overridden) gets its objects' own URLs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.coreutils import (
    WAGTAIL_APPEND_SLASH,
    get_supported_content_language_variant,
)
from wagtail.models import Page, Site


def _page_path(url_path: str, root_path: str, language_code: str) -> str | None:
    args = (url_path[len(root_path) :],)
    try:
        if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
            with translation.override(language_code):
                path = reverse("wagtail_serve", args=args)
        else:
            path = reverse("wagtail_serve", args=args)
    except NoReverseMatch:
        return None
    if not WAGTAIL_APPEND_SLASH and path != "/":
        path = path.rstrip("/")
    return path


def page_urls(model, url_paths: Iterable[str]) -> dict[str, str | None]:
    """``{url_path: page.url}`` for pages of ``model`` (None where not routable)."""
    url_paths = set(url_paths)
    if not url_paths:
        return {}
    if model.get_url_parts is not Page.get_url_parts:
        pages = model.objects.filter(url_path__in=url_paths)
        return {page.url_path: page.url for page in pages}
    roots = Site.get_site_root_paths()
    one_site = len({root.site_id for root in roots}) == 1
    i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    urls: dict[str, str | None] = {}
    for url_path in url_paths:
        # Site.get_site_root_paths() is ordered so that the first match is the one
        # Wagtail picks (Page.get_url_parts without a request).
        root = next((r for r in roots if url_path.startswith(r.root_path)), None)
        if root is None:
            urls[url_path] = None
            continue
        language = root.language_code
        if i18n:
            current = translation.get_language()
            try:
                if get_supported_content_language_variant(current) == language:
                    language = current
            except LookupError:
                pass
        path = _page_path(url_path, root.root_path, language)
        if path is None:
            urls[url_path] = None
        else:
            urls[url_path] = path if one_site else root.root_url + path
    return urls
