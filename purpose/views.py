"""Views under /purpose/: history, proposals, inventory, promise dashboards, the Index.

Thin: rules live in services.py (writes), aggregates.py (the disclosure check)
and intranet.audience (who sees what).
"""

from __future__ import annotations

import csv
from datetime import date

from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from home.models import Promise, PurposePage
from intranet.audience import (
    is_community_manager,
    page_audience,
    page_visible_to,
    pages_visible_to,
)
from intranet.paging import paged
from intranet.redirects import redirect_back
from intranet.strict_input import parse_id

from . import aggregates, charts
from .forms import CommentForm, ProposalForm
from .history import (
    diff_html,
    link_proposals,
    published_versions,
    version_for_revision,
)
from .models import (
    Dimension,
    Proposal,
    ProposalSupport,
    PurposeIndexResponse,
    PurposeIndexRound,
)
from .services import (
    proposal_comment_create,
    proposal_create,
    proposal_support,
    proposal_support_retract,
    response_save,
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


# --- History ------------------------------------------------------------------------


@_public_page
def history(request):
    page = _purpose_page(request)
    versions = published_versions(page)
    link_proposals(
        versions,
        Proposal.objects.filter(
            status=Proposal.Status.ADOPTED, revision__isnull=False
        ).order_by("revision_id"),
    )
    versions.reverse()
    return render(
        request,
        "purpose/history.html",
        {"purpose": page, "versions": versions, **SECTION},
    )


@_public_page
def history_version(request, revision_id: int):
    page = _purpose_page(request)
    versions = published_versions(page)
    index = next(
        (i for i, v in enumerate(versions) if v.revision_id == revision_id), None
    )
    if index is None:
        raise Http404
    version = versions[index]
    previous = versions[index - 1] if index else None
    return render(
        request,
        "purpose/history_version.html",
        {
            "purpose": page,
            "version": version,
            "previous": previous,
            "next": versions[index + 1] if index + 1 < len(versions) else None,
            "statement_diff": diff_html(
                previous.statement_text if previous else "", version.statement_text
            ),
            "promises_diff": diff_html(
                previous.promises_text if previous else "", version.promises_text
            ),
            **SECTION,
        },
    )


# --- Proposals ----------------------------------------------------------------------


def _supported_ids(user, proposals) -> set[int]:
    return set(
        ProposalSupport.objects.filter(
            user=user, proposal__in=[p.pk for p in proposals]
        ).values_list("proposal_id", flat=True)
    )


@_members_only
def proposals(request):
    status = request.GET.get("status") or ""
    qs = Proposal.objects.select_related("author", "promise")
    if status in Proposal.Status.values:
        qs = qs.filter(status=status)
    page = paged(request, qs.order_by("-created_at", "-pk"), per_page=PAGE_SIZE)
    items = list(page.object_list)
    return render(
        request,
        "purpose/proposals.html",
        {
            "proposals": items,
            "page_obj": page,
            "supported": _supported_ids(request.user, items),
            "status": status,
            "statuses": Proposal.Status.choices,
            **SECTION,
        },
    )


@_members_only
def proposal_new(request):
    page = PurposePage.objects.live().first()
    promises = page.promises.all() if page else Promise.objects.none()
    form = ProposalForm(
        request.POST if request.method == "POST" else None, promises=promises
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = proposal_create(
                    author=request.user,
                    target=form.cleaned_data["target"],
                    promise=form.cleaned_data.get("promise"),
                    text=form.cleaned_data["text"],
                    reasoning=form.cleaned_data["reasoning"],
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error(None, message)
            else:
                return redirect(proposal.get_absolute_url())
        status = 400
    return render(
        request,
        "purpose/proposal_form.html",
        {"form": form, **SECTION},
        status=status,
    )


@_members_only
def proposal_detail(request, pk: int):
    proposal = get_object_or_404(
        Proposal.objects.select_related("author", "promise", "decided_by"), pk=pk
    )
    form = CommentForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal_comment_create(
                    author=request.user,
                    proposal=proposal,
                    body=form.cleaned_data["body"],
                )
            except ValidationError as exc:
                for message in _errors(exc):
                    form.add_error("body", message)
            else:
                return redirect(proposal.get_absolute_url() + "#comments")
        status = 400
    return _render_proposal(request, proposal, form=form, status=status)


def _render_proposal(request, proposal, *, form=None, errors=(), status=200):
    published = None
    if proposal.revision_id:
        page = PurposePage.objects.live().first()
        versions = published_versions(page) if page else []
        published = version_for_revision(versions, proposal.revision_id)
    return render(
        request,
        "purpose/proposal_detail.html",
        {
            "proposal": proposal,
            "published_version": published,
            "comments": proposal.comments.select_related("author"),
            "form": form or CommentForm(),
            "supports": ProposalSupport.objects.filter(
                proposal=proposal, user=request.user
            ).exists(),
            "errors": errors,
            **SECTION,
        },
        status=status,
    )


@require_POST
@_members_only
def proposal_support_view(request, pk: int):
    proposal = get_object_or_404(Proposal, pk=pk)
    try:
        if request.POST.get("action") == "retract":
            proposal_support_retract(user=request.user, proposal=proposal)
        else:
            proposal_support(user=request.user, proposal=proposal)
    except ValidationError as exc:
        proposal.refresh_from_db()
        return _render_proposal(request, proposal, errors=_errors(exc), status=400)
    return redirect_back(request, proposal.get_absolute_url())


# --- Inventory ----------------------------------------------------------------------


@_members_only
def inventory(request):
    """Open ideas from the feed and proposals to the purpose, with votes and status."""
    post_model = apps.get_model("feed", "Post")
    ideas = paged(
        request,
        post_model.objects.visible_to(request.user)
        .filter(kind="idea")
        .select_related("author")
        .order_by("-created_at", "-pk"),
        per_page=PAGE_SIZE,
        param="ideas",
    )
    open_proposals = paged(
        request,
        Proposal.objects.filter(status=Proposal.Status.OPEN)
        .select_related("author", "promise")
        .order_by("-support_count", "-created_at", "-pk"),
        per_page=PAGE_SIZE,
        param="proposals",
    )
    decided = list(
        Proposal.objects.exclude(status=Proposal.Status.OPEN)
        .select_related("author", "promise")
        .order_by("-decided_at", "-created_at")[:20]
    )
    return render(
        request,
        "purpose/inventory.html",
        {
            "ideas": ideas,
            "open_proposals": open_proposals,
            "decided": decided,
            "supported": _supported_ids(request.user, open_proposals.object_list),
            **SECTION,
        },
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

    return render(
        request,
        "purpose/promise_dashboard.html",
        {
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


# --- Purpose Index ------------------------------------------------------------------

DIMENSION_AXES = [(d.value, str(d.label)) for d in Dimension]


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
