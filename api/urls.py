"""REST API routes under /api/v1/."""

from django.urls import include, path, re_path

from . import contributions, views

app_name = "api"
urlpatterns = [
    path("me/", views.MeView.as_view(), name="me"),
    path("people/", include("profiles.api")),
    path("posts/", contributions.PostCreateView.as_view(), name="posts"),
    path("posts/<int:pk>/", contributions.PostDetailView.as_view(), name="post"),
    path(
        "posts/<int:pk>/reactions/",
        contributions.ReactView.as_view(),
        name="post_reactions",
    ),
    path(
        "posts/<int:pk>/comments/",
        contributions.CommentCreateView.as_view(),
        name="post_comments",
    ),
    path(
        "roadmaps/<slug:slug>/items/<slug:item_slug>/vote/",
        contributions.VoteView.as_view(),
        name="item_vote",
    ),
    path("roadmaps/", include("roadmaps.api")),
    path("purpose/", include("purpose.api")),
    # Anything else under /api/v1/ is a JSON 404, never the site's HTML page.
    re_path(r"^", views.not_found),
]
