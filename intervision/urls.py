"""URLs under /circles/: circles, their sessions, the learning log."""

from django.urls import path

from . import views

app_name = "intervision"
urlpatterns = [
    path("", views.circles, name="circles"),
    path("new/", views.circle_new, name="circle-new"),
    path("learning/", views.learning_log, name="learning"),
    path("learning/<int:pk>/delete/", views.learning_delete, name="learning-delete"),
    path("<int:pk>/", views.circle_detail, name="circle"),
    path("<int:pk>/leave/", views.circle_leave, name="circle-leave"),
    path("<int:pk>/sessions/new/", views.session_new, name="session-new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/move/", views.session_move, name="session-move"),
    path(
        "sessions/<int:pk>/contribute/",
        views.session_contribute,
        name="session-contribute",
    ),
    path("sessions/<int:pk>/publish/", views.session_publish, name="session-publish"),
]
