"""Send a member back where a form came from, but only to this site."""

from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request, fallback: str, *, use_referer: bool = False):
    """Redirect to the form's ``next`` (or, if asked, the Referer) when it is a URL on
    this host, else to ``fallback``: never an open redirect."""
    target = request.POST.get("next") or ""
    if not target and use_referer:
        target = request.headers.get("referer") or ""
    # A path or a URL only: redirect() would try any other string as a view name.
    if not target.startswith(
        ("/", "http://", "https://")
    ) or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return redirect(target)
