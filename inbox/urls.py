"""Site URLs of the inbox (the admin ones are registered in wagtail_hooks)."""

from django.urls import path

from . import views

app_name = "inbox"

urlpatterns = [
    path("", views.inbox_site, name="inbox"),
    path("decide/", views.decide_site, name="decide"),
]
