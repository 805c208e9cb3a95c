"""Account URLs beyond allauth's (data export and deletion live in profiles)."""

from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="token_revoke"),
    path("tokens/feed/", views.feed_token_create_view, name="feed_token_create"),
    path("tokens/feed/revoke/", views.feed_token_revoke_view, name="feed_token_revoke"),
]
