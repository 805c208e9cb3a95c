"""REST endpoints for roadmaps: the same audience rule as the pages (page privacy
through intranet.audience); a roadmap the caller may not see is a 404."""

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.api import query_text, text_schema
from intranet.audience import page_audience, pages_visible_to
from intranet.site_url import page_url

from . import selectors
from .models import RoadmapIndexPage, RoadmapPage, Status


class ItemSerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.URLField()
    status = serializers.ChoiceField(choices=Status.choices)
    period = serializers.CharField(allow_blank=True)
    lane = serializers.CharField(allow_blank=True)
    votes = serializers.IntegerField()
    results = serializers.IntegerField()
    open_roles = serializers.IntegerField()


class RoadmapSerializer(serializers.Serializer):
    title = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.URLField()
    audience = serializers.ChoiceField(choices=["public", "community", "staff"])


class RoadmapDetailSerializer(RoadmapSerializer):
    items = ItemSerializer(many=True)


class RoadmapListSerializer(serializers.Serializer):
    results = RoadmapSerializer(many=True)


def _roadmap(page, request, items=None):
    data = {
        "title": page.title,
        "slug": page.slug,
        "url": page_url(page, request),
        "audience": str(page_audience(page)),
    }
    if items is not None:
        data["items"] = [
            {
                "title": i.title,
                "slug": i.slug,
                "url": page_url(i, request),
                "status": i.status,
                "period": i.period,
                "lane": i.lane,
                "votes": i.vote_count,
                "results": i.result_count,
                "open_roles": i.open_role_count,
            }
            for i in items
        ]
    return data


class RoadmapListView(APIView):
    """The roadmaps the caller may see."""

    @extend_schema(operation_id="roadmaps_list", responses=RoadmapListSerializer)
    def get(self, request):
        index = RoadmapIndexPage.objects.first()
        roadmaps = (
            selectors.roadmaps_for_index(user=request.user, index=index)
            if index
            else []
        )
        return Response({"results": [_roadmap(r, request) for r in roadmaps]})


class RoadmapDetailView(APIView):
    """One roadmap and its items, filterable like the board."""

    @extend_schema(
        operation_id="roadmaps_detail",
        parameters=[
            OpenApiParameter("status", str, enum=Status.values),
            OpenApiParameter(
                "lane",
                text_schema(200),
                description="A lane of this roadmap.",
            ),
        ],
        responses=RoadmapDetailSerializer,
    )
    def get(self, request, slug):
        page = (
            pages_visible_to(request.user, RoadmapPage.objects.live())
            .filter(slug=slug)
            .first()
        )
        if page is None:
            raise NotFound
        query_text(request, "status", limit=40)
        query_text(request, "lane", limit=200)
        lanes = selectors.roadmap_lanes(page, request.user)
        try:
            filters = selectors.Filters.from_query(request.query_params, lanes)
        except selectors.UnknownFilter as exc:
            raise ParseError(str(exc)) from exc
        items = filters.apply(selectors.annotated_items(request.user, page)).order_by(
            "path"
        )[: selectors.BOARD_LIMIT]
        return Response(_roadmap(page, request, items))


app_name = "roadmaps"
urlpatterns = [
    path("", RoadmapListView.as_view(), name="list"),
    path("<slug:slug>/", RoadmapDetailView.as_view(), name="detail"),
]
