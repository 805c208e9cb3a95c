"""The account menu in the header: each member's own name, initial and links."""

from django.middleware.csrf import get_token
from django.template.loader import render_to_string

from intranet import viewer_state
from intranet.audience import membership_kind

MENU_TEMPLATE = "accounts/includes/account_menu.html"


def account_menu(request, args) -> dict[str, str]:
    user = request.user
    if not user.is_authenticated:
        return {}
    html = render_to_string(
        MENU_TEMPLATE,
        {
            "user": user,
            "koers_membership": membership_kind(user),
            "csrf_token": get_token(request),
        },
    )
    return dict.fromkeys(args, html)


viewer_state.register(viewer_state.Kind("account_menu", account_menu))
