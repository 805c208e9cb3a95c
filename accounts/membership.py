"""Membership services: classify members as employee or external, promote and demote."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group

from intranet.audience import EMPLOYEES_GROUP, forget_cached_groups, is_employee


def is_staff_email(email: str) -> bool:
    """Is this address on one of the organisation's staff domains?"""
    domain = email.rsplit("@", 1)[-1].strip().lower()
    return domain in {
        d.strip().lower() for d in settings.KOERS_STAFF_EMAIL_DOMAINS if d.strip()
    }


def membership_set_employee(*, user, employee: bool) -> None:
    """Make a member an employee or an external member."""
    group, _ = Group.objects.get_or_create(name=EMPLOYEES_GROUP)
    if employee:
        user.groups.add(group)
    else:
        user.groups.remove(group)
    forget_cached_groups(user)


def membership_classify_verified_email(*, user, email: str) -> bool:
    """A verified address on a staff domain makes the member an employee.

    Never demotes: an employee promoted by a manager stays one when they
    verify a private address. Returns whether the user is now an employee.
    """
    if is_staff_email(email) and not is_employee(user):
        membership_set_employee(user=user, employee=True)
    return is_employee(user)
