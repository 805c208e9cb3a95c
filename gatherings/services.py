"""Writes for gatherings: create, sign up (a place or the waiting list), cancel (the
first on the waiting list moves up), cancel a gathering, post its results, remind.

Every write validates before it writes, inside one transaction that locks the
gathering row, so two people pressing "Sign up" for the last place never both get it.
Mails go out after the commit, so nobody is told about a place that was rolled back.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from feed.models import Post
from feed.services import post_create
from intranet.audience import (
    Audience,
    audience_allows,
    can_see,
    is_community_manager,
    is_employee,
    page_visible_to,
)

from . import mail
from .models import Gathering, Registration
from .selectors import hosted_networks

MAX_CAPACITY = 1000
MAX_LENGTH = datetime.timedelta(days=3)
#: Reminders go to those with a place this long before the start.
REMIND_BEFORE = datetime.timedelta(hours=24)


class GatheringError(Exception):
    """Something that cannot be done; ``message`` says why, ``status`` the HTTP code."""

    def __init__(self, message: str, status: int = 400):
        self.message = message
        self.status = status
        super().__init__(message)


def can_organise(user) -> bool:
    """Employees (and community managers) organise gatherings, as they post results;
    a network's host organises gatherings of the networks they host."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_employee(user) or hosted_networks(user).exists()


def can_manage(user, gathering: Gathering) -> bool:
    """The organiser and community managers may cancel it and post its results."""
    if not getattr(user, "is_authenticated", False):
        return False
    return gathering.organiser_id == user.pk or is_community_manager(user)


def _after_commit(registration: Registration, reason: str) -> None:
    # robust: a mail server that is down is logged, never a 500 for a sign-up that
    # was saved (the place is on the page; the .ics can be downloaded there).
    pk = registration.pk

    def send_registration_mail():
        mail.send_registration_mail(pk, reason=reason)

    transaction.on_commit(send_registration_mail, robust=True)


# --- Creating -------------------------------------------------------------------------


def _check_details(*, title, starts_at, ends_at, place, online_url, capacity, audience):
    errors = {}
    if not title.strip():
        errors["title"] = _("Give the gathering a title.")
    if starts_at is not None and starts_at <= timezone.now():
        errors["starts_at"] = _("A gathering starts in the future.")
    if starts_at is not None and ends_at is not None:
        if ends_at <= starts_at:
            errors["ends_at"] = _("The end comes after the start.")
        elif ends_at - starts_at > MAX_LENGTH:
            errors["ends_at"] = _("A gathering lasts at most three days.")
    if not place.strip() and not online_url.strip():
        errors["place"] = _("Give a place, an online link, or both.")
    if capacity is None or not 1 <= capacity <= MAX_CAPACITY:
        errors["capacity"] = _("Between 1 and %(max)d places.") % {"max": MAX_CAPACITY}
    if audience not in (Audience.PUBLIC, Audience.COMMUNITY, Audience.STAFF):
        errors["audience"] = _("Choose who may see this gathering.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def gathering_create(
    *,
    organiser,
    title: str,
    starts_at,
    ends_at,
    capacity: int,
    kind: str = Gathering.Kind.DRINK,
    description: str = "",
    place: str = "",
    online_url: str = "",
    audience: str = Audience.COMMUNITY,
    networks: Iterable = (),
    promises: Iterable = (),
    roadmap_items: Iterable = (),
) -> Gathering:
    if not can_organise(organiser):
        raise PermissionDenied(
            _("Only employees and network hosts organise gatherings.")
        )
    _check_details(
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        online_url=online_url,
        capacity=capacity,
        audience=audience,
    )
    networks, roadmap_items = list(networks), list(roadmap_items)
    if any(not can_see(organiser, n) for n in networks):
        raise ValidationError({"networks": _("Choose networks you can see.")})
    if not is_employee(organiser):
        hosted = set(hosted_networks(organiser).values_list("pk", flat=True))
        if not networks or any(n.pk not in hosted for n in networks):
            raise ValidationError(
                {"networks": _("Choose one or more of the networks you host.")}
            )
        if not audience_allows(organiser, audience):
            raise ValidationError(
                {"audience": _("Choose an audience you are part of.")}
            )
    if any(not page_visible_to(organiser, i) for i in roadmap_items):
        raise ValidationError({"roadmap_items": _("Choose items you can see.")})
    if kind not in Gathering.Kind.values:
        raise ValidationError({"kind": _("Choose a kind of gathering.")})
    gathering = Gathering.objects.create(
        organiser=organiser,
        title=title.strip(),
        kind=kind,
        description=description.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        capacity=capacity,
        audience=audience,
    )
    gathering.networks.set(networks)
    gathering.promises.set(list(promises))
    gathering.roadmap_items.set(roadmap_items)
    return gathering


# --- Signing up -------------------------------------------------------------------------


def registration_check_open(*, gathering: Gathering) -> None:
    """Refuse when nobody can sign up any more (cancelled, started or over)."""
    if gathering.is_cancelled:
        raise GatheringError(
            _("This gathering is cancelled, so you cannot sign up."), 409
        )
    if gathering.has_started:
        raise GatheringError(
            _("This gathering has already started, so you cannot sign up."), 409
        )


