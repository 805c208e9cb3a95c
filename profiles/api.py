"""REST endpoints for people: the directory and one profile, audience applied by selectors."""

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import selectors

PAGE_SIZE = 24


class PersonSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()
    headline = serializers.CharField()
    url = serializers.CharField()
    roles = serializers.ListField(child=serializers.DictField())
    competences = serializers.ListField(child=serializers.DictField())


class PeopleView(APIView):
    """The people directory: the same filters as /people/."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str),
            OpenApiParameter("competence", str, many=True),
            OpenApiParameter("role", str),
            OpenApiParameter("kind", str),
            OpenApiParameter("page", int),
        ],
        responses=PersonSerializer(many=True),
    )
    def get(self, request):
        profiles, notes = selectors.profiles_for_directory(
            viewer=request.user,
            q=request.query_params.get("q", "")[:200],
            competence_slugs=request.query_params.getlist("competence")[:5],
            role_slug=request.query_params.get("role", "")[:120],
            kind=request.query_params.get("kind", "")[:16],
        )
        page = Paginator(profiles, PAGE_SIZE).get_page(request.query_params.get("page"))
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "unknown_filters": [{"filter": f, "values": v} for f, v in notes],
                "results": [
                    selectors.person_summary(profile=p, viewer=request.user)
                    for p in page
                ],
            }
        )


class PersonView(APIView):
    """One profile, with only the fields the caller may see."""

    @extend_schema(responses=PersonSerializer)
    def get(self, request, username):
        profile = selectors.profile_for_page(viewer=request.user, username=username)
        if profile is None:
            raise Http404
        return Response(selectors.profile_data(profile=profile, viewer=request.user))


app_name = "people"
urlpatterns = [
    path("", PeopleView.as_view(), name="list"),
    path("<str:username>/", PersonView.as_view(), name="detail"),
]
