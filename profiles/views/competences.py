"""Competences"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from intranet.paging import paged

from .. import selectors
from ..models import (
    Competence,
)

# --- competences --------------------------------------------------------------


@require_GET
def competence_autocomplete(request):
    results = [
        {"name": c.name, "slug": c.slug, "uses": c.uses}
        for c in selectors.competences_autocomplete(q=request.GET.get("q", "")[:100])
    ]
    return JsonResponse({"results": results})


@require_GET
def competence_list(request):
    page = paged(request, selectors.competence_index(), per_page=60)
    return render(request, "profiles/competence_list.html", {"page_obj": page})


@require_GET
def competence_detail(request, slug):
    competence = get_object_or_404(Competence, slug=slug)
    knowers, learners = selectors.competence_people(
        viewer=request.user, competence=competence
    )
    return render(
        request,
        "profiles/competence_detail.html",
        {
            "competence": competence,
            "knowers": knowers,
            "learners": learners,
        },
    )
