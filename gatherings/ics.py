"""iCalendar (RFC 5545) for gatherings: one event for a mail attachment, many for a feed.

Built with the ``icalendar`` library, which escapes text and folds long lines. Times are
written in UTC, so no VTIMEZONE is needed; the UID is stable per gathering and
SEQUENCE rises with each change, so a calendar replaces the event it already has.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from intranet.mail import site_domain
from intranet.site_url import absolute_url

from .models import Gathering

PRODID = "-//Zorgcooperatie De Koers//Koers gatherings//NL"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def event_uid(gathering: Gathering) -> str:
    return f"gathering-{gathering.pk}@{site_domain()}"


def _location(gathering: Gathering, *, online: bool) -> str:
    online_url = gathering.online_url if online else ""
    return ", ".join(p for p in (gathering.place, online_url) if p)


def gathering_event(gathering: Gathering, *, stamp=None, online=False) -> Event:
    """The VEVENT; the online link only with ``online`` (for those with a place: the
    page shows it only to them, so a feed or a download does not either)."""
    url = absolute_url(gathering.get_absolute_url())
    event = Event()
    event.add("uid", event_uid(gathering))
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", gathering.starts_at)
    event.add("dtend", gathering.ends_at)
    event.add("summary", gathering.title)
    description = "\n\n".join(p for p in (gathering.description, url) if p)
    event.add("description", description)
    if location := _location(gathering, online=online):
        event.add("location", location)
    event.add("url", url)
    event.add("sequence", gathering.sequence)
    event.add("status", "CANCELLED" if gathering.is_cancelled else "CONFIRMED")
    event.add("last-modified", gathering.updated_at)
    return event


def calendar(
    gatherings: Iterable[Gathering],
    *,
    name: str = "",
    method: str = "",
    online: bool = False,
) -> bytes:
    """A VCALENDAR with one VEVENT per gathering (``method`` PUBLISH or CANCEL for a
    mail attachment; none for a feed)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for gathering in gatherings:
        cal.add_component(gathering_event(gathering, stamp=stamp, online=online))
    return cal.to_ical()
