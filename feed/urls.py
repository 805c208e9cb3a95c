"""URLs under /feed/."""

from django.urls import path

from . import views
from .syndication import results_atom

app_name = "feed"
urlpatterns = [
    path("", views.feed, name="feed"),
    path("results.atom", results_atom, name="results_atom"),
    path("posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/", views.post_detail, name="post"),
    path("posts/<int:pk>/image/<str:name>", views.post_image, name="post_image"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("posts/<int:pk>/react/", views.react, name="react"),
    path("posts/<int:pk>/report/", views.report, name="report_post"),
    path("posts/<int:pk>/curate/", views.curate, name="curate"),
    path("comments/<int:comment_pk>/report/", views.report, name="report_comment"),
    path(
        "comments/<int:comment_pk>/curate/",
        views.comment_curate,
        name="comment_curate",
    ),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("mentions/", views.mention_suggestions, name="mentions"),
]
