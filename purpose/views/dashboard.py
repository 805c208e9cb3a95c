"""A promise's dashboard"""

from __future__ import annotations

from datetime import date

from django.apps import apps
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from home.models import Promise
from intranet.audience import (
    pages_visible_to,
)

from .. import charts
from ..models import Signal
from ..rollup import promise_rollup
from ..stories import stories_visible_to
from .common import (
    SECTION,
    _public_page,
    _purpose_page,
)

# --- Promise dashboard --------------------------------------------------------------


def _last_months(n: int) -> list[date]:
    today = timezone.localdate().replace(day=1)
    months = []
    year, month = today.year, today.month
    for _i in range(n):
        months.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


@_public_page
def promise_dashboard(request, slug: str):
    page = _purpose_page(request)
    promise = get_object_or_404(Promise, page=page, slug=slug)
    post_model = apps.get_model("feed", "Post")
    results = post_model.objects.visible_to(request.user).filter(
        kind="result", promise=promise
    )
    months = _last_months(12)
    per_month = {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["n"]
        for row in results.filter(created_at__date__gte=months[0])
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by()
    }
    labels = [date_format(m, "YEAR_MONTH_FORMAT") for m in months]
    values = [per_month.get(m, 0) for m in months]
    chart = charts.bars(
        title=_("Results for “%(promise)s” per month") % {"promise": promise.title},
        labels=labels,
        values=values,
        value_label=_("Results"),
        axis_labels=[date_format(m, "M") for m in months],
    )
    recent = list(results.select_related("author").order_by("-created_at")[:10])

    roadmaps = []
    try:
        roadmap_model = apps.get_model("roadmaps", "RoadmapPage")
        if any(f.name == "promises" for f in roadmap_model._meta.get_fields()):
            roadmaps = list(
                pages_visible_to(
                    request.user,
                    roadmap_model.objects.live().filter(promises=promise),
                ).order_by("title")
            )
    except LookupError:
        roadmaps = []

    contributors = []
    author_counts = list(
        results.values("author_id")
        .annotate(n=Count("id"))
        .order_by("-n", "author_id")[:12]
    )
    try:
        profile_model = apps.get_model("profiles", "Profile")
        profiles = {
            p.user_id: p
            for p in profile_model.objects.visible_to(request.user)
            .filter(user_id__in=[row["author_id"] for row in author_counts])
            .select_related("user")
        }
        contributors = [
            (profiles[row["author_id"]], row["n"])
            for row in author_counts
            if row["author_id"] in profiles
        ]
    except LookupError:
        contributors = []

    rollup = promise_rollup(promise=promise, viewer=request.user)
    rollup_chart = None
    if rollup.shown:
        rollup_chart = charts.bars(
            title=_("Team scores for “%(promise)s”") % {"promise": promise.title},
            labels=[str(score) for score, _n in rollup.distribution],
            values=[n for _score, n in rollup.distribution],
            value_label=_("Reflections"),
            axis_labels=[str(score) for score, _n in rollup.distribution],
        )
    signals = list(
        Signal.objects.visible_to(request.user)
        .filter(promise=promise)
        .order_by("-created_at", "-pk")[:5]
    )
    stories = list(
        stories_visible_to(request.user)
        .filter(promise=promise)
        .select_related("author__profile")
        .order_by("-created_at", "-pk")[:5]
    )

    return render(
        request,
        "purpose/promise_dashboard.html",
        {
            "rollup": rollup,
            "rollup_chart": rollup_chart,
            "signals": signals,
            "stories": stories,
            "purpose": page,
            "promise": promise,
            "chart": chart,
            "total": sum(values),
            "recent": recent,
            "roadmaps": roadmaps,
            "contributors": contributors,
            **SECTION,
        },
    )