def _locked(gathering: Gathering) -> Gathering:
    return Gathering.objects.select_for_update().get(pk=gathering.pk)


def confirmed_count(gathering: Gathering) -> int:
    return gathering.registrations.filter(status=Registration.Status.CONFIRMED).count()


@transaction.atomic
def registration_create(*, user, gathering: Gathering) -> Registration:
    """A place when one is free, otherwise the end of the waiting list; refused when
    already signed up, cancelled, started, or not visible to ``user``."""
    if not getattr(user, "is_authenticated", False):
        raise GatheringError(_("Please sign in first."), 403)
    gathering = _locked(gathering)
    if not can_see(user, gathering):
        raise GatheringError(_("This gathering does not exist."), 404)
    registration_check_open(gathering=gathering)
    existing = Registration.objects.filter(gathering=gathering, user=user).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        if existing.status == Registration.Status.WAITING:
            message = _("You are already on the waiting list for this gathering.")
        else:
            message = _("You have already signed up for this gathering.")
        raise GatheringError(message, 409)
    full = confirmed_count(gathering) >= gathering.capacity
    status = Registration.Status.WAITING if full else Registration.Status.CONFIRMED
    if existing is None:
        registration = Registration.objects.create(
            gathering=gathering, user=user, status=status
        )
    else:
        registration = existing
        registration.status = status
        registration.queued_at = timezone.now()
        registration.cancelled_at = None
        registration.reminded_at = None
        registration.key = Registration._meta.get_field("key").get_default()
        registration.save()
    _after_commit(registration, mail.WAITING if full else mail.CONFIRMED)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> Registration | None:
    """Give up a place (or a place in the queue); the first one waiting moves up and
    is told by mail. Returns that registration, or None."""
    gathering = _locked(registration.gathering)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise GatheringError(_("You had already cancelled."), 409)
    if gathering.is_cancelled:
        raise GatheringError(_("This gathering is cancelled already."), 409)
    if gathering.has_started:
        raise GatheringError(_("This gathering has already started."), 409)
    had_place = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if not had_place or confirmed_count(gathering) >= gathering.capacity:
        return None
    first = (
        gathering.registrations.select_for_update()
        .filter(status=Registration.Status.WAITING)
        .order_by("queued_at", "pk")
        .first()
    )
    if first is None:
        return None
    first.status = Registration.Status.CONFIRMED
    first.save(update_fields=["status"])
    _after_commit(first, mail.MOVED_UP)
    return first


def registration_of(*, user, gathering: Gathering) -> Registration | None:
    """The member's live registration (a place or on the waiting list), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(gathering=gathering, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


# --- The organiser --------------------------------------------------------------------


@transaction.atomic
def gathering_cancel(*, gathering: Gathering, by) -> Gathering:
    """Cancel the gathering; everyone signed up gets a mail whose .ics removes it."""
    if not can_manage(by, gathering):
        raise GatheringError(_("Only the organiser can cancel this gathering."), 403)
    gathering = _locked(gathering)
    if gathering.is_cancelled:
        raise GatheringError(_("This gathering is cancelled already."), 409)
    if gathering.is_past:
        raise GatheringError(_("This gathering is over."), 409)
    gathering.cancelled_at = timezone.now()
    gathering.sequence += 1
    gathering.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    live = gathering.registrations.exclude(status=Registration.Status.CANCELLED)
    for registration in live:
        _after_commit(registration, mail.CANCELLED)
    return gathering


@transaction.atomic
def gathering_post_results(
    *, gathering: Gathering, by, body: str, figure: str = ""
) -> Post:
    """After the event the organiser posts what came of it: a result post in the feed,
    with the gathering's audience, its first promise and roadmap item, and a link back."""
    if not can_manage(by, gathering):
        raise GatheringError(_("Only the organiser can post the results."), 403)
    gathering = _locked(gathering)
    if gathering.is_cancelled:
        raise GatheringError(_("A cancelled gathering has no results."), 409)
    if not gathering.is_past:
        raise GatheringError(_("Post the results after the gathering is over."), 409)
    if gathering.result_post_id is not None:
        raise GatheringError(
            _("The results of this gathering are posted already."), 409
        )
    if not body.strip():
        raise ValidationError({"body": _("Write what came of the gathering.")})
    link = (
        f'<p><a href="{escape(gathering.get_absolute_url())}">'
        f"{escape(gathering.title)}</a></p>"
    )
    item = gathering.roadmap_items.live().first()
    post = post_create(
        author=by,
        body=link + body,
        kind=Post.Kind.RESULT,
        audience=gathering.audience,
        promise=gathering.promises.first(),
        roadmap_item=item,
        figure=figure,
    )
    gathering.result_post = post
    gathering.save(update_fields=["result_post", "updated_at"])
    return post


# --- Reminders ------------------------------------------------------------------------


def reminders_send(*, now=None) -> int:
    """Remind everyone with a place at a gathering that starts within a day; each
    registration is reminded once (``reminded_at``), so running it often is safe."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        gathering__cancelled_at__isnull=True,
        gathering__starts_at__gt=now,
        gathering__starts_at__lte=now + REMIND_BEFORE,
    ).order_by("pk")
    sent = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=pk, reminded_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            _after_commit(Registration(pk=pk), mail.REMINDER)
        sent += 1
    return sent
