"""REST endpoints (read) for speak-up signals and a team's reflections.

Signals follow their audience, and a hidden author's name is left out for anyone
but the author and community managers. A team's reflections answer 404 to anyone
outside the team. Stories are posts (kind ``story``) under /api/v1/posts/.
"""

from django.core.paginator import Paginator
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.api import page_number, paginate, query_text, text_schema
from intranet.strict_input import MAX_ID, parse_id
from profiles.models import Network

from . import reflections, speakup
from .models import ReflectionRound, Signal, SignalStatus, TeamReflection

PAGE_SIZE = 20


class SignalStepSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    reason = serializers.CharField()
    at = serializers.DateTimeField()


class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField(help_text="Plain text.")
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    promise = serializers.CharField()
    audience = serializers.CharField()
    author = serializers.CharField(
        allow_null=True, help_text="Null when the author hid their name from you."
    )
    created_at = serializers.DateTimeField()
    url = serializers.URLField()


class SignalDetailSerializer(SignalSerializer):
    steps = SignalStepSerializer(many=True)


class SignalPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = SignalSerializer(many=True)


def _signal_data(request, signal) -> dict:
    author = None
    if signal.author_shown_to(request.user):
        profile = getattr(signal.author, "profile", None)
        author = (
            profile.display_name if profile else None
        ) or signal.author.get_username()
    return {
        "id": signal.pk,
        "title": signal.title,
        "body": signal.body,
        "status": signal.status,
        "promise": signal.promise.title,
        "audience": signal.audience,
        "author": author,
        "created_at": signal.created_at,
        "url": request.build_absolute_uri(signal.get_absolute_url()),
    }


class SignalListView(APIView):
    """The signal board: the signals the caller may see, newest first."""

    @extend_schema(
        operation_id="signals_list",
        parameters=[
            OpenApiParameter(
                "status",
                {"type": "string", "enum": list(SignalStatus.values)},
            ),
            OpenApiParameter(
                "promise", {"type": "integer", "minimum": 1, "maximum": MAX_ID}
            ),
            OpenApiParameter("page", {"type": "integer", "minimum": 1}),
        ],
        responses=SignalPageSerializer,
    )
    def get(self, request):
        status = query_text(request, "status", limit=16)
        if "status" in request.query_params and status not in SignalStatus.values:
            raise ParseError("status: unknown status.")
        raw_promise = request.query_params.get("promise")
        promise_id = parse_id(raw_promise) if raw_promise is not None else None
        if raw_promise is not None and promise_id is None:
            raise ParseError("promise: must be a whole number from 1.")
        qs = speakup.signal_board(
            viewer=request.user, status=status, promise_id=promise_id
        ).order_by("-created_at", "-pk")
        page = paginate(Paginator(qs, PAGE_SIZE), page_number(request))
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "results": [_signal_data(request, s) for s in page],
            }
        )


class SignalDetailView(APIView):
    @extend_schema(operation_id="signals_detail", responses=SignalDetailSerializer)
    def get(self, request, pk: int):
        signal = (
            Signal.objects.visible_to(request.user)
            .select_related("promise", "author__profile")
            .filter(pk=pk)
            .first()
        )
        if signal is None:
            raise NotFound
        data = _signal_data(request, signal)
        data["steps"] = [
            {"status": s.status, "reason": s.reason, "at": s.created_at}
            for s in signal.steps.all()
        ]
        return Response(data)


class ReflectionSerializer(serializers.Serializer):
    promise = serializers.CharField()
    period_start = serializers.DateField()
    member = serializers.CharField()
    score = serializers.IntegerField(min_value=1, max_value=5)
    seen = serializers.CharField(allow_blank=True)
    felt = serializers.CharField(allow_blank=True)
    adjust = serializers.CharField(allow_blank=True)
    action = serializers.CharField(allow_blank=True)


class TeamReflectionsView(APIView):
    """A team's reflections, newest period first: for the team's members only."""

    @extend_schema(
        operation_id="team_reflections",
        parameters=[OpenApiParameter("slug", text_schema(120), OpenApiParameter.PATH)],
        responses=ReflectionSerializer(many=True),
    )
    def get(self, request, slug: str):
        team = Network.objects.filter(slug=slug, is_team=True).first()
        if team is None or not reflections.is_team_member(team=team, user=request.user):
            raise NotFound
        rounds = ReflectionRound.objects.visible_to(request.user).filter(team=team)
        rows = (
            TeamReflection.objects.filter(round__in=rounds)
            .select_related("round__promise", "member__profile")
            .order_by("-round__period_start", "created_at")[:200]
        )
        return Response(
            [
                {
                    "promise": r.round.promise.title,
                    "period_start": r.round.period_start,
                    "member": getattr(
                        getattr(r.member, "profile", None), "display_name", ""
                    )
                    or r.member.get_username(),
                    "score": r.score,
                    "seen": r.seen,
                    "felt": r.felt,
                    "adjust": r.adjust,
                    "action": r.action,
                }
                for r in rows
            ]
        )


app_name = "purpose"
urlpatterns = [
    path("signals/", SignalListView.as_view(), name="signals"),
    path("signals/<int:pk>/", SignalDetailView.as_view(), name="signal"),
    path(
        "teams/<slug:slug>/reflections/",
        TeamReflectionsView.as_view(),
        name="team-reflections",
    ),
]
