"""Template context every page needs: the viewer's membership kind and navigation."""

from django.urls import reverse

from intranet.audience import membership_kind
from intranet.chrome import NAVIGATION, active_section


def koers(request):
    return {
        "koers_nav": NAVIGATION,
        "koers_section": active_section(request.path),
        "koers_membership": membership_kind(request.user),
        "koers_set_language_url": reverse("set_language"),
    }
