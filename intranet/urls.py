"""URL configuration. Stable public URLs are listed in ARCHITECTURE.md."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from intranet import health, media, page_routing
from intranet.unsubscribe import unsubscribe_view

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # Before Django's own: a signed-in member's choice is also kept for their e-mails.
    path("i18n/", include("accounts.i18n_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("unsubscribe/<str:token>/", unsubscribe_view, name="unsubscribe"),
    path(
        "accessibility/",
        TemplateView.as_view(
            template_name="accessibility.html",
            extra_context={"contact": settings.KOERS_ACCESSIBILITY_CONTACT},
        ),
        name="accessibility",
    ),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("people/", include("profiles.urls")),
    path("feed/", include("feed.urls")),
    path("purpose/", include("purpose.urls")),
    path("roadmaps/", include("roadmaps.urls")),
    path("gatherings/", include("gatherings.urls")),
    path("search/", include("search.urls")),
    path("inbox/", include("inbox.urls")),
    path("circles/", include("intervision.urls")),
    path("api/v1/", include("api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        SpectacularRedocView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
]

if settings.KOERS_BENCH_BASELINE:
    from intranet.baseline import baseline

    urlpatterns += [path("bench/baseline", baseline, name="bench-baseline")]

if settings.DEBUG:
    # Public media only; protected media go through their owner's view.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", media.serve_public_media)]

# Wagtail's page serving comes last: /, /purpose/, /roadmaps/... are pages. Its serve
# view is given the route found in two queries (intranet/page_routing.py).
urlpatterns += [
    *(p for p in wagtail_urls.urlpatterns if p.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, page_routing.serve, name="wagtail_serve"),
]

# A database outage or a read-only database answers 503, not 500 (intranet/outage.py).
handler500 = "intranet.outage.server_error"
