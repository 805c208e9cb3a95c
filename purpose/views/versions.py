"""Views of the purpose statement's history and its published versions."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from ..history import (
    diff_html,
    link_proposals,
    published_versions,
)
from ..models import (
    Proposal,
)
from .common import (
    SECTION,
    _public_page,
    _purpose_page,
)

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
