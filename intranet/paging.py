"""Paging long lists the same way everywhere (Django's Paginator, ``.pagination``).

``paged()`` returns the page with the links to its neighbours already built from
the request's query string, so a list with filters (``?status=open``) or two
paged lists on one page (``?ideas=2&proposals=3``) keep each other's place;
``templates/includes/pagination.html`` draws them.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class BoundedPaginator(Paginator):
    """A paginator that counts at most ``limit`` rows (``COUNT`` over a ``LIMIT``ed
    subquery): a list that grows with the whole site, such as every idea in the
    feed, is not counted row by row on every view. Past the bound there are no
    more pages; ``capped`` says the list goes on."""

    def __init__(self, object_list, per_page, *, limit: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def count(self) -> int:
        head = self.object_list[: self.limit]
        return head.count() if hasattr(head, "count") else len(head)

    @property
    def capped(self) -> bool:
        return self.count >= self.limit


def paged(
    request,
    object_list,
    *,
    per_page: int,
    param: str = "page",
    count_limit: int | None = None,
) -> Page:
    """The requested page of ``object_list`` (the last one past the end; the first
    for junk), with ``prev_url`` and ``next_url`` (or ``""``). With
    ``count_limit`` at most that many rows are counted (``BoundedPaginator``)."""
    paginator = (
        Paginator(object_list, per_page)
        if count_limit is None
        else BoundedPaginator(object_list, per_page, limit=count_limit)
    )
    page = paginator.get_page(request.GET.get(param))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return "?" + query.urlencode()

    page.prev_url = url(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = url(page.next_page_number()) if page.has_next() else ""
    return page
