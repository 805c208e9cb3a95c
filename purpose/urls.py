"""URLs under /purpose/ besides the purpose page itself (a Wagtail page)."""

from django.urls import path

from . import views

app_name = "purpose"
urlpatterns = [
    path("history/", views.history, name="history"),
    path("history/<int:revision_id>/", views.history_version, name="history-version"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/new/", views.proposal_new, name="proposal-new"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path(
        "proposals/<int:pk>/support/",
        views.proposal_support_view,
        name="proposal-support",
    ),
    path("inventory/", views.inventory, name="inventory"),
    path("promises/<slug:slug>/", views.promise_dashboard, name="promise"),
    path("index/", views.index_rounds, name="index"),
    path("index/<int:pk>/", views.index_answer, name="index-answer"),
    path("index/<int:pk>/result/", views.index_result, name="index-result"),
    path("index/<int:pk>/aggregate/", views.index_aggregate, name="index-aggregate"),
    path("index/<int:pk>/aggregate.csv", views.index_export, name="index-export"),
]
