"""Wagtail hooks shared by all pages: staff-only pages answer 404 to those who may not see them."""

from django.http import Http404
from wagtail import hooks
from wagtail.models import PageViewRestriction

from intranet.audience import page_visible_to


@hooks.register("before_serve_page")
def hide_staff_pages(page, request, serve_args, serve_kwargs):
    """A staff page must not leak its existence: 404, not a login redirect.

    Community (login-only) pages keep Wagtail's redirect to the sign-in page,
    because inviting a visitor to sign in is the point.
    """
    if page_visible_to(request.user, page):
        return None
    restrictions = PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True),
        restriction_type=PageViewRestriction.GROUPS,
    )
    if restrictions.exists():
        raise Http404
    return None
