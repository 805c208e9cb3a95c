"""``Cache-Control: private, no-store`` on every response made for a signed-in viewer.

A page a member sees carries their name, their notifications and what their audience
may read; no shared cache (a proxy, a CDN) may keep it and no browser may store it
on disk for the next person at the machine. The middleware sits outside the page cache
(intranet/cache.py), which keeps storing members' pages server-side under their own
keys; visitors' pages keep their headers, so shared caching of public pages is
unaffected. API calls with an ``Authorization`` header (a personal access token) are
a member's too. Responses that already say ``private`` (protected media, cached
briefly by the member's own browser) keep their own rule.
"""

from django.utils.cache import patch_vary_headers

PRIVATE = "private, no-store"


def mark_private(response):
    response["Cache-Control"] = PRIVATE
    return response


def is_private_request(request) -> bool:
    user = getattr(request, "user", None)
    return bool(getattr(user, "is_authenticated", False)) or (
        "Authorization" in request.headers
    )


class PrivateResponsesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Authorization" in request.headers:
            patch_vary_headers(response, ("Authorization",))
        if is_private_request(request):
            if "private" not in response.get("Cache-Control", "").lower():
                mark_private(response)
        return response
