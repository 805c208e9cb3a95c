"""The gatherings' part of the data download and of deleting an account."""

from django.utils.translation import gettext_lazy as _

from intranet.personal_data import ANONYMISED, Section, iso, register
from intranet.site_url import absolute_url

from .models import Gathering, Registration
from .services import GatheringError, registration_cancel


def _give_up_places(user):
    """Before the rows go: cancel live sign-ups for what has not started, so the next
    on the waiting list moves up (a cascade would only delete the row)."""
    live = Registration.objects.filter(
        user=user, gathering__cancelled_at__isnull=True
    ).exclude(status=Registration.Status.CANCELLED)
    for registration in live.select_related("gathering"):
        if registration.gathering.has_started:
            continue
        try:
            registration_cancel(registration=registration)
        except GatheringError:
            continue


def _registrations(user):
    return [
        {
            "gathering_id": r.gathering_id,
            "gathering": r.gathering.title,
            "starts_at": iso(r.gathering.starts_at),
            "status": r.status,
            "signed_up_at": iso(r.queued_at),
            "cancelled_at": iso(r.cancelled_at),
            "reminded_at": iso(r.reminded_at),
        }
        for r in Registration.objects.filter(user=user)
        .select_related("gathering")
        .order_by("pk")
    ]


def _organised(user):
    return [
        {
            "id": g.pk,
            "title": g.title,
            "kind": g.kind,
            "description": g.description,
            "starts_at": iso(g.starts_at),
            "ends_at": iso(g.ends_at),
            "place": g.place,
            "online_url": g.online_url,
            "capacity": g.capacity,
            "audience": g.audience,
            "cancelled_at": iso(g.cancelled_at),
            "url": absolute_url(g.get_absolute_url()),
        }
        for g in Gathering.objects.filter(organiser=user).order_by("pk")
    ]


register(
    Section(
        key="gathering_registrations",
        export=_registrations,
        relations=(("gatherings.Registration", "user"),),
        erase=_give_up_places,
        on_delete=_(
            "your sign-ups for gatherings (your place goes to the next in line)"
        ),
        order=40,
    )
)
register(
    Section(
        key="organised_gatherings",
        export=_organised,
        relations=(("gatherings.Gathering", "organiser"),),
        erasure=ANONYMISED,
        on_delete=_("gatherings you organised stay, without your name"),
        order=41,
    )
)
