"""Demo gatherings of Zorgcoöperatie De Koers: network drinks, purpose sessions, a
mastercircle that is full (with a waiting list), a webinar, a staff day, a cancelled
walk, and past gatherings whose organisers posted the results.

Idempotent (runs only when there are no gatherings). Past gatherings are written
directly (the service only plans what lies ahead); sign-ups with bulk_create, so
``--size large`` stays fast.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from feed.selectors import roadmap_item_model
from home.models import Promise
from intranet.audience import EMPLOYEES_GROUP
from intranet.demo import DemoContext
from profiles.models import Network

from .models import Gathering, Registration
from .services import GatheringError, gathering_post_results

DAY = datetime.timedelta(days=1)

# (title, kind, audience, starts in days, hour, hours, place, online, capacity,
#  sign-ups, network slug, promise index, with a roadmap item, description)
GATHERINGS = [
    (
        "Netwerkborrel Dementievriendelijk",
        "drink",
        "public",
        9,
        17,
        2,
        "Buurthuis De Linde, Assendorperstraat 12, Zwolle",
        "",
        30,
        12,
        "dementievriendelijk",
        None,
        False,
        "Naasten, vrijwilligers en collega's ontmoeten elkaar bij een drankje. "
        "Iedereen die iets heeft met dementiezorg is welkom, ook als je nog geen "
        "lid bent.",
    ),
    (
        "Bedoelingssessie: wat betekent 'dichtbij' voor jou?",
        "purpose",
        "public",
        16,
        19,
        2,
        "De Koers, Grote Markt 4, Zwolle",
        "https://meet.dekoers.example/bedoeling",
        40,
        18,
        "",
        0,
        False,
        "Een open gesprek over onze bedoeling. Cliënten, naasten en medewerkers "
        "zeggen wat 'zorg dichtbij' voor hen betekent. De opbrengst gaat naar de "
        "kerngroep die de bedoeling bijhoudt.",
    ),
    (
        "Mastercirkel beeldbellen in de nacht",
        "mastercircle",
        "community",
        5,
        14,
        3,
        "Teamruimte Wijkzorg Noord",
        "",
        8,
        11,
        "zorgtechnologie",
        1,
        True,
        "Acht mensen werken één middag aan een prototype: hoe kan nachtzorg via "
        "beeldbellen veilig en warm blijven?",
    ),
    (
        "Webinar: medicijndispensers in de praktijk",
        "webinar",
        "public",
        23,
        12,
        1,
        "",
        "https://meet.dekoers.example/webinar-dispensers",
        100,
        37,
        "zorgtechnologie",
        None,
        True,
        "Een wijkverpleegkundige en een cliënt laten zien hoe het gaat, met ruimte "
        "voor vragen.",
    ),
    (
        "Teamdag wijkverpleging",
        "other",
        "staff",
        30,
        9,
        7,
        "Landgoed De Horte, Dalfsen",
        "",
        25,
        14,
        "",
        None,
        False,
        "Een dag voor de teams wijkverpleging: terugblikken, vooruitkijken en "
        "samen eten.",
    ),
    (
        "Mantelzorgcafé",
        "drink",
        "community",
        2,
        15,
        2,
        "Bibliotheek Zwolle-Zuid",
        "",
        15,
        9,
        "jonge-zorgprofessionals",
        None,
        False,
        "Koffie, taart en tijd voor elkaar. Deze keer: wat doe je als je zelf even "
        "niet meer kunt?",
    ),
]

PAST = [
    (
        "Netwerkborrel Jonge zorgprofessionals",
        "drink",
        "community",
        -20,
        17,
        2,
        "Café De Refter, Zwolle",
        25,
        21,
        "jonge-zorgprofessionals",
        "<p>Eenentwintig jonge collega's, drie nieuwe maatjes-koppels en het plan "
        "om elk kwartaal samen te komen.</p>",
        "21 deelnemers",
    ),
    (
        "Bedoelingssessie voorjaar",
        "purpose",
        "public",
        -60,
        19,
        2,
        "De Koers, Grote Markt 4, Zwolle",
        40,
        33,
        "",
        "<p>Drieëndertig mensen dachten mee over onze beloften. Twaalf voorstellen "
        "gingen naar de kerngroep; twee zijn al aangenomen.</p>",
        "12 voorstellen",
    ),
]


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localtime() + days * DAY
    return day.replace(hour=hour, minute=0, second=0, microsecond=0)


def _organisers():
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=EMPLOYEES_GROUP)
        .order_by("pk")
        .distinct()
    )


def _sign_up(ctx, gathering, user_ids, count, *, cancelled=0):
    """``count`` sign-ups in queue order: places first, then the waiting list."""
    chosen = ctx.rng.sample(user_ids, min(count + cancelled, len(user_ids)))
    now = timezone.now()
    rows = []
    for n, user_id in enumerate(chosen):
        if n < cancelled:
            status = Registration.Status.CANCELLED
        elif n - cancelled < gathering.capacity:
            status = Registration.Status.CONFIRMED
        else:
            status = Registration.Status.WAITING
        rows.append(
            Registration(
                gathering=gathering,
                user_id=user_id,
                status=status,
                queued_at=now - datetime.timedelta(minutes=len(chosen) - n),
                cancelled_at=now if status == Registration.Status.CANCELLED else None,
            )
        )
    Registration.objects.bulk_create(rows)


def _links(gathering, *, network_slug, promise_index, with_item, promises, items):
    if network_slug:
        gathering.networks.set(Network.objects.filter(slug=network_slug))
    if promise_index is not None and promise_index < len(promises):
        gathering.promises.set([promises[promise_index]])
    if with_item and items:
        gathering.roadmap_items.set([items[gathering.pk % len(items)]])


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    if Gathering.objects.exists():
        return
    organisers = _organisers()
    user_ids = list(
        get_user_model().objects.filter(is_active=True).values_list("pk", flat=True)
    )
    if not organisers or not user_ids:
        return
    promises = list(Promise.objects.order_by("sort_order", "pk"))
    items = list(roadmap_item_model().objects.live().public().order_by("pk")[:20])
    for n, row in enumerate(GATHERINGS):
        (title, kind, audience, days, hour, hours, place, online, capacity) = row[:9]
        signups, network_slug, promise_index, with_item, description = row[9:]
        starts = _at(days, hour)
        gathering = Gathering.objects.create(
            title=title,
            kind=kind,
            audience=audience,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
            place=place,
            online_url=online,
            capacity=capacity,
            description=description,
            organiser=organisers[n % len(organisers)],
        )
        _links(
            gathering,
            network_slug=network_slug,
            promise_index=promise_index,
            with_item=with_item,
            promises=promises,
            items=items,
        )
        _sign_up(ctx, gathering, user_ids, signups, cancelled=1 if n % 2 else 0)
    starts = _at(12, 10)
    walk = Gathering.objects.create(
        title="Wandeling langs de IJssel",
        kind="other",
        audience="public",
        starts_at=starts,
        ends_at=starts + 2 * datetime.timedelta(hours=1),
        place="Start bij de Katerveersluis, Zwolle",
        capacity=20,
        description="Samen wandelen en praten over bewegen in de wijk.",
        organiser=organisers[0],
        cancelled_at=timezone.now(),
        sequence=1,
    )
    _sign_up(ctx, walk, user_ids, 6)
    for n, row in enumerate(PAST):
        title, kind, audience, days, hour, hours, place, capacity = row[:8]
        signups, network_slug, results, figure = row[8:]
        starts = _at(days, hour)
        organiser = organisers[(n + 1) % len(organisers)]
        gathering = Gathering.objects.create(
            title=title,
            kind=kind,
            audience=audience,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
            place=place,
            capacity=capacity,
            organiser=organiser,
        )
        _links(
            gathering,
            network_slug=network_slug,
            promise_index=n,
            with_item=False,
            promises=promises,
            items=items,
        )
        _sign_up(ctx, gathering, user_ids, signups)
        try:
            gathering_post_results(
                gathering=gathering, by=organiser, body=results, figure=figure
            )
        except GatheringError:
            continue
    _seed_many(ctx, organisers, user_ids)


KINDS = ["drink", "purpose", "mastercircle", "webinar"]
TOPICS = [
    "Netwerkborrel",
    "Bedoelingssessie",
    "Mastercirkel",
    "Webinar",
    "Inloopspreekuur",
    "Leerkring",
]
PLACES = ["Zwolle", "Kampen", "Dalfsen", "Hattem", "Deventer", "Raalte"]


def _seed_many(ctx: DemoContext, organisers, user_ids) -> None:
    """At ``--size large``: a year of gatherings across the region."""
    extra = ctx.people // 100 if ctx.people > 1000 else 0
    if not extra:
        return
    rng = ctx.rng
    for n in ctx.progress(range(extra), "gatherings"):
        starts = _at(rng.randint(-180, 180), rng.choice([10, 14, 17, 19]))
        place = rng.choice(PLACES)
        gathering = Gathering.objects.create(
            title=f"{rng.choice(TOPICS)} {place} #{n + 1}",
            kind=rng.choice(KINDS),
            audience=rng.choice(["public", "community", "community", "staff"]),
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place=f"Wijkcentrum {place}",
            capacity=rng.choice([10, 20, 40, 80]),
            organiser=rng.choice(organisers),
        )
        _sign_up(ctx, gathering, user_ids, rng.randint(0, 60))
