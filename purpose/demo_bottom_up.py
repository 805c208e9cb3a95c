"""Demo content for the bottom-up purpose layer of Zorgcoöperatie De Koers: teams that
reflect monthly on the promises, speak-up signals in every state, and living stories.

Idempotent (runs only when no team reflects yet) and bounded at --size large: the
number of teams grows with the people, reflections are written with bulk_create.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from feed.models import Post
from home.models import Promise
from intranet.audience import COMMUNITY_MANAGERS_GROUP, EMPLOYEES_GROUP
from intranet.demo import DemoContext
from profiles.models import Network, NetworkMembership
from profiles.services import network_member_count_refresh

from .models import (
    ReflectionRound,
    Signal,
    SignalFollow,
    SignalStatus,
    SignalStep,
    StoryLink,
    TeamReflection,
)
from .reflections import period_of

TEAM_NAMES = [
    "Wijkteam Noord",
    "Wijkteam Zuid",
    "Thuiszorg Oost",
    "Dagbesteding De Linde",
    "Woongroep Het Anker",
    "Team Nachtzorg",
    "Wijkverpleging Centrum",
    "Behandelteam Dementie",
]

SEEN = [
    "Cliënten vragen vaker om zelf hun dagritme te bepalen.",
    "Mevrouw De Vries wandelt weer dankzij het maatjesproject.",
    "We zien dat familie meer wil meedenken, maar niet weet hoe.",
    "De nieuwe planning geeft ons tien minuten meer per bezoek.",
    "Overdrachten gaan nog te vaak via losse briefjes.",
    "Veel cliënten zijn eenzaam in de weekenden.",
]
FELT = [
    "Trots: we deden wat echt nodig was.",
    "Frustratie over de registratiedruk.",
    "Verbondenheid in het team, ook op zware dagen.",
    "Onrust door de vacatures.",
    "Plezier: er werd weer gelachen in de huiskamer.",
]
ADJUST = [
    "Het indicatieformulier kost meer tijd dan de zorg zelf.",
    "De roosters laten geen ruimte voor een kop koffie met de cliënt.",
    "Nieuwe collega's krijgen te weinig inwerktijd.",
    "Het elektronisch dossier werkt niet op de tablets onderweg.",
    "",
    "",
]
ACTIONS = [
    "We plannen elke week een vast moment voor de familie.",
    "We testen een maand lang de overdracht aan het bed.",
    "Elke nieuwe collega krijgt een buddy voor zes weken.",
    "We nodigen de planner uit in ons teamoverleg.",
    "",
]

SIGNALS = [
    # (title, body, audience, hide name, status, steps)
    (
        "Drie handtekeningen voor een rolstoel",
        "Mijn moeder wacht al twee weken op een rolstoel omdat het formulier door "
        "drie mensen getekend moet worden. Dit kan niet waar zijn.",
        "public",
        True,
        SignalStatus.CHANGED,
        [
            (
                SignalStatus.LOOKING,
                "We zoeken uit waarom er drie handtekeningen nodig zijn.",
            ),
            (
                SignalStatus.CHANGED,
                "Vanaf nu volstaat één handtekening van de wijkverpleegkundige.",
            ),
        ],
    ),
    (
        "Geen tijd voor een praatje",
        "Het rooster rekent in minuten; een praatje met een eenzame cliënt past er niet in.",
        "community",
        False,
        SignalStatus.LOOKING,
        [(SignalStatus.LOOKING, "We bespreken dit met de planners en twee teams.")],
    ),
    (
        "Dossier niet bereikbaar bij cliënten thuis",
        "Onderweg werkt het dossier niet op de tablet, dus schrijf ik alles twee keer op.",
        "staff",
        False,
        SignalStatus.OPEN,
        [],
    ),
    (
        "Bezoektijden in het weekend",
        "Familie mag in het weekend alleen 's middags komen. Waarom eigenlijk?",
        "public",
        True,
        SignalStatus.EXPLAINED,
        [
            (
                SignalStatus.EXPLAINED,
                "De bezoektijden zijn losgelaten; alleen de nachtrust van 22 tot 7 uur "
                "blijft, op verzoek van de bewoners zelf.",
            )
        ],
    ),
    (
        "Vervoer naar de dagbesteding",
        "De taxi komt zo vroeg dat cliënten zonder ontbijt de deur uit moeten.",
        "community",
        True,
        SignalStatus.OPEN,
        [],
    ),
]

STORIES = [
    "<p>Meneer Bakker wilde nog één keer naar zee. Het team regelde een busje en twee "
    "vrijwilligers; hij zat een middag in de zon op de boulevard.</p>",
    "<p>Een dochter vertelde dat ze eindelijk gehoord werd: we pasten het zorgplan "
    "samen met haar aan, aan de keukentafel.</p>",
    "<p>Het ging mis: een cliënt wachtte een ochtend op hulp omdat de overdracht zoek "
    "was. We leerden ervan en bellen nu bij elke wissel.</p>",
    "<p>In de huiskamer van Het Anker koken bewoners weer zelf op vrijdag. De geur van "
    "stamppot brengt verhalen van vroeger boven.</p>",
    "<p>Na het signaal over de rolstoel kreeg mevrouw Jansen binnen twee dagen haar "
    "rolstoel. Eén handtekening bleek genoeg.</p>",
    "<p>Onze nieuwe collega Samira zei na zes weken met een buddy: 'Ik voel me hier "
    "thuis.' Zo houden we mensen vast.</p>",
]


def _members(group: str) -> list[int]:
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=group)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _seed_teams(ctx: DemoContext, employees: list[int], promises) -> None:
    rng = ctx.rng
    demo_lead = (
        get_user_model()
        .objects.filter(email="employee@example.org")
        .values_list("pk", flat=True)
        .first()
    )
    count = min(len(TEAM_NAMES) * 5, max(4, ctx.people // 150))
    today = timezone.localdate()
    for t in range(count):
        if len(employees) < 4:
            return
        base = TEAM_NAMES[t % len(TEAM_NAMES)]
        name = base if t < len(TEAM_NAMES) else f"{base} {t // len(TEAM_NAMES) + 1}"
        team, created = Network.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "description": "Een team van Zorgcoöperatie De Koers.",
                "audience": "community",
                "join_policy": Network.JoinPolicy.APPROVAL,
                "is_team": True,
            },
        )
        if not created:
            Network.objects.filter(pk=team.pk).update(is_team=True)
        members = rng.sample(employees, k=min(len(employees), rng.randint(4, 9)))
        if t == 0 and demo_lead in employees:
            # The demo employee login leads the first team, so the demo shows it.
            members = [demo_lead, *[m for m in members if m != demo_lead]]
        NetworkMembership.objects.bulk_create(
            [
                NetworkMembership(
                    network=team,
                    user_id=user_id,
                    status=NetworkMembership.Status.ACTIVE,
                    is_lead=i == 0 or (i == 1 and rng.random() < 0.3),
                )
                for i, user_id in enumerate(members)
            ],
            ignore_conflicts=True,
        )
        NetworkMembership.objects.filter(network=team, user_id=members[0]).update(
            is_lead=True
        )
        network_member_count_refresh(network_ids=[team.pk])  # bulk: no signals
        reflections = []
        trend = rng.uniform(-0.3, 0.4)
        for months_ago in range(4, -1, -1):
            year, month = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
            day = today.replace(year=year, month=month + 1, day=1)
            start, end = period_of(team.reflection_cadence, day)
            for p, promise in enumerate(promises[:2]):
                current = months_ago == 0
                round_ = ReflectionRound.objects.create(
                    team=team,
                    promise=promise,
                    period_start=start,
                    period_end=end,
                    opened_by_id=members[0],
                    closed_at=None if current else timezone.now(),
                    share_actions=t % 3 != 2,
                )
                # The current round is half filled in: the rest can try it.
                who = members[: len(members) // 2] if current else members
                for j, user_id in enumerate(who):
                    base_score = 3 + trend * (4 - months_ago) + (p * 0.3)
                    score = max(1, min(5, round(base_score + rng.uniform(-1.2, 1.2))))
                    action = rng.choice(ACTIONS) if j % 2 == 0 else ""
                    reflections.append(
                        TeamReflection(
                            round=round_,
                            member_id=user_id,
                            score=score,
                            seen=rng.choice(SEEN),
                            felt=rng.choice(FELT),
                            adjust=rng.choice(ADJUST),
                            action=action,
                            follow_up_by_id=rng.choice(members) if action else None,
                        )
                    )
        TeamReflection.objects.bulk_create(reflections, batch_size=2000)


def _seed_signals(ctx, everyone, managers, promises) -> list[Signal]:
    rng = ctx.rng
    now = timezone.now()
    signals = []
    for i, (title, body, audience, hide, status, steps) in enumerate(SIGNALS):
        raised = now - timedelta(days=40 - 7 * i)
        signal = Signal.objects.create(
            author_id=rng.choice(everyone),
            promise=promises[i % len(promises)],
            title=title,
            body=body,
            audience=audience,
            hide_name=hide,
            status=status,
            created_at=raised,
            updated_at=raised,
            language="nl",
        )
        for d, (step_status, reason) in enumerate(steps):
            SignalStep.objects.create(
                signal=signal,
                status=step_status,
                reason=reason,
                actor_id=managers[0] if managers else None,
                created_at=raised + timedelta(days=3 + 5 * d),
            )
        followers = {signal.author_id, *rng.sample(everyone, k=min(5, len(everyone)))}
        SignalFollow.objects.bulk_create(
            [SignalFollow(signal=signal, user_id=u) for u in followers],
            ignore_conflicts=True,
        )
        signals.append(signal)
    return signals


def _seed_stories(ctx, everyone, promises, signals) -> None:
    rng = ctx.rng
    for i, body in enumerate(STORIES):
        post = Post.objects.create(
            author_id=rng.choice(everyone),
            kind=Post.Kind.STORY,
            body=body,
            audience="public" if i % 2 == 0 else "community",
            promise=promises[i % len(promises)],
            featured=i in (0, 3),
            language="nl",
        )
        if i == 4 and signals:
            StoryLink.objects.create(post=post, signal=signals[0])


def seed(ctx: DemoContext) -> None:
    if ReflectionRound.objects.exists():
        return
    promises = list(Promise.objects.order_by("sort_order", "pk"))
    employees = _members(EMPLOYEES_GROUP)
    managers = _members(COMMUNITY_MANAGERS_GROUP)
    everyone = list(
        get_user_model()
        .objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:5000]
    )
    if not promises or not everyone:
        return
    _seed_teams(ctx, employees, promises)
    signals = _seed_signals(ctx, everyone, managers, promises)
    _seed_stories(ctx, everyone, promises, signals)
