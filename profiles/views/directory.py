"""The people directory."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from intranet.viewer_state import personal_page

from .. import selectors
from ..models import (
    Competence,
)
from .common import (
    PAGE_SIZE,
)

# --- directory ----------------------------------------------------------------


class DirectoryPaginator(Paginator):
    """Counts at most COUNT_CAP people ("1,000+ people" past it).

    Counting every member who matches a filter grows with the community; the
    cap keeps the count, like the page itself, bounded.
    """

    COUNT_CAP = 1000
    capped = False

    @cached_property
    def count(self):
        n = self.object_list.order_by()[: self.COUNT_CAP + 1].count()
        self.capped = n > self.COUNT_CAP
        return min(n, self.COUNT_CAP)

    @property
    def count_label(self) -> str:
        text = number_format(self.count, force_grouping=True)
        return f"{text}+" if self.capped else text


@require_GET
def directory(request):
    q = request.GET.get("q", "")[:200]
    if selectors.own_profile_matches(request.user, q):
        personal_page(request)  # matched on their own private fields: their copy
    competence_slugs = [s[:100] for s in request.GET.getlist("competence")][:5]
    role_slug = request.GET.get("role", "")[:120]
    kind = request.GET.get("kind", "")[:16]
    profiles, notes = selectors.directory_profiles(
        viewer=request.user,
        q=q,
        competence_slugs=competence_slugs,
        role_slug=role_slug,
        kind=kind,
    )
    page = DirectoryPaginator(
        profiles.values(*selectors.CARD_FIELDS), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    page.object_list = selectors.person_cards(
        viewer=request.user, rows=page.object_list
    )
    filter_notes = []
    for what, values in notes:
        names = ", ".join(values)
        if what == "competence":
            filter_notes.append(_("No competence is called “%(n)s”.") % {"n": names})
        elif what == "role":
            filter_notes.append(_("No role is called “%(n)s”.") % {"n": names})
        else:
            filter_notes.append(_("“%(n)s” is not a kind of member.") % {"n": names})
    roles = selectors.role_choices(viewer=request.user)
    popular = selectors.popular_competences()
    chosen = list(Competence.objects.filter(slug__in=competence_slugs))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "profiles/directory.html",
        {
            "page_obj": page,
            "q": q,
            "chosen_competences": chosen,
            "role_slug": role_slug,
            "kind": kind,
            "roles": roles,
            "popular_competences": popular,
            "filter_notes": filter_notes,
            "querystring": query.urlencode(),
            "kinds": [
                ("external", _("External members")),
                ("employee", _("Employees")),
                ("manager", _("Community managers")),
            ],
        },
    )
