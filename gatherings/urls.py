"""URLs of gatherings, under /gatherings/."""

from django.urls import path

from . import views

app_name = "gatherings"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("calendar.ics", views.calendar_feed, name="calendar"),
    path(
        "networks/<slug:slug>/calendar.ics",
        views.network_calendar_feed,
        name="network_calendar",
    ),
    path("cancel/<str:token>/", views.cancel_link, name="cancel_link"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/gathering.ics", views.event_ics, name="event_ics"),
    path("<int:pk>/signup/", views.signup, name="signup"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/cancel/", views.cancel_gathering, name="cancel"),
    path("<int:pk>/results/", views.results, name="results"),
]
