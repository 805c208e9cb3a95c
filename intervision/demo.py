"""Demo content for intervision: circles of Zorgcoöperatie De Koers with a closed
session (every phase, a reflection, a published learning), one running and one
planned, and learning logs. The demo logins for employee and external member
share the first circle, so both see it live.

Built through the services (so events, positions and posts are as in real use);
idempotent (runs only when there are no circles yet); at --size large one circle
per 100 people.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from intranet.demo import DEMO_LOGINS, DemoContext

from . import services
from .models import Circle, IntervisionSession
from .phases import WORKING, Phase, may_contribute, next_phase

CIRCLES = [
    ("Intervisiekring Wijkteam Noord", "Wijkverpleging en casemanagement in Noord."),
    ("Kring Dagbesteding", "Begeleiders van de dagbesteding, om de week op dinsdag."),
    ("Lerend netwerk Dementie", "Collega's en mantelzorgers die met dementie werken."),
    ("Kring Nachtdienst", "Voor wie 's nachts werkt en het anders ziet."),
    (
        "Intervisie Zorgplannen",
        "Over gesprekken rond het zorgplan en wat daarbij schuurt.",
    ),
]

CASES = [
    (
        "Een familielid dat alles wil bepalen",
        "De dochter van meneer Bakker belt elke dag en wil dat we zijn planning "
        "omgooien. Meneer zelf zegt weinig. Ik weet niet meer wiens wens ik volg.",
    ),
    (
        "Nee zeggen tegen een collega",
        "Een collega vraagt steeds of ik haar diensten overneem. Ik zeg ja en "
        "merk dat ik moe word.",
    ),
    (
        "Een cliënt die de zorg weigert",
        "Mevrouw Visser wil niet gewassen worden. Haar zoon vindt dat we moeten "
        "doorzetten. Wat is hier goede zorg?",
    ),
    (
        "Een fout in de medicatie",
        "Ik gaf de avondmedicatie te laat. Er ging niets mis, maar ik durfde het "
        "niet te melden.",
    ),
]

CONTRIBUTIONS = {
    Phase.CASE: ["Het speelt nu drie weken. Gisteren liep het gesprek vast."],
    Phase.QUESTIONS: [
        "Wat zegt meneer zelf als zijn dochter er niet bij is?",
        "Wie heeft de afspraken in het zorgplan gemaakt?",
        "Wat heb je al geprobeerd?",
    ],
    Phase.ANALYSIS: [
        "Ik hoor loyaliteit aan twee kanten: aan de cliënt en aan de familie.",
        "Misschien voelt de dochter zich niet gehoord.",
    ],
    Phase.ADVICE: [
        "Plan een gesprek met meneer en zijn dochter samen, met het zorgplan erbij.",
        "Vraag de casemanager mee; je hoeft dit niet alleen te dragen.",
    ],
    Phase.REFLECTION: [
        "Ik zie nu dat ik het probleem van de dochter heb overgenomen. Ik ga "
        "meneer eerst zelf vragen wat hij wil."
    ],
    Phase.TAKEAWAY: [
        "Eerst de cliënt, dan de familie.",
        "Doorvragen voordat ik advies geef.",
        "Hulp vragen is ook vakmanschap.",
    ],
}

LEARNING = (
    "Wat ik leerde in intervisie: als familie en cliënt iets anders willen, begin "
    "ik bij de cliënt zelf. Het zorgplan is van hem."
)


def _demo_logins():
    User = get_user_model()
    by_email = {
        u.email: u for u in User.objects.filter(email__in=[e for e, *_ in DEMO_LOGINS])
    }
    return [by_email.get(email) for email, _name, _kind in DEMO_LOGINS]


def _run(session, members, rng, *, until: str):
    """Move ``session`` through the phases up to ``until``, with contributions."""
    while session.phase != until:
        session = services.session_move_phase(
            session=session,
            actor=session.facilitator,
            from_phase=session.phase,
            to_phase=next_phase(session.phase),
        )
        if session.phase not in WORKING:
            continue
        for body in CONTRIBUTIONS[Phase(session.phase)]:
            writers = [
                m
                for m in members
                if may_contribute(
                    session.phase, is_case_holder=m.pk == session.case_holder_id
                )
            ]
            services.contribution_add(
                session=session,
                author=rng.choice(writers),
                phase=session.phase,
                body=body,
                rate_limited=False,
            )
    return session


def _circle(ctx, name, description, members):
    rng = ctx.rng
    circle = services.circle_create(
        creator=members[0], name=name, description=description, members=members[1:]
    )
    facilitator, holder = members[0], members[1]
    title, text = rng.choice(CASES)
    done = services.session_schedule(
        circle=circle,
        actor=facilitator,
        title="Intervisie " + name.split()[-1],
        scheduled_at=timezone.now() + timedelta(minutes=5),
        facilitator=facilitator,
        case_holder=holder,
        case_title=title,
        case_text=text,
    )
    done = _run(done, members, rng, until=Phase.CLOSED)
    IntervisionSession.objects.filter(pk=done.pk).update(
        scheduled_at=timezone.now() - timedelta(days=rng.randint(7, 40))
    )
    running = services.session_schedule(
        circle=circle,
        actor=holder,
        title="Intervisie vandaag",
        scheduled_at=timezone.now(),
        facilitator=members[2],
        case_holder=facilitator,
        case_title=CASES[1][0],
        case_text=CASES[1][1],
    )
    _run(running, members, rng, until=Phase.ANALYSIS)
    services.session_schedule(
        circle=circle,
        actor=facilitator,
        title="Intervisie volgende maand",
        scheduled_at=timezone.now() + timedelta(days=rng.randint(14, 35)),
        facilitator=holder,
        case_holder=members[-1],
        case_title=CASES[2][0],
        case_text=CASES[2][1],
    )
    for member in members:
        services.learning_entry_add(
            owner=member, text=rng.choice(CONTRIBUTIONS[Phase.TAKEAWAY]), session=done
        )
    return done, holder


def seed(ctx: DemoContext) -> None:
    if Circle.objects.exists():
        return
    User = get_user_model()
    _manager, employee, external = _demo_logins()
    others = list(
        User.objects.filter(is_active=True)
        .exclude(email__in=[e for e, *_ in DEMO_LOGINS])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if employee is None or external is None or len(others) < 3:
        return
    rng = ctx.rng
    count = max(len(CIRCLES), ctx.people // 100)
    pool = others[:]
    rng.shuffle(pool)
    for index in ctx.progress(range(count), "intervision circles", total=count):
        name, description = CIRCLES[index % len(CIRCLES)]
        if index >= len(CIRCLES):
            name = f"{name} {index // len(CIRCLES) + 1}"
        size = rng.randint(3, 6)
        picked = [pool.pop() for _ in range(min(size, len(pool)))] or rng.sample(
            others, 3
        )
        if len(picked) < 3:
            picked = rng.sample(others, 3)
        members = list(User.objects.filter(pk__in=picked).order_by("pk"))
        if index == 0:
            # The demo logins: the employee leads, the external member brings the case.
            members = [employee, external, *members[:3]]
        done, holder = _circle(ctx, name, description, members)
        if index == 0:
            services.learning_publish(
                session=done, actor=holder, text=LEARNING, anonymised=True
            )
