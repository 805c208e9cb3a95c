"""Factories for gatherings."""

import datetime

from django.utils import timezone

from gatherings.models import Gathering, Registration

from .accounts import make_member

__all__ = ["make_gathering", "make_registration"]


def make_gathering(
    title="Netwerkborrel",
    *,
    audience="public",
    capacity=10,
    starts_in=datetime.timedelta(days=7),
    hours=2,
    organiser=None,
    networks=(),
    **kwargs,
) -> Gathering:
    """A gathering (written directly, so a past one can be made for tests)."""
    if organiser is None:
        organiser = make_member("employee")
    starts_at = (timezone.now() + starts_in).replace(second=0, microsecond=0)
    kwargs.setdefault("place", "Buurthuis De Linde, Zwolle")
    gathering = Gathering.objects.create(
        title=title,
        audience=audience,
        capacity=capacity,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        organiser=organiser,
        **kwargs,
    )
    gathering.networks.set(networks)
    return gathering


def make_registration(gathering, user, status="confirmed") -> Registration:
    return Registration.objects.create(gathering=gathering, user=user, status=status)
