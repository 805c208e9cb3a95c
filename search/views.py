"""The search page and the header autocomplete: thin views over search.service."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from intranet.ratelimit import rate_limit_check
from intranet.viewer_state import personal_page
from profiles.selectors import own_profile_matches

from . import service


def _url(query: str, params: dict, **changes) -> str:
    merged = {"q": query, **params, **changes}
    return "?" + urlencode({k: v for k, v in merged.items() if v not in ("", None)})


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()[: service.MAX_QUERY_CHARS]
    if query:
        rate_limit_check(user=request.user, action="search", request=request)
    if own_profile_matches(request.user, query):
        personal_page(request)  # matched on their own private fields: their copy
    filters, notices = service.parse_filters(request.GET)
    results = service.search(
        query=query, user=request.user, filters=filters, page=request.GET.get("page", 1)
    )
    results.notices[:0] = notices
    params = filters.as_params()
    without_kind = {k: v for k, v in params.items() if k != "kind"}
    tabs = [
        {
            "value": value,
            "label": service.KINDS.get(value, _("All")),
            "url": _url(query, without_kind, kind=value),
            "count": None,
            "active": filters.kind == value,
        }
        for value in [""] + list(service.KINDS)
    ]
    kinds = {f.value: f for f in results.facets.get("kind", [])}
    for tab in tabs[1:]:
        facet = kinds.get(tab["value"])
        tab["count"] = facet.count_label if facet else "0"
    tabs[0]["count"] = service.count_label(
        sum(f.count for f in kinds.values()), any(f.capped for f in kinds.values())
    )
    facet_links = {}
    for name in ("competence", "role", "post_kind"):
        facet_links[name] = [
            {
                "label": value.label,
                "count": value.count_label,
                "active": getattr(filters, name) == value.value,
                "url": _url(
                    query,
                    params,
                    **{
                        name: ""
                        if getattr(filters, name) == value.value
                        else value.value
                    },
                ),
            }
            for value in results.facets.get(name, [])
        ]
    context = {
        "query": query,
        "results": results,
        "tabs": tabs,
        "facet_links": facet_links,
        "filters": filters,
        "clear_url": _url(query, {}),
        "previous_url": _url(query, params, page=results.page - 1),
        "next_url": _url(query, params, page=results.page + 1),
        "last_url": _url(query, params, page=results.num_pages),
    }
    return render(request, "search/search.html", context)


@require_GET
def autocomplete(request):
    """People and competences for the header box: JSON, audience-filtered."""
    query = request.GET.get("q", "").strip()[: service.MAX_QUERY_CHARS]
    if query:
        rate_limit_check(user=request.user, action="autocomplete", request=request)
    return JsonResponse(
        {
            "query": query,
            "results": service.autocomplete(query=query, user=request.user),
        }
    )
