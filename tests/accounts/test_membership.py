"""Employee/external membership services and the groups created by migration."""

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.membership import (
    is_staff_email,
    membership_classify_verified_email,
    membership_set_employee,
)
from intranet.audience import COMMUNITY_MANAGERS_GROUP, EMPLOYEES_GROUP, membership_kind
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_groups_exist_after_migrate():
    assert Group.objects.filter(name=EMPLOYEES_GROUP).exists()
    managers = Group.objects.get(name=COMMUNITY_MANAGERS_GROUP)
    assert managers.permissions.filter(codename="access_admin").exists()
    assert managers.permissions.filter(
        content_type__app_label="feed", codename="change_post"
    ).exists()


def test_staff_email_matching_is_exact_and_case_insensitive(settings):
    settings.KOERS_STAFF_EMAIL_DOMAINS = ["example.org"]
    assert is_staff_email("a@Example.ORG")
    assert not is_staff_email("a@sub.example.org.evil")
    assert not is_staff_email("example.org@evil.test")


def test_manager_promotes_and_demotes(external_member):
    membership_set_employee(user=external_member, employee=True)
    assert membership_kind(external_member) == "employee"
    membership_set_employee(user=external_member, employee=False)
    assert membership_kind(external_member) == "external"


def test_verifying_a_private_address_never_demotes_an_employee(employee, settings):
    settings.KOERS_STAFF_EMAIL_DOMAINS = ["example.org"]
    assert (
        membership_classify_verified_email(user=employee, email="me@gmail.test") is True
    )


def test_community_manager_can_change_membership_in_wagtail_admin(
    community_manager, external_member
):
    client = client_for(community_manager)
    response = client.get(f"/admin/users/edit/{external_member.pk}/")
    assert response.status_code == 200
    employees = Group.objects.get(name=EMPLOYEES_GROUP)
    assert f'value="{employees.pk}"' in response.content.decode()


def test_managers_do_not_get_superuser_rights(community_manager):
    assert not community_manager.is_superuser
    assert not Permission.objects.filter(
        group__name=COMMUNITY_MANAGERS_GROUP, codename="delete_group"
    ).exists()
