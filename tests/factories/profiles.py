"""Factories and helpers for profiles, roles, competences and networks."""

import factory

from profiles.models import Competence, Network, NetworkMembership, Role

__all__ = [
    "CompetenceFactory",
    "NetworkFactory",
    "RoleFactory",
    "add_network_member",
    "make_team",
]


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Role {n}")
    slug = factory.Sequence(lambda n: f"role-{n}")
    is_public = True


class CompetenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Competence
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Competence {n}")
    slug = factory.Sequence(lambda n: f"competence-{n}")


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    audience = "community"


def add_network_member(network, user, *, host=False, status="active"):
    return NetworkMembership.objects.create(
        network=network,
        user=user,
        role="host" if host else "member",
        status=status,
    )


def make_team(name="Team", *, leads=(), members=(), audience="community", **kwargs):
    """A team (a network with ``is_team``) with active leads and members."""
    team = NetworkFactory(name=name, is_team=True, audience=audience, **kwargs)
    for user in leads:
        NetworkMembership.objects.create(
            network=team, user=user, status="active", is_lead=True
        )
    for user in members:
        add_network_member(team, user)
    return team
