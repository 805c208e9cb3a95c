"""A visitor's sign-up for a gathering, kept through creating an account (the same
contribute-first flow as a vote: accounts/contributions.py) and made here once the
address is verified; the audience helper decides again for the new member."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.contributions import Applied, ContributionRefused, Kind, register
from intranet.audience import can_see

from .models import Gathering, Registration
from .services import GatheringError, registration_create

SIGNUP = "gatherings.signup"
GONE_URL = "/gatherings/"


def _gathering(target: dict, user=None) -> Gathering:
    gathering = Gathering.objects.filter(pk=target.get("gathering")).first()
    if gathering is None or (user is not None and not can_see(user, gathering)):
        raise ContributionRefused(
            _("The gathering you chose no longer exists, so you are not signed up."),
            GONE_URL,
        )
    return gathering


def signed_up_message(registration: Registration) -> str:
    if registration.status == Registration.Status.WAITING:
        return _(
            "The gathering is full: you are on the waiting list. We will mail you "
            "when a place opens up."
        )
    return _("You have a place. The confirmation with a calendar file is in your mail.")


def _describe(target, payload) -> str:
    return _("Your sign-up for “%(title)s”") % {"title": _gathering(target).title}


def _apply(*, user, target, payload) -> Applied:
    gathering = _gathering(target, user)
    url = gathering.get_absolute_url()
    try:
        registration = registration_create(user=user, gathering=gathering)
    except GatheringError as exc:
        raise ContributionRefused(exc.message, url) from exc
    return Applied(signed_up_message(registration), url)


register(Kind(SIGNUP, _describe, _apply))
