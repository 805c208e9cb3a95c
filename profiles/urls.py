"""URLs under /people/. `<str:username>` patterns stay last."""

from django.urls import path

from . import views

app_name = "profiles"
urlpatterns = [
    path("", views.directory, name="directory"),
    # the member's own pages
    path("me/", views.me, name="me"),
    path("me/edit/", views.edit, name="edit"),
    path("me/competences/", views.competence_add, name="competence_add"),
    path(
        "me/competences/<int:competence_id>/remove/",
        views.competence_remove,
        name="competence_remove",
    ),
    path("me/learning/", views.learning_add, name="learning_add"),
    path(
        "me/learning/<int:competence_id>/remove/",
        views.learning_remove,
        name="learning_remove",
    ),
    path("me/roles/claim/", views.claim_role, name="claim_role"),
    path("me/export/", views.export, name="export"),
    path("me/delete/", views.delete_account, name="delete_account"),
    # competences
    path("competences/", views.competence_list, name="competences"),
    path(
        "competences/autocomplete/",
        views.competence_autocomplete,
        name="competence_autocomplete",
    ),
    path("competences/<str:slug>/", views.competence_detail, name="competence"),
    # networks
    path("networks/", views.network_list, name="networks"),
    path("networks/<slug:slug>/", views.network, name="network"),
    path("networks/<slug:slug>/join/", views.network_join, name="network_join"),
    path("networks/<slug:slug>/leave/", views.network_leave, name="network_leave"),
    path(
        "networks/<slug:slug>/approve/<int:membership_id>/",
        views.network_approve,
        name="network_approve",
    ),
    # a profile photo, behind the profile's visibility
    path("photos/<int:image_id>/<str:size>/", views.photo, name="photo"),
    # a member (keep last)
    path(
        "<str:username>/followers/",
        views.follow_list,
        {"which": "followers"},
        name="followers",
    ),
    path(
        "<str:username>/following/",
        views.follow_list,
        {"which": "following"},
        name="following",
    ),
    path("<str:username>/follow/", views.follow, name="follow"),
    path("<str:username>/unfollow/", views.unfollow, name="unfollow"),
    path(
        "<str:username>/competences/<str:slug>/endorse/",
        views.endorse,
        name="endorse",
    ),
    path("<str:username>/", views.detail, name="detail"),
]
