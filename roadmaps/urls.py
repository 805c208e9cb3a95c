"""The one roadmap URL Wagtail's page serving cannot match: the Atom feed's dot."""

from django.urls import path

from . import views

app_name = "roadmaps"
urlpatterns = [
    path("<slug:slug>/feed.atom", views.atom_feed_by_slug, name="feed"),
]
