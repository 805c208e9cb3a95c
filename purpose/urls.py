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
    path("teams/<slug:slug>/", views.team_page, name="team"),
    path("teams/<slug:slug>/open/", views.team_open_round, name="team-open"),
    path("reflections/<int:pk>/", views.reflection_round, name="reflection"),
    path(
        "reflections/<int:pk>/story/",
        views.reflection_story_new,
        name="reflection-story",
    ),
    path(
        "reflections/<int:pk>/close/",
        views.reflection_round_close,
        name="reflection-close",
    ),
    path("signals/", views.signal_board, name="signals"),
    path("signals/new/", views.signal_new, name="signal-new"),
    path("signals/<int:pk>/", views.signal_detail, name="signal"),
    path("signals/<int:pk>/story/", views.signal_story_new, name="signal-story"),
    path("signals/<int:pk>/follow/", views.signal_follow, name="signal-follow"),
    path("signals/<int:pk>/move/", views.signal_move, name="signal-move"),
]
