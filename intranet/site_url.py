"""Absolute links from the configured site URL (WAGTAILADMIN_BASE_URL), never from the Host header.

A link that leaves the site (an e-mail, an API `url` field, an Atom feed) built
from `request.build_absolute_uri()` trusts the request's Host header: a password
reset requested with `Host: evil.example` would mail a link to evil.example.
Every such link goes through this module instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings


def site_url() -> str:
    """The site's public URL without a trailing slash, e.g. "https://intranet.example.org"."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(location: str) -> str:
    """`location` (a path, or a URL whose scheme and host are dropped) on the site URL."""
    parts = urlsplit(location or "/")
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    return site_url() + urlunsplit(("", "", path, parts.query, parts.fragment))


def page_url(page, request=None) -> str:
    """A Wagtail page's absolute URL on the site URL ("" when the page has no route).

    `request` only lets Wagtail reuse its per-request cache of site root paths.
    """
    parts = page.get_url_parts(request)
    return absolute_url(parts[2]) if parts else ""


@dataclass(frozen=True)
class ConfiguredSite:
    """Stands in for django.contrib.sites' Site in e-mail templates (name, domain)."""

    name: str
    domain: str


def configured_site() -> ConfiguredSite:
    return ConfiguredSite(
        name=getattr(settings, "WAGTAIL_SITE_NAME", "Koers"),
        domain=urlsplit(site_url()).netloc,
    )
