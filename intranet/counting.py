"""Counts of related rows as a column of the outer query (one query for a whole list)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def correlated_count(queryset, field_name: str):
    """A correlated ``COUNT`` of ``queryset``'s rows whose ``field_name`` points at
    the outer row (0 when there are none), for ``annotate()`` or ``update()``."""
    sub = (
        queryset.filter(**{field_name: OuterRef("pk")})
        .order_by()
        .values(field_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)
