"""The contribution a visitor is signing up (or in) for, on allauth's pages."""

from dataclasses import dataclass

from django import template

from accounts.contributions import (
    FIELD,
    ContributionRefused,
    Offer,
    entrance_url,
    offer_read,
)

register = template.Library()


@dataclass(frozen=True)
class PendingOffer:
    offer: Offer | None
    description: str = ""
    refused: str = ""


@register.simple_tag(takes_context=True)
def contribution_offer(context) -> PendingOffer | None:
    """The signed offer the page was opened (or the form sent) with: its description,
    or why it was refused (expired, tampered with, its item gone); None without one."""
    request = context.get("request")
    if request is None:
        return None
    token = request.POST.get(FIELD) or request.GET.get(FIELD) or ""
    if not token:
        return None
    try:
        offer = offer_read(token)
        return PendingOffer(offer, description=offer.description)
    except ContributionRefused as exc:
        return PendingOffer(None, refused=exc.message)


@register.simple_tag(takes_context=True)
def code_login_url(context) -> str:
    """ "Send me a sign-in code", carrying the page's return address and the
    contribution being made (when still valid)."""
    request = context.get("request")
    if request is None:
        return entrance_url("account_request_login_code")
    pending = contribution_offer(context)
    token = pending.offer.token if pending and pending.offer else ""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return entrance_url("account_request_login_code", token=token, next_url=next_url)
