"""Wagtail page serving with the route found in two queries, whatever the depth.

Wagtail routes a URL one tree level at a time: per level a query for the child
by slug and a second for its ``.specific`` page, after a site lookup whose
query (a CASE over every site) is rebuilt on every request. For
/roadmaps/<roadmap>/<item>/ that is seven queries and seven page objects
before the view runs, a third of a fresh render's CPU.

``serve`` (bound to Wagtail's ``wagtail_serve`` URL in ``intranet/urls.py``)
finds the same route cheaply and hands it to Wagtail's own view through the
two memos Wagtail reads first (``request._wagtail_site`` and
``request._wagtail_route_for_request``), so page privacy, the
``before_serve_page`` hooks and ``Page.serve`` run exactly as before:

* the site comes from the cache (per host and port, Wagtail's own matching),
  forgotten when a site is saved or deleted or a page moves;
* one query reads the root and every page whose slug is one of the URL's parts
  as plain values, and the walk down the tree happens in Python;
* only the page that answers is built, by its own model (one query), with the
  relations its templates show (``serve_select_related`` on the page class).

The walk follows ``Page.route`` and ``RoutablePageMixin.route`` step by step
(a live routable page's own sub-URLs win over a child of the same slug; a
missing child is a 404; the last page decides on ``live``). A page type with a
``route`` of its own stops the walk there and routes the rest itself.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname
from wagtail.views import serve as wagtail_serve

SITES_KEY = "page-routing:sites"
SITES_TIMEOUT = 3600  # belt and braces: changes forget the entry at once

_PLAIN_ROUTES = (Page.route, RoutablePageMixin.route)


def forget_sites(**kwargs) -> None:
    """Receiver: a site changed or a page moved (a site's root may have)."""
    cache.delete(SITES_KEY)


def site_for_request(request) -> Site | None:
    """``Site.find_for_request`` without its query: Wagtail's choice for this host
    and port, remembered in the cache (the site without its root page object)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    sites = cache.get(SITES_KEY) or {}
    key = f"{hostname}:{port}"
    if key in sites:
        site = sites[key]
    else:
        try:
            site = get_site_for_hostname(hostname, port)
            # Only the site's own fields: the root page is read fresh when used.
            site._state.fields_cache.pop("root_page", None)
        except Site.DoesNotExist:
            site = None
        sites[key] = site
        cache.set(SITES_KEY, sites, SITES_TIMEOUT)
    request._wagtail_site = site
    return site


def _model_of(content_type_id: int):
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model if model is not None else Page


def route(request, path: str):
    """Wagtail's ``RouteResult`` for ``path`` on this request's site; ``Http404``
    where Wagtail's routing would raise it."""
    site = site_for_request(request)
    if site is None:
        raise Http404
    parts = [part for part in path.split("/") if part]
    rows = Page.objects.filter(Q(pk=site.root_page_id) | Q(slug__in=set(parts)))
    rows = list(rows.values_list("pk", "path", "depth", "slug", "live", "content_type"))
    root = next((row for row in rows if row[0] == site.root_page_id), None)
    if root is None:
        raise Http404
    children = {(row[1][: -Page.steplen], row[3]): row for row in rows}
    current, step = root, 0
    while True:
        _pk, page_path, _depth, _slug, live, content_type_id = current
        model = _model_of(content_type_id)
        own_route = getattr(model.route, "__func__", model.route)
        if own_route not in _PLAIN_ROUTES:
            break  # the page routes the rest itself
        if live and issubclass(model, RoutablePageMixin):
            rest = parts[step:]
            try:
                model.get_resolver().resolve("/" + "".join(p + "/" for p in rest))
                break  # one of the page's own sub-URLs
            except Http404:
                pass
        if step == len(parts):
            break
        current = children.get((page_path, parts[step]))
        if current is None:
            raise Http404
        step += 1
    related = getattr(model, "serve_select_related", ())
    page = model.objects.select_related(*related).get(pk=current[0])
    return page.route(request, parts[step:])


def serve(request, path):
    """Wagtail's ``serve`` view, given the route found above (with Wagtail's
    translated trees switched on, Wagtail routes by itself: the walk does not
    follow ``localized`` roots)."""
    if settings.WAGTAIL_I18N_ENABLED:
        return wagtail_serve(request, path)
    if not hasattr(request, "_wagtail_route_for_request"):
        try:
            request._wagtail_route_for_request = route(request, path)
        except Http404:
            request._wagtail_route_for_request = None
    return wagtail_serve(request, path)
