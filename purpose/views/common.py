"""Shared by the purpose views: the purpose page, access decorators, error texts."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from home.models import PurposePage
from intranet.audience import (
    is_community_manager,
    page_audience,
    page_visible_to,
)

SECTION = {"koers_section": "purpose"}
#: Proposals and ideas per page of a list (issue 19: the inventory was one long page).
PAGE_SIZE = 20


def _purpose_page(request) -> PurposePage:
    """The live purpose page, if this visitor may read it (same rule as the page)."""
    page = PurposePage.objects.live().first()
    if page is None:
        raise Http404
    if not page_visible_to(request.user, page):
        if not request.user.is_authenticated and page_audience(page) == "community":
            raise _LoginRequired
        raise Http404
    return page


class _LoginRequired(Exception):  # noqa: N818
    pass


def _members_only(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _managers_only(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_community_manager(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _public_page(view):
    """Views that read the purpose page follow its privacy: login redirect or 404."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())

    wrapped.__name__ = view.__name__
    return wrapped


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(exc.messages)
