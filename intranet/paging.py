"""Paging long lists the same way everywhere (Django's Paginator, ``.pagination``).

``paged()`` returns the page with the links to its neighbours already built from
the request's query string, so a list with filters (``?status=open``) or two
paged lists on one page (``?ideas=2&proposals=3``) keep each other's place;
``templates/includes/pagination.html`` draws them.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator


def paged(request, object_list, *, per_page: int, param: str = "page") -> Page:
    """The requested page of ``object_list`` (the last one past the end; the first
    for junk), with ``prev_url`` and ``next_url`` (or ``""``)."""
    page = Paginator(object_list, per_page).get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return "?" + query.urlencode()

    page.prev_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page
