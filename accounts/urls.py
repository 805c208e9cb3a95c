"""Account URLs beyond allauth's (data export and deletion live in profiles)."""

app_name = "accounts"
urlpatterns: list = []
