"""The Purpose Index"""

from __future__ import annotations

import csv

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from intranet.audience import (
    is_community_manager,
)
from intranet.strict_input import parse_id
from intranet.viewer_state import personal

from .. import aggregates, charts
from ..models import (
    Dimension,
    PurposeIndexResponse,
    PurposeIndexRound,
)
from ..services import (
    response_save,
)
from .common import (
    SECTION,
    _managers_only,
    _members_only,
)

# --- Purpose Index ------------------------------------------------------------------

DIMENSION_AXES = [(d.value, str(d.label)) for d in Dimension]


@personal
@_members_only
def index_rounds(request):
    rounds = list(PurposeIndexRound.objects.all()[:50])
    mine = {
        r.round_id: r for r in PurposeIndexResponse.objects.filter(member=request.user)
    }
    rows = [(r, mine.get(r.pk)) for r in rounds]
    return render(
        request,
        "purpose/index_rounds.html",
        {
            "rows": rows,
            "is_manager": is_community_manager(request.user),
            **SECTION,
        },
    )


def _answer_context(request, round_, response, *, values, open_answer, errors):
    statements = list(round_.statements())
    groups = []
    for dimension in Dimension:
        items = [
            {
                "statement": s,
                "value": str(values.get(s.pk, "")),
                "error": errors.get(f"s{s.pk}", ""),
            }
            for s in statements
            if s.dimension == dimension
        ]
        if items:
            groups.append((dimension.label, items))
    return {
        "round": round_,
        "response": response,
        "groups": groups,
        "open_answer": open_answer,
        "general_errors": [m for key, m in errors.items() if not key.startswith("s")],
        "error_count": len(errors),
        "scale": [(1, _("Disagree")), (2, ""), (3, ""), (4, ""), (5, _("Agree"))],
        **SECTION,
    }


@personal
@_members_only
def index_answer(request, pk: int):
    """Answer (or change) a round: save a partial draft or submit all answers."""
    round_ = get_object_or_404(PurposeIndexRound, pk=pk)
    response = PurposeIndexResponse.objects.filter(
        round=round_, member=request.user
    ).first()
    values = (
        {a.statement_id: a.value for a in response.answers.all()} if response else {}
    )
    open_answer = response.open_answer if response else ""
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        # Every "s…" field is an answer; the service refuses ones that name no statement.
        raw = {
            key[1:]: value for key, value in request.POST.items() if key.startswith("s")
        }
        open_answer = request.POST.get("open_answer", "")
        try:
            response_save(
                member=request.user,
                round=round_,
                answers=raw,
                open_answer=open_answer,
                submit=request.POST.get("action") == "submit",
            )
        except ValidationError as exc:
            status = 400
            if hasattr(exc, "error_dict"):
                errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
            else:
                errors = {"__all__": " ".join(exc.messages)}
            values = {
                parse_id(k): v for k, v in raw.items() if v and parse_id(k) is not None
            }
        else:
            if request.POST.get("action") == "submit":
                return redirect("purpose:index-result", pk=round_.pk)
            return redirect(request.path + "?saved=1")
    context = _answer_context(
        request, round_, response, values=values, open_answer=open_answer, errors=errors
    )
    context["saved"] = request.GET.get("saved") == "1" and status == 200
    return render(request, "purpose/index_answer.html", context, status=status)


@personal
@_members_only
def index_result(request, pk: int):
    """The member's own result next to the organisation's (if enough people answered)."""
    round_ = get_object_or_404(PurposeIndexRound, pk=pk)
    own = aggregates.own_summary(round_, request.user)
    compared = aggregates.comparison_round(round_)
    organisation = (
        aggregates.RoundData(compared).group(aggregates.Filters()) if compared else None
    )
    series = []
    if own:
        series.append((_("You"), own.dimensions))
    if organisation and organisation.shown:
        label = _("Organisation")
        if compared != round_:
            label = _("Organisation, %(round)s") % {"round": compared.title}
        series.append((label, organisation.summary.dimensions))
    chart = (
        charts.radar(
            title=_("%(round)s: your result compared") % {"round": round_.title},
            axes=DIMENSION_AXES,
            series=series,
        )
        if series
        else ""
    )
    return render(
        request,
        "purpose/index_result.html",
        {
            "round": round_,
            "own": own,
            "organisation": organisation,
            "compared": compared,
            "chart": chart,
            "min_group": aggregates.min_group(),
            **SECTION,
        },
    )


