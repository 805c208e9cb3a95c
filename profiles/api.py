"""REST endpoints for people: the directory and one profile, audience applied by selectors."""

from django.core.paginator import Paginator
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.api import page_number, paginate, query_list, query_text, text_schema

from . import selectors

PAGE_SIZE = 24


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField()
    slug = serializers.CharField()
    context = serializers.CharField(allow_blank=True)
    since = serializers.DateField(required=False)
    until = serializers.DateField(required=False, allow_null=True)


class CompetenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    level = serializers.CharField(allow_blank=True, allow_null=True)
    endorsements = serializers.IntegerField()


class PersonSerializer(serializers.Serializer):
    """A person; the audience-bound fields appear only when the caller may see them."""

    username = serializers.CharField()
    display_name = serializers.CharField(allow_blank=True)
    headline = serializers.CharField(allow_blank=True)
    url = serializers.URLField(help_text="Absolute URL of the profile page.")
    bio = serializers.CharField(required=False, help_text="Sanitised HTML.")
    location = serializers.CharField(required=False)
    languages = serializers.ListField(child=serializers.CharField(), required=False)
    email = serializers.EmailField(required=False)
    phone = serializers.CharField(required=False)
    links = serializers.ListField(child=serializers.CharField(), required=False)
    roles = RoleSerializer(many=True)
    competences = CompetenceSerializer(many=True)


class PersonDetailSerializer(PersonSerializer):
    learning_interests = serializers.ListField(child=serializers.CharField())


class UnknownFilterSerializer(serializers.Serializer):
    filter = serializers.CharField()
    values = serializers.ListField(child=serializers.CharField())


class PeoplePageSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="People matching, on all pages.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    unknown_filters = UnknownFilterSerializer(many=True)
    results = PersonSerializer(many=True)


def _absolute(request, data: dict) -> dict:
    data["url"] = request.build_absolute_uri(data["url"])
    return data


class PeopleView(APIView):
    """The people directory: the same filters as /people/."""

    @extend_schema(
        operation_id="people_list",
        parameters=[
            OpenApiParameter("q", text_schema(200)),
            OpenApiParameter(
                "competence",
                {
                    "type": "array",
                    "items": text_schema(120),
                    "maxItems": 5,
                },
                explode=True,
                description="Up to 5 competence slugs.",
            ),
            OpenApiParameter("role", text_schema(120)),
            OpenApiParameter(
                "kind",
                text_schema(16),
                description="employee, external or manager; others are reported "
                "in unknown_filters.",
            ),
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1},
                description="From 1; past the last page is a 404.",
            ),
        ],
        responses=PeoplePageSerializer,
    )
    def get(self, request):
        kind = query_text(request, "kind", limit=16)
        profiles, notes = selectors.profiles_for_directory(
            viewer=request.user,
            q=query_text(request, "q", limit=200),
            competence_slugs=query_list(request, "competence", limit=120, count=5),
            role_slug=query_text(request, "role", limit=120),
            kind=kind,
        )
        page = paginate(Paginator(profiles, PAGE_SIZE), page_number(request))
        return Response(
            {
                "count": page.paginator.count,
                "page": page.number,
                "pages": page.paginator.num_pages,
                "unknown_filters": [{"filter": f, "values": v} for f, v in notes],
                "results": [
                    _absolute(
                        request,
                        selectors.person_summary(profile=p, viewer=request.user),
                    )
                    for p in page
                ],
            }
        )


class PersonView(APIView):
    """One profile, with only the fields the caller may see."""

    @extend_schema(operation_id="people_detail", responses=PersonDetailSerializer)
    def get(self, request, username):
        profile = selectors.profile_for_page(viewer=request.user, username=username)
        if profile is None:
            raise NotFound
        return Response(
            _absolute(
                request, selectors.profile_data(profile=profile, viewer=request.user)
            )
        )


app_name = "people"
urlpatterns = [
    path("", PeopleView.as_view(), name="list"),
    path("<str:username>/", PersonView.as_view(), name="detail"),
]
