"""The Wagtail admin wears Koers' name, logo and colours, and draws avatars locally."""

import pytest
from django.test import Client

from accounts.wagtail_hooks import initials
from tests.conftest import client_for
from tests.factories import make_member

pytestmark = pytest.mark.django_db


def test_admin_login_is_branded():
    body = Client().get("/admin/login/").content.decode()
    assert "Sign in to Koers" in body
    assert "img/koers-mark.svg" in body
    assert "admin-brand.css" in body


def test_admin_avatars_are_local_initials_not_gravatar():
    manager = make_member("manager", first_name="Anna", last_name="de Vries")
    body = client_for(manager).get("/admin/").content.decode()
    assert "gravatar.com" not in body
    assert "data:image/svg+xml," in body
    assert "<title>" in body and "Koers</title>" in body
    assert initials(manager) == "AV"