def _filter_options(data: aggregates.RoundData):
    network_model = apps.get_model("profiles", "Network")
    networks = list(network_model.objects.values_list("pk", "name"))
    role_model = aggregates._role_model()
    roles = list(role_model.objects.values_list("pk", "name")) if role_model else []
    return networks, roles


@_managers_only
def index_aggregate(request, pk: int):
    round_ = get_object_or_404(PurposeIndexRound, pk=pk)
    filters = aggregates.Filters.from_query(request.GET)
    data = aggregates.RoundData(round_)
    group = data.group(filters)
    networks, roles = _filter_options(data)
    chart = ""
    statement_rows = []
    if group.shown:
        chart = charts.radar(
            title=_("%(round)s: selected group") % {"round": round_.title},
            axes=DIMENSION_AXES,
            series=[(_("Selected group"), group.summary.dimensions)],
        )
        statement_rows = [
            (s, group.summary.statements.get(s.pk)) for s in data.statements
        ]
    breakdowns = [
        (_("By membership kind"), data.breakdown("kind", filters)),
        (_("By network"), data.breakdown("network", filters)),
        (_("By role"), data.breakdown("role", filters)),
    ]
    trend_rows = aggregates.trend(filters)
    trend_chart = charts.lines(
        title=_("Trend across rounds"),
        x_labels=[r.title for r, _g in trend_rows],
        axis_labels=[
            date_format(r.closes_at, "YEAR_MONTH_FORMAT") for r, _g in trend_rows
        ],
        series=[
            (
                str(d.label),
                [
                    g.summary.dimensions.get(d.value) if g.shown else None
                    for _r, g in trend_rows
                ],
            )
            for d in Dimension
        ],
    )
    return render(
        request,
        "purpose/index_aggregate.html",
        {
            "round": round_,
            "filters": filters,
            "group": group,
            "chart": chart,
            "statement_rows": statement_rows,
            "breakdowns": breakdowns,
            "trend_chart": trend_chart,
            "trend_hidden": [r for r, g in trend_rows if not g.shown],
            "networks": networks,
            "roles": roles,
            "kinds": list(aggregates.KINDS.items()),
            "dimensions": list(Dimension),
            "min_group": aggregates.min_group(),
            "query": request.GET.urlencode(),
            **SECTION,
        },
    )


@_managers_only
def index_export(request, pk: int):
    """Aggregates as CSV: groups below the threshold appear without any numbers."""
    round_ = get_object_or_404(PurposeIndexRound, pk=pk)
    filters = aggregates.Filters.from_query(request.GET)
    data = aggregates.RoundData(round_)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="purpose-index-{round_.pk}.csv"'
    )
    writer = csv.writer(response)
    dimensions = list(Dimension)
    writer.writerow(
        ["scope", "group", "respondents"] + [d.value for d in dimensions] + ["note"]
    )

    def write(scope, result):
        if result.shown:
            writer.writerow(
                [scope, result.label, result.n]
                + [result.summary.dimensions.get(d.value, "") for d in dimensions]
                + [""]
            )
        else:
            writer.writerow(
                [scope, result.label, ""] + [""] * len(dimensions) + [result.reason]
            )

    write("selection", data.group(filters, label=_("Selected group")))
    for axis in ("kind", "network", "role"):
        for row in data.breakdown(axis, filters):
            write(axis, row)
    return response
