"""URLs under /people/."""

from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("networks/<slug:slug>/", views.network, name="network"),
    path("<str:username>/", views.detail, name="detail"),
]
