"""Demo content for people: profiles with headlines, roles, competences with levels,
endorsements, learning interests, follows and networks. Idempotent; bulk_create
throughout so it scales to 10,000 people."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone, translation

from intranet.audience import Audience
from intranet.demo import DEMO_LOGINS, DemoContext
from intranet.demo_names import person_index, speaks_english

from . import services
from .models import (
    Competence,
    Endorsement,
    Follow,
    LearningInterest,
    Network,
    NetworkMembership,
    Profile,
    ProfileCompetence,
    Role,
    RoleAssignment,
    RoleClaim,
)

BATCH = 1000

#: Headlines per theme, (Dutch, English): a member's headline fits their competences.
HEADLINES = {
    "dichtbij": [
        ("Wijkverpleegkundige in team Oost", "District nurse, team East"),
        ("Mantelzorgconsulent", "Informal carer consultant"),
        ("Zorgtechnoloog", "Care technology specialist"),
        ("Helpende plus, huishoudelijke zorg", "Home help"),
    ],
    "dementie": [
        ("Verzorgende IG, dementiezorg", "Carer, dementia care"),
        ("Ervaringsdeskundige en vrijwilliger", "Expert by experience and volunteer"),
        ("Begeleider dagbesteding", "Day-activities support worker"),
        ("Specialist ouderengeneeskunde", "Elderly care physician"),
    ],
    "leren": [
        ("Praktijkopleider", "Practice educator"),
        ("Teamcoach wijkzorg", "Team coach, community care"),
        ("Leerling-verpleegkundige (BBL)", "Student nurse (work-based)"),
        ("Lid cliëntenraad", "Member of the client council"),
    ],
    "rooster": [
        ("Roosteraar zorgteams Noord", "Rostering lead, care teams North"),
        ("HR-adviseur", "HR advisor"),
        ("Functioneel beheerder ECD", "Care records system administrator"),
        ("Data-analist kwaliteit", "Quality data analyst"),
    ],
    "organisatie": [
        ("Controller", "Financial controller"),
        ("Medewerker inkoop en facilitair", "Procurement and facilities officer"),
        ("Projectleider duurzaamheid", "Sustainability project lead"),
        ("Adviseur huisvesting", "Facilities advisor"),
    ],
}
LOCATIONS = ["Zwolle", "Deventer", "Kampen", "Apeldoorn", "Raalte", "Dalfsen"]
LANGUAGES_NL = [
    "Nederlands",
    "Nederlands, Engels",
    "Nederlands, Turks",
    "Nederlands, Arabisch",
]
LANGUAGES_EN = ["English", "English, some Dutch"]

#: The competence vocabulary: (slug, Dutch, English, synonyms, theme). Themes tie
#: competences to roadmaps (``roadmaps/demo.py``), so results fit their item.
COMPETENCES = [
    (
        "dementiezorg",
        "Dementiezorg",
        "Dementia care",
        "dementie, Alzheimer",
        "dementie",
    ),
    (
        "ervaringsdeskundigheid",
        "Ervaringsdeskundigheid",
        "Lived experience",
        "ervaringsdeskundige, peer support",
        "dementie",
    ),
    (
        "begeleiding",
        "Begeleiding",
        "Support work",
        "persoonlijke begeleiding",
        "dementie",
    ),
    ("dagbesteding", "Dagbesteding", "Day activities", "dagactiviteiten", "dementie"),
    (
        "bewegen",
        "Bewegen en leefstijl",
        "Exercise and lifestyle",
        "beweegcoach",
        "dementie",
    ),
    (
        "wijkverpleging",
        "Wijkverpleging",
        "District nursing",
        "thuiszorg, home care",
        "dichtbij",
    ),
    (
        "mantelzorg",
        "Mantelzorgondersteuning",
        "Support for informal carers",
        "mantelzorg, naasten",
        "dichtbij",
    ),
    (
        "zorgtechnologie",
        "Zorgtechnologie",
        "Care technology",
        "domotica, e-health",
        "dichtbij",
    ),
    (
        "beeldbellen",
        "Beeldbellen",
        "Video consultations",
        "videobellen, telezorg",
        "dichtbij",
    ),
    (
        "medicatieveiligheid",
        "Medicatieveiligheid",
        "Medication safety",
        "medicijnen",
        "dichtbij",
    ),
    ("wondzorg", "Wondzorg", "Wound care", "decubitus", "dichtbij"),
    (
        "palliatieve-zorg",
        "Palliatieve zorg",
        "Palliative care",
        "terminale zorg",
        "dichtbij",
    ),
    (
        "opleiden",
        "Praktijkopleiden",
        "Workplace training",
        "opleiden, leerlingen",
        "leren",
    ),
    ("coaching", "Coaching", "Coaching", "teamcoaching, intervisie", "leren"),
    (
        "kwaliteit",
        "Kwaliteit en veiligheid",
        "Quality and safety",
        "kwaliteitszorg, MIC",
        "leren",
    ),
    (
        "clientenparticipatie",
        "Cliëntenparticipatie",
        "Client participation",
        "inspraak, cliëntenraad",
        "leren",
    ),
    (
        "communicatie",
        "Communicatie",
        "Communication",
        "schrijven, storytelling",
        "leren",
    ),
    ("roosteren", "Roosteren", "Rostering", "rooster, planning, scheduling", "rooster"),
    (
        "hr",
        "HR en personeelsbeleid",
        "Human resources",
        "personeelszaken, P&O",
        "rooster",
    ),
    ("data-analyse", "Data-analyse", "Data analysis", "dashboards, BI", "rooster"),
    ("ict", "ICT", "IT", "automatisering, informatievoorziening", "rooster"),
    (
        "financien",
        "Financiën",
        "Finance",
        "financieel beheer, begroting",
        "organisatie",
    ),
    ("inkoop", "Inkoop", "Procurement", "aanbesteding, purchasing", "organisatie"),
    (
        "duurzaamheid",
        "Duurzaamheid",
        "Sustainability",
        "verduurzaming, CO2",
        "organisatie",
    ),
    (
        "vastgoed",
        "Huisvesting",
        "Facilities and housing",
        "vastgoed, facilitair",
        "organisatie",
    ),
    (
        "projectleiding",
        "Projectleiding",
        "Project management",
        "projectmanagement",
        "organisatie",
    ),
    (
        "vrijwilligers",
        "Vrijwilligerscoördinatie",
        "Volunteer coordination",
        "vrijwilligerswerk",
        "dichtbij",
    ),
    (
        "facilitatie",
        "Facilitatie",
        "Facilitation",
        "gespreksleiding, workshops",
        "leren",
    ),
]
#: Competences by theme, for roadmaps and results.
THEME_COMPETENCES: dict[str, list[str]] = {}
for _slug, _nl, _en, _syn, _theme in COMPETENCES:
    THEME_COMPETENCES.setdefault(_theme, []).append(_slug)

#: (slug, Dutch, English, description nl, description en, public)
ROLES = [
    (
        "roadmap-eigenaar",
        "Eigenaar roadmap",
        "Roadmap owner",
        "Houdt een roadmap-item in beweging en meldt resultaten.",
        "Keeps a roadmap item moving and reports results.",
        True,
    ),
    (
        "aandachtsvelder-dementie",
        "Aandachtsvelder dementie",
        "Dementia lead",
        "Eerste vraagbaak voor dementiezorg in het team.",
        "First point of contact for dementia care in the team.",
        True,
    ),
    (
        "mentor",
        "Mentor",
        "Mentor",
        "Helpt nieuwe collega's hun weg te vinden.",
        "Helps new colleagues find their way.",
        True,
    ),
    (
        "network-host",
        "Gastheer of gastvrouw netwerk",
        "Network host",
        "Houdt een netwerk levend.",
        "Keeps a network alive.",
        True,
    ),
    (
        "praktijkbegeleider",
        "Praktijkbegeleider",
        "Practice supervisor",
        "Begeleidt leerlingen op de werkvloer.",
        "Supervises students on the job.",
        True,
    ),
    (
        "preventiemedewerker",
        "Preventiemedewerker",
        "Prevention officer",
        "Aanspreekpunt voor veilig en gezond werken.",
        "Point of contact for safe and healthy work.",
        False,
    ),
    (
        "redacteur",
        "Redacteur",
        "Editor",
        "Houdt de bedoeling en de verhalen actueel.",
        "Keeps the purpose page and stories up to date.",
        True,
    ),
    (
        "buddy",
        "Buddy",
        "Buddy",
        "Trekt de eerste maanden op met een nieuwe collega.",
        "Pairs with a new colleague for their first months.",
        False,
    ),
]
#: (slug, Dutch, English, description nl, description en, audience, policy)
NETWORKS = [
    (
        "dementievriendelijk",
        "Netwerk Dementievriendelijk",
        "Dementia-friendly network",
        "Collega's, naasten en vrijwilligers die dementiezorg beter willen maken.",
        "Colleagues, loved ones and volunteers improving dementia care.",
        "public",
        "open",
    ),
    (
        "jonge-zorgprofessionals",
        "Jonge zorgprofessionals",
        "Young care professionals",
        "Voor iedereen onder de dertig of net begonnen in de zorg.",
        "For everyone under thirty or new to care.",
        "community",
        "open",
    ),
    (
        "zorgtechnologie",
        "Zorgtechnologie in de praktijk",
        "Care technology in practice",
        "Wat werkt er echt: sensoren, beeldbellen, medicijndispensers.",
        "What really works: sensors, video calls, medication dispensers.",
        "community",
        "open",
    ),
    (
        "roosteraars",
        "Roosteraars",
        "Rostering leads",
        "Roosteraars vergelijken aanpakken en tools.",
        "Rostering leads comparing approaches and tools.",
        "staff",
        "approval",
    ),
    (
        "ervaringsdeskundigen",
        "Ervaringsdeskundigen",
        "Experts by experience",
        "Ervaringsdeskundigen en wie met hen werkt.",
        "Experts by experience and those who work with them.",
        "public",
        "approval",
    ),
    (
        "duurzame-zorg",
        "Groene zorg",
        "Green care",
        "Minder afval, minder kilometers, minder energie.",
        "Less waste, fewer miles, less energy.",
        "public",
        "open",
    ),
]
CLAIM_MOTIVATIONS = [
    "Ik doe dit in ons team al een jaar; ik wil het graag officieel maken.",
    "Ik heb vorige maand drie leerlingen begeleid en wil daarmee doorgaan.",
    "I already help new colleagues on my shifts and would like to be a buddy.",
    "Na mijn scholing dementiezorg wil ik graag aandachtsvelder worden.",
]
BIOS_NL = [
    "<p>Ik werk in de zorg omdat ik wil dat mensen thuis kunnen blijven wonen zo "
    "lang als zij dat willen. Vraag me gerust over <strong>{a}</strong> of "
    "<em>{b}</em>.</p>",
    "<p>Na twintig jaar in het ziekenhuis koos ik voor de wijk. Ik ben goed in "
    "<strong>{a}</strong> en leer graag meer over <em>{b}</em>.</p>",
    "<p>Begonnen als vrijwilliger, nu in vaste dienst. <strong>{a}</strong> is mijn "
    "vak; <em>{b}</em> mijn hobby geworden.</p>",
    "<p>Ik ben zelf mantelzorger geweest en neem dat mee in mijn werk. Bel me over "
    "<strong>{a}</strong> of <em>{b}</em>.</p>",
    "<p>Cijfers vertellen een verhaal als je ze goed leest. Ik help teams met "
    "<strong>{a}</strong> en <em>{b}</em>.</p>",
]
BIOS_EN = [
    "<p>I moved to Zwolle two years ago and work in English while my Dutch grows. "
    "Ask me about <strong>{a}</strong> or <em>{b}</em>.</p>",
    "<p>Trained as a nurse in Manchester; now part of a neighbourhood team here. "
    "I know <strong>{a}</strong> well and I'm learning <em>{b}</em>.</p>",
]


def _vocabulary():
    competences = []
    for slug, nl, en, synonyms, _theme in COMPETENCES:
        c, created = Competence.objects.get_or_create(
            slug=slug,
            defaults={"name": nl, "name_nl": nl, "name_en": en, "synonyms": synonyms},
        )
        competences.append(c)
    roles = []
    for slug, nl, en, text_nl, text_en, public in ROLES:
        r, _ = Role.objects.get_or_create(
            slug=slug,
            defaults={
                "name": nl,
                "name_nl": nl,
                "name_en": en,
                "description_nl": text_nl,
                "description_en": text_en,
                "is_public": public,
            },
        )
        roles.append(r)
    networks = []
    for slug, nl, en, text_nl, text_en, audience, policy in NETWORKS:
        n, _ = Network.objects.get_or_create(
            slug=slug,
            defaults={
                "name": nl,
                "name_nl": nl,
                "name_en": en,
                "description_nl": text_nl,
                "description_en": text_en,
                "audience": audience,
                "join_policy": policy,
            },
        )
        networks.append(n)
    return competences, roles, networks


def _ensure_profiles(ctx: DemoContext) -> None:
    User = get_user_model()
    # bulk_create skips the post_save signal, so profiles for bulk users are made here.
    missing = User.objects.filter(profile__isnull=True).order_by("pk")
    total = missing.count()
    batch = []
    for user in ctx.progress(
        missing.iterator(chunk_size=BATCH), "profiles", total=total
    ):
        batch.append(
            Profile(
                user=user, display_name=(user.get_full_name() or user.username)[:120]
            )
        )
        if len(batch) >= BATCH:
            Profile.objects.bulk_create(batch)
            batch = []
    Profile.objects.bulk_create(batch)


def seed(ctx: DemoContext) -> None:
    _ensure_profiles(ctx)
    competences, roles, networks = _vocabulary()
    rng = ctx.rng
    demo_emails = [email for email, _name, _kind in DEMO_LOGINS]
    # Only demo people whose profile has not been filled yet: running twice adds nothing.
    fresh_ids = list(
        Profile.objects.filter(headline="")
        .filter(Q(user__email__endswith="@demo.koers") | Q(user__email__in=demo_emails))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not fresh_ids:
        return
    all_user_ids = list(
        Profile.objects.order_by("pk").values_list("user_id", flat=True)
    )
    today = timezone.localdate()
    themes = sorted(THEME_COMPETENCES)
    chunks = [fresh_ids[i : i + BATCH] for i in range(0, len(fresh_ids), BATCH)]
    for chunk in ctx.progress(chunks, "people: profiles and competences"):
        profiles = list(Profile.objects.filter(pk__in=chunk).select_related("user"))
        links, learning, assignments, follows, memberships = [], [], [], [], []
        claims = []
        for profile in profiles:
            index = person_index(profile.user.email)
            english = index is not None and speaks_english(index)
            # competences cluster around one theme, as a person's work does
            theme = rng.choice(themes)
            own = [c for c in competences if c.slug in THEME_COMPETENCES[theme]]
            picks = rng.sample(own, min(len(own), rng.randint(2, 3)))
            picks += [
                c for c in rng.sample(competences, rng.randint(0, 1)) if c not in picks
            ]
            headline_nl, headline_en = rng.choice(HEADLINES[theme])
            profile.headline = headline_en if english else headline_nl
            with translation.override("en" if english else "nl"):
                names = (picks[0].name.lower(), picks[1].name.lower())
            bio = rng.choice(BIOS_EN if english else BIOS_NL)
            profile.bio = bio.format(a=names[0], b=names[1])
            profile.location = rng.choice(LOCATIONS)
            profile.languages = rng.choice(LANGUAGES_EN if english else LANGUAGES_NL)
            profile.public_profile = rng.random() < 0.6
            profile.phone = f"+31 6 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
            profile.links = (
                f"https://example.org/{profile.user.username}"
                if rng.random() < 0.3
                else ""
            )
            for c in picks:
                links.append(
                    ProfileCompetence(
                        content_object=profile,
                        tag=c,
                        level=rng.choices(
                            ["learning", "practised", "expert"], weights=[2, 5, 3]
                        )[0],
                    )
                )
            for c in rng.sample(competences, rng.randint(0, 3)):
                if c not in picks:
                    learning.append(LearningInterest(content_object=profile, tag=c))
            if rng.random() < 0.35:
                role = rng.choice(roles)
                since = today.replace(year=today.year - rng.randint(0, 3))
                ended = rng.random() < 0.25
                # A host's role names the network, so it takes the network's audience.
                network = rng.choice(networks) if role.slug == "network-host" else None
                assignments.append(
                    RoleAssignment(
                        profile=profile,
                        role=role,
                        context_label=network.name if network else "",
                        audience=network.audience if network else Audience.PUBLIC,
                        since=since,
                        until=today if ended else None,
                    )
                )
            elif rng.random() < 0.08:
                claims.append(
                    RoleClaim(
                        profile=profile,
                        role=rng.choice(roles),
                        motivation=rng.choice(CLAIM_MOTIVATIONS),
                    )
                )
            for followed in rng.sample(
                all_user_ids, min(len(all_user_ids), rng.randint(2, 12))
            ):
                if followed != profile.user_id:
                    follows.append(
                        Follow(follower_id=profile.user_id, followed_id=followed)
                    )
            for network in rng.sample(networks, rng.randint(1, 3)):
                memberships.append(
                    NetworkMembership(
                        network=network,
                        user_id=profile.user_id,
                        role="host" if rng.random() < 0.05 else "member",
                        status="pending"
                        if network.join_policy == "approval" and rng.random() < 0.1
                        else "active",
                    )
                )
        Profile.objects.bulk_update(
            profiles,
            [
                "headline",
                "bio",
                "location",
                "languages",
                "public_profile",
                "phone",
                "links",
            ],
            batch_size=BATCH,
        )
        ProfileCompetence.objects.bulk_create(
            links, batch_size=BATCH, ignore_conflicts=True
        )
        LearningInterest.objects.bulk_create(
            learning, batch_size=BATCH, ignore_conflicts=True
        )
        RoleAssignment.objects.bulk_create(assignments, batch_size=BATCH)
        RoleClaim.objects.bulk_create(claims, batch_size=BATCH, ignore_conflicts=True)
        Follow.objects.bulk_create(follows, batch_size=BATCH, ignore_conflicts=True)
        NetworkMembership.objects.bulk_create(
            memberships, batch_size=BATCH, ignore_conflicts=True
        )
        # endorsements need the links' ids, so they come after the links exist
        endorsements = []
        for link_id, owner_id in ProfileCompetence.objects.filter(
            content_object_id__in=chunk
        ).values_list("pk", "content_object__user_id"):
            for endorser in rng.sample(
                all_user_ids, min(len(all_user_ids), rng.randint(0, 4))
            ):
                if endorser != owner_id:
                    endorsements.append(
                        Endorsement(profile_competence_id=link_id, endorser_id=endorser)
                    )
        Endorsement.objects.bulk_create(
            endorsements, batch_size=BATCH, ignore_conflicts=True
        )
        services.endorsement_counts_refresh(profile_ids=chunk)
    # bulk_create skips the signals that keep the stored counts in step
    services.competence_counts_refresh()
    services.network_member_count_refresh()
    ctx.say(f"  {len(fresh_ids)} profiles filled in")
