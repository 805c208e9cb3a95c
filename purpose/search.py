"""What the purpose app makes searchable: speak-up signals (their own tab), under
the signal's audience; a hidden author's name is never searched or shown, and on
Elasticsearch no author's name is indexed at all (``search.documents.SignalDocument``).

Living stories are feed posts (kind ``story``) and are found with the posts. Team
reflections are the team's own and are not searchable at all.
Registered with the search registry; the search app never imports purpose.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy

from intranet import search
from intranet.search import Hit, Matches, highlight

from .models import Signal


def _signals(ctx):
    f = ctx.filters
    if f.post_kind or f.role or f.competence or ctx.network or ctx.network_missing:
        return None
    qs = Signal.objects.visible_to(ctx.user)
    for term in ctx.terms:
        qs = qs.filter(Q(title__icontains=term) | Q(body__icontains=term))
    if f.date_from:
        qs = qs.filter(created_at__date__gte=f.date_from)
    if f.date_to:
        qs = qs.filter(created_at__date__lte=f.date_to)
    return qs


def _hits(ctx, ids, limit) -> list[Hit]:
    rows = Signal.objects.filter(pk__in=ids[:limit]).order_by("-created_at", "-pk")
    return [
        Hit(
            type="signal",
            title=signal.title,
            snippet=highlight(signal.body, ctx.terms),
            url=signal.get_absolute_url(),
            score=5.0,
            date=signal.created_at,
            label=str(signal.get_status_display()),
            sort_key=(-signal.created_at.timestamp(),),
            pk=signal.pk,
        )
        for signal in rows
    ]


class SignalSearch(search.SearchType):
    kind = "signal"
    label = gettext_lazy("Signals")
    #: ``search.documents.SignalDocument`` on Elasticsearch.
    index = "signals"

    def match(self, ctx):
        qs = _signals(ctx)
        if qs is None:
            return None
        ids = list(
            qs.order_by("-created_at", "-pk").values_list("pk", flat=True)[
                : ctx.cap + 1
            ]
        )
        capped = len(ids) > ctx.cap
        ids = ids[: ctx.cap]
        return Matches(
            count=len(ids), capped=capped, hits=lambda limit: _hits(ctx, ids, limit)
        )

    def objects(self):
        return Signal.objects.all()

    def dependencies(self):
        # A triage step saves the signal (its status): index it again.
        return [(Signal, lambda signal: [signal.pk])]

    def source(self, signal) -> dict:
        """The indexed document: never the author's name (hidden or not), only their
        id, so the author finds their own signal under the same rule as the
        database backend."""
        return {
            "type": "signal",
            "title": signal.title,
            "body": signal.body,
            "audience": signal.audience,
            "author_id": signal.author_id,
            "hide_name": signal.hide_name,
            "status": signal.status,
            "promise_id": signal.promise_id,
            "created_at": signal.created_at,
            "url": signal.get_absolute_url(),
        }


search.register(SignalSearch())
