"""The header's account menu: each member's own name, initial and profile link
(the rest of the menu is the same for everyone of their audience signature)."""

from django.urls import reverse
from django.utils.html import escape

from intranet import viewer_state


def account(request, args) -> dict[str, str]:
    """``initial``, ``name`` or ``profile`` (the address of their own profile)."""
    user = request.user
    if not user.is_authenticated:
        return {}
    name = user.get_short_name() or user.email
    values = {
        "initial": name[:1].upper(),
        "name": name,
        "profile": reverse("profiles:detail", kwargs={"username": user.username}),
    }
    return {arg: escape(values[arg]) for arg in args if arg in values}


viewer_state.register(viewer_state.Kind("account", account))
