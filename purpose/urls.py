"""URLs under /purpose/ besides the purpose page itself (a Wagtail page)."""

app_name = "purpose"
urlpatterns: list = []
