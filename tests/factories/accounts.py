"""Factories for members in every persona."""

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from intranet.audience import (
    COMMUNITY_MANAGERS_GROUP,
    EMPLOYEES_GROUP,
    forget_cached_groups,
)

__all__ = ["UserFactory", "make_member"]

PASSWORD = "a-Long-test-passw0rd"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member-{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@customer.test")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.get_or_create(
                user=self,
                email=self.email,
                defaults={"verified": True, "primary": True},
            )


def make_member(kind: str = "external", **kwargs):
    """A verified member of the given kind: external, employee, manager or admin."""
    if kind == "admin":
        kwargs.setdefault("is_superuser", True)
        kwargs.setdefault("is_staff", True)
    user = UserFactory(**kwargs)
    groups = {
        "employee": [EMPLOYEES_GROUP],
        "manager": [EMPLOYEES_GROUP, COMMUNITY_MANAGERS_GROUP],
    }.get(kind, [])
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    forget_cached_groups(user)
    return user
