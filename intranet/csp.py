"""The Content-Security-Policy of every response (django-csp).

The site's own pages hold to the policy in settings (``default-src 'self'``, nothing
inline): scripts and styles are files under ``static/``, handlers are attached by
``static/js/``. Two third-party screens get a narrow widening, by path, and nothing
else does (``tests/browser/test_csp.py`` loads pages of every persona and fails on
any violation):

* ``/api/docs/``: Redoc (served from drf-spectacular-sidecar) writes its styles into
  ``<style>`` elements at run time, draws icons as ``data:`` images and runs its
  search in a ``blob:`` worker: those are allowed there; scripts stay 'self'. Its
  "API docs by Redocly" logo from cdn.redoc.ly is refused (no visit leaks out).
* ``/admin/``: Wagtail 8.0's widgets write inline scripts (e.g. each date filter's
  ``initDateChooser(...)``, inline panels) and inline styles, and Koers's admin
  avatars are ``data:`` SVG images. Everything still comes from this server: no CDN,
  no external font.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware

WIDENED = {
    "/api/docs/": {
        "style-src": [SELF, UNSAFE_INLINE],
        "worker-src": [SELF, "blob:"],
        "img-src": [SELF, "data:"],
    },
    "/admin/": {
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
    },
}


def widened_for(path: str) -> dict | None:
    for prefix, directives in WIDENED.items():
        if path.startswith(prefix):
            return directives
    return None


class KoersCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        extra = widened_for(request.path)
        if extra and not report_only:
            parts.update = {**(parts.update or {}), **extra}
        return parts
