"""API views shared by all apps; app endpoints live in <app>/api.py."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from intranet.audience import membership_kind


class MeSerializer(serializers.Serializer):
    authenticated = serializers.BooleanField()
    username = serializers.CharField(allow_null=True)
    membership = serializers.CharField()


class MeView(APIView):
    """Who the API thinks you are."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        return Response(
            MeSerializer(
                {
                    "authenticated": user.is_authenticated,
                    "username": user.username if user.is_authenticated else None,
                    "membership": membership_kind(user),
                }
            ).data
        )


@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@schema(None)
def not_found(request, *args, **kwargs):
    raise NotFound
