"""/i18n/setlang/: Django's language switcher that also keeps a signed-in member's
choice for their e-mails (mounted before django.conf.urls.i18n)."""

from django.urls import path

from . import views

urlpatterns = [path("setlang/", views.set_language, name="set_language")]
