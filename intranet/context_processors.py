"""Template context every page needs: the viewer's membership kind and navigation."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from intranet.audience import membership_kind

NAVIGATION = [
    ("home", _("Home"), "/"),
    ("feed", _("Feed"), "/feed/"),
    ("people", _("People"), "/people/"),
    ("roadmaps", _("Roadmaps"), "/roadmaps/"),
    ("purpose", _("Purpose"), "/purpose/"),
    ("gatherings", _("Gatherings"), "/gatherings/"),
    ("search", _("Search"), "/search/"),
]


def _active_section(path: str) -> str:
    for key, _label, url in reversed(NAVIGATION):
        if url != "/" and path.startswith(url):
            return key
    return "home" if path == "/" else ""


def koers(request):
    return {
        "koers_nav": NAVIGATION,
        "koers_section": _active_section(request.path),
        "koers_membership": membership_kind(request.user),
        "koers_set_language_url": reverse("set_language"),
    }
