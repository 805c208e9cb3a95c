"""REST API routes under /api/v1/."""

from django.urls import include, path

from . import views

app_name = "api"
urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("people/", include("profiles.api")),
    path("roadmaps/", include("roadmaps.api")),
]
