"""Demo content for roadmaps: the organisation's five roadmaps, each with its own
promises, lanes, items, owners, open roles and the results that report on them.

One Dutch care organisation (Zorgcoöperatie De Koers) works from three promises;
each roadmap serves one or two of them and has a theme of competences. Results
linked to an item are written here, for that item, with the roadmap's promise and
theme's competences, so a result always fits the item it reports on. Beyond the
first five, roadmaps are the same themes worked out per region (``--size large``):
the same world at scale, with figures and neighbourhoods varying per result.

Pages are created through Wagtail (they need tree paths and revisions); the many
small rows go in with bulk_create. Idempotent: roadmaps are found by slug.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage

from feed.demo import keep_created_at
from feed.models import Comment, Post, TaggedPostCompetence
from home.models import Promise
from home.services import site_home
from intranet.audience import (
    COMMUNITY_MANAGERS_GROUP,
    EMPLOYEES_GROUP,
    set_page_audience,
)
from intranet.demo import DemoContext
from profiles.demo import THEME_COMPETENCES
from profiles.models import Competence

from .models import (
    IdeaProposal,
    ItemComment,
    ItemFollow,
    Moderation,
    OpenRole,
    RoadmapChange,
    RoadmapIndexPage,
    RoadmapItemPage,
    RoadmapLane,
    RoadmapPage,
    Status,
    Volunteer,
    Vote,
)

#: The five roadmaps of the organisation. Each names its promises (by slug), its
#: lanes (Dutch, English), the competences of its theme, and items with open roles
#: and the results that report on them ({n} and {wijk} vary per result).
THEMES = [
    {
        "slug": "zorg-dichtbij",
        "title": "Zorg dichtbij",
        "audience": "public",
        "promises": ["a-good-life-for-clients"],
        "intro": "Zorg in de wijk, op het moment dat het nodig is: met vaste "
        "gezichten, slimme hulpmiddelen en ruimte voor naasten.",
        "lanes": [
            ("Wijkteams", "Neighbourhood teams"),
            ("Digitale zorg", "Digital care"),
            ("Mantelzorg", "Informal care"),
        ],
        "theme": "dichtbij",
        "items": [
            (
                "Wijkverpleging in het weekend",
                "Ook op zaterdag en zondag een vaste wijkverpleegkundige per wijk, niet alleen een invalpool.",
                0,
                "in_progress",
                "2026-Q3",
                [
                    (
                        "Wijkverpleegkundige weekend",
                        "Draai twee weekenden per maand mee in je eigen wijk.",
                    )
                ],
                [
                    (
                        "{n} weekenddiensten",
                        "In {wijk} werkten we dit kwartaal {n} weekenddiensten met een vaste wijkverpleegkundige in plaats van invallers.",
                    ),
                    (
                        "-{n}% invalkrachten",
                        "Het aandeel invalkrachten in het weekend daalde in {wijk} met {n}%. Cliënten zien vaker een bekend gezicht.",
                    ),
                ],
            ),
            (
                "Beeldbellen met de huisarts",
                "Korte overleggen tussen wijkverpleging en huisarts via beeldbellen, zodat de cliënt niet hoeft te wachten.",
                1,
                "done",
                "2026-Q2",
                [],
                [
                    (
                        "{n} beeldbelconsulten",
                        "{n} overleggen met huisartsen in {wijk} gingen deze maand via beeldbellen; gemiddeld scheelt dat een dag wachten.",
                    ),
                    (
                        "{n}% minder ritten",
                        "Door beeldbellen reed team {wijk} {n}% minder ritten voor een kort overleg.",
                    ),
                ],
            ),
            (
                "Slimme medicijndispenser",
                "Een dispenser die op tijd piept en ons waarschuwt als een dosis blijft liggen.",
                1,
                "in_progress",
                "2026-Q4",
                [
                    (
                        "Tester medicijndispenser",
                        "Probeer de dispenser twee weken uit bij een cliënt en vertel wat opvalt.",
                    )
                ],
                [
                    (
                        "{n} cliënten",
                        "{n} cliënten in {wijk} gebruiken nu een slimme medicijndispenser; er is geen dosis meer gemist.",
                    ),
                    (
                        "-{n} bezoeken",
                        "Met de dispenser zijn er in {wijk} {n} medicijnbezoeken per week minder nodig: tijd die naar een echt gesprek gaat.",
                    ),
                ],
            ),
            (
                "Mantelzorgcafé in elke wijk",
                "Eens per maand een ochtend waar mantelzorgers elkaar en onze consulent treffen.",
                2,
                "planned",
                "2027-Q1",
                [
                    (
                        "Gastvrouw of gastheer",
                        "Ontvang mantelzorgers en zet de koffie klaar.",
                    ),
                    (
                        "Meedenker programma",
                        "Denk mee over de onderwerpen van de ochtenden.",
                    ),
                ],
                [
                    (
                        "{n} mantelzorgers",
                        "Bij het eerste mantelzorgcafé in {wijk} kwamen {n} mantelzorgers; drie willen het volgende zelf mee organiseren.",
                    )
                ],
            ),
            (
                "Vaste gezichten aan de deur",
                "Hooguit vijf verschillende zorgverleners per cliënt per maand.",
                0,
                "idea",
                "",
                [],
                [],
            ),
            (
                "Respijtzorg op afroep",
                "Een vervangende zorgverlener zodat een mantelzorger een dag vrij kan nemen.",
                2,
                "dropped",
                "",
                [],
                [],
            ),
            (
                "Palliatieve zorg thuis",
                "Een vast palliatief team dat 's nachts bereikbaar is voor wijkteams.",
                0,
                "planned",
                "2026-Q4",
                [
                    (
                        "Verpleegkundige palliatief team",
                        "Word deel van het nachtteam palliatieve zorg.",
                    )
                ],
                [
                    (
                        "{n} cliënten thuis",
                        "{n} cliënten konden dit kwartaal thuis overlijden, omringd door naasten, met ons palliatieve team op afroep.",
                    )
                ],
            ),
        ],
    },
    {
        "slug": "vakmanschap-en-leren",
        "title": "Vakmanschap en leren",
        "audience": "community",
        "promises": ["meaningful-work-for-professionals"],
        "intro": "Ruimte om je vak te leren en te laten zien: opleiden op de werkvloer, "
        "intervisie en leren van cliënten en ervaringsdeskundigen.",
        "lanes": [
            ("Opleiden", "Training"),
            ("Kennisdeling", "Knowledge sharing"),
            ("Instroom", "Onboarding"),
        ],
        "theme": "leren",
        "items": [
            (
                "Buddy voor nieuwe collega's",
                "Elke nieuwe collega loopt de eerste drie maanden op met een buddy.",
                2,
                "done",
                "2026-Q1",
                [],
                [
                    (
                        "{n} buddykoppels",
                        "{n} nieuwe collega's in {wijk} hebben een buddy; niemand van hen is in het eerste half jaar vertrokken.",
                    ),
                    (
                        "{n}% blijft",
                        "Van de collega's met een buddy werkt na een jaar nog {n}% bij ons, tegen 71% zonder buddy.",
                    ),
                ],
            ),
            (
                "Leerkring voor praktijkopleiders",
                "Praktijkopleiders leren van elkaar in een maandelijkse leerkring.",
                0,
                "in_progress",
                "2026-Q3",
                [
                    (
                        "Deelnemer leerkring",
                        "Kom zes keer naar de leerkring en breng een casus in.",
                    )
                ],
                [
                    (
                        "{n} leerkringen",
                        "Dit jaar kwamen praktijkopleiders {n} keer samen; de casus uit {wijk} over feedback geven werd een werkvorm voor alle teams.",
                    )
                ],
            ),
            (
                "Intervisie met ervaringsdeskundigen",
                "Ervaringsdeskundigen schuiven aan bij intervisie: leren van wie het zelf meemaakte.",
                1,
                "in_progress",
                "2026-Q4",
                [
                    (
                        "Ervaringsdeskundige",
                        "Schuif vier keer aan bij een intervisiegroep.",
                    )
                ],
                [
                    (
                        "{n} intervisies",
                        "{n} intervisiegroepen hadden een ervaringsdeskundige aan tafel. 'Ik kijk nu anders naar onrust', schreef een collega uit {wijk}.",
                    )
                ],
            ),
            (
                "Scholing dementiezorg voor iedereen",
                "Een basisscholing dementiezorg voor alle collega's, ook in de huishoudelijke zorg.",
                0,
                "planned",
                "2027-Q1",
                [
                    (
                        "Co-trainer",
                        "Geef samen met de trainer een dagdeel van de scholing.",
                    )
                ],
                [
                    (
                        "{n} collega's geschoold",
                        "{n} collega's volgden de basisscholing dementiezorg, waarvan {m} uit de huishoudelijke zorg.",
                    )
                ],
            ),
            (
                "Leerwerkplekken voor zij-instromers",
                "Zij-instromers leren het vak op een leerwerkplek met een vaste begeleider.",
                2,
                "idea",
                "",
                [],
                [],
            ),
            (
                "Kennisbank met werkinstructies",
                "Alle werkinstructies op één plek, geschreven door de mensen die het werk doen.",
                1,
                "dropped",
                "",
                [],
                [],
            ),
        ],
    },
    {
        "slug": "eigen-regie-rooster",
        "title": "Eigen regie op het rooster",
        "audience": "staff",
        "promises": ["meaningful-work-for-professionals", "a-healthy-organisation"],
        "intro": "Professionals bepalen mee wanneer zij werken. Minder gaten, minder "
        "last-minute diensten en roosters die passen bij het leven naast het werk.",
        "lanes": [
            ("Roosters", "Rosters"),
            ("Werkdruk", "Workload"),
            ("Vervanging", "Cover"),
        ],
        "theme": "rooster",
        "items": [
            (
                "Zelfroosteren in de wijkteams",
                "Teams maken samen hun rooster in de roosterapp, de roosteraar bewaakt de bezetting.",
                0,
                "in_progress",
                "2026-Q3",
                [
                    (
                        "Pilotteam zelfroosteren",
                        "Rooster drie maanden zelf met je team en deel wat werkt.",
                    )
                ],
                [
                    (
                        "{n} teams",
                        "{n} wijkteams roosteren nu zelf. In {wijk} was het rooster voor het eerst zes weken vooruit rond.",
                    ),
                    (
                        "-{n}% ruildiensten",
                        "Sinds het zelfroosteren ruilt team {wijk} {n}% minder diensten op het laatste moment.",
                    ),
                ],
            ),
            (
                "Roosterapp op de telefoon",
                "Je rooster, ruilverzoeken en open diensten op je eigen telefoon.",
                0,
                "done",
                "2026-Q2",
                [],
                [
                    (
                        "{n}% gebruikt de app",
                        "{n}% van de collega's gebruikt de roosterapp; open diensten zijn gemiddeld binnen vier uur gevuld.",
                    )
                ],
            ),
            (
                "Eigen flexpool",
                "Een eigen pool van vaste invallers in plaats van uitzendkrachten.",
                2,
                "planned",
                "2026-Q4",
                [
                    (
                        "Flexpoolcoördinator",
                        "Help de flexpool op te zetten en te vullen.",
                    )
                ],
                [
                    (
                        "€{n}k minder inhuur",
                        "Dankzij de eigen flexpool huurden we dit kwartaal €{n}k minder uitzendkrachten in.",
                    )
                ],
            ),
            (
                "Inzicht in werkdruk per team",
                "Een dashboard dat verzuim, overuren en open diensten per team laat zien.",
                1,
                "in_progress",
                "2026-Q4",
                [
                    (
                        "Meedenker dashboard",
                        "Zeg wat jouw team wil zien en test de eerste versie.",
                    )
                ],
                [
                    (
                        "{n} teams op het dashboard",
                        "{n} teams bespreken hun werkdruk nu maandelijks aan de hand van het dashboard; {wijk} koos daarna voor een extra avonddienst.",
                    )
                ],
            ),
            (
                "Geen diensten korter dan vier uur",
                "Losse korte diensten verdwijnen uit de roosters.",
                1,
                "idea",
                "",
                [],
                [],
            ),
            (
                "Automatisch roosteren",
                "Een algoritme maakt het basisrooster.",
                0,
                "dropped",
                "",
                [],
                [],
            ),
        ],
    },
    {
        "slug": "dementievriendelijk-leven",
        "title": "Dementievriendelijk leven",
        "audience": "public",
        "promises": ["a-good-life-for-clients"],
        "intro": "Mensen met dementie en hun naasten houden regie over hun dag: thuis, "
        "in de dagbesteding en in de buurt.",
        "lanes": [
            ("Thuis", "At home"),
            ("Dagbesteding", "Day activities"),
            ("Naasten", "Loved ones"),
        ],
        "theme": "dementie",
        "items": [
            (
                "Dagbesteding op de boerderij",
                "Dagbesteding buiten, op een zorgboerderij vlakbij.",
                1,
                "done",
                "2026-Q2",
                [],
                [
                    (
                        "{n} deelnemers",
                        "{n} mensen met dementie gaan nu wekelijks naar de zorgboerderij bij {wijk}. Naasten merken dat zij beter slapen.",
                    ),
                    (
                        "{n} vrijwilligers",
                        "{n} vrijwilligers helpen op de zorgboerderij; twee van hen zijn zelf mantelzorger geweest.",
                    ),
                ],
            ),
            (
                "Leefcirkels in kaart",
                "Samen met cliënt en naasten tekenen we wie en wat belangrijk is in iemands leven.",
                0,
                "in_progress",
                "2026-Q3",
                [("Begeleider leefcirkels", "Maak met drie cliënten een leefcirkel.")],
                [
                    (
                        "{n} leefcirkels",
                        "Voor {n} cliënten in {wijk} is een leefcirkel gemaakt; bij een derde kwam een oude vriend weer in beeld.",
                    )
                ],
            ),
            (
                "Bewegen met muziek",
                "Wekelijks bewegen op muziek van vroeger, thuis of in de huiskamer.",
                1,
                "in_progress",
                "2026-Q4",
                [("Beweegmaatje", "Kom een uur per week bewegen met een cliënt.")],
                [
                    (
                        "{n} beweegmomenten",
                        "Er waren deze maand {n} beweegmomenten met muziek in {wijk}. 'Hij zong weer mee', vertelde een dochter.",
                    )
                ],
            ),
            (
                "Lotgenotengroep voor naasten",
                "Naasten van mensen met dementie delen ervaringen, begeleid door een ervaringsdeskundige.",
                2,
                "planned",
                "2027-Q1",
                [
                    (
                        "Ervaringsdeskundige begeleider",
                        "Begeleid samen met een consulent zes bijeenkomsten.",
                    )
                ],
                [
                    (
                        "{n} naasten",
                        "{n} naasten kwamen naar de eerste lotgenotengroep in {wijk}; ze spreken nu ook buiten de groep af.",
                    )
                ],
            ),
            (
                "Nachtzorg met sensoren",
                "Sensoren die 's nachts onrust melden, zodat niemand onnodig wordt gewekt.",
                0,
                "idea",
                "",
                [],
                [],
            ),
            (
                "Dementievriendelijke winkels",
                "Winkeliers in de wijk leren hoe zij mensen met dementie kunnen helpen.",
                2,
                "dropped",
                "",
                [],
                [],
            ),
        ],
    },
    {
        "slug": "gezonde-organisatie",
        "title": "Gezonde organisatie",
        "audience": "public",
        "promises": ["a-healthy-organisation"],
        "intro": "Gezonde financiën, minder verspilling en een organisatie die ook over "
        "tien jaar goede zorg kan bieden.",
        "lanes": [
            ("Financiën", "Finance"),
            ("Duurzaamheid", "Sustainability"),
            ("Inkoop", "Procurement"),
        ],
        "theme": "organisatie",
        "items": [
            (
                "Elektrische auto's voor de wijkteams",
                "De wijkteams rijden elektrisch, met laadpalen bij elk teamkantoor.",
                1,
                "in_progress",
                "2026-Q4",
                [("Meedenker laadplan", "Help bepalen waar de laadpalen komen.")],
                [
                    (
                        "{n} elektrische auto's",
                        "Team {wijk} rijdt nu met {n} elektrische auto's; dat scheelt ruim {m} liter benzine per maand.",
                    )
                ],
            ),
            (
                "Minder incontinentiemateriaal weggooien",
                "Passend materiaal per cliënt en een nieuwe inkoopafspraak.",
                2,
                "done",
                "2026-Q2",
                [],
                [
                    (
                        "-{n}% afval",
                        "{wijk} gooit {n}% minder incontinentiemateriaal weg sinds elke cliënt passend materiaal krijgt.",
                    ),
                    (
                        "€{n}k bespaard",
                        "De nieuwe inkoopafspraak voor incontinentiemateriaal bespaarde dit halfjaar €{n}k.",
                    ),
                ],
            ),
            (
                "Begroting in begrijpelijke taal",
                "Een begroting die iedere collega en de cliëntenraad kan lezen.",
                0,
                "done",
                "2026-Q1",
                [],
                [
                    (
                        "{n} teams lazen mee",
                        "{n} teams gaven commentaar op de begroting in gewone taal; de cliëntenraad noemde het 'voor het eerst echt leesbaar'.",
                    )
                ],
            ),
            (
                "Zonnepanelen op de teamkantoren",
                "Zonnepanelen op de daken van onze eigen panden.",
                1,
                "planned",
                "2027-Q1",
                [("Projectlid zonnepanelen", "Help met de offertes en de planning.")],
                [
                    (
                        "{n} panelen",
                        "Er liggen nu {n} zonnepanelen op het teamkantoor in {wijk}; het kantoor draait 's zomers op eigen stroom.",
                    )
                ],
            ),
            (
                "Minder uren aan verantwoording",
                "Minder dubbele registratie: één keer vastleggen, vaker gebruiken.",
                0,
                "in_progress",
                "2026-Q4",
                [
                    (
                        "Tester registratie",
                        "Test de nieuwe registratie in je eigen team.",
                    )
                ],
                [
                    (
                        "-{n} min per dienst",
                        "In {wijk} kost de registratie na de aanpassing {n} minuten per dienst minder.",
                    )
                ],
            ),
            (
                "Eigen zorghotel",
                "Een zorghotel voor herstel na ziekenhuisopname.",
                2,
                "dropped",
                "",
                [],
                [],
            ),
        ],
    },
]
#: Regions: roadmaps beyond the first five are the same themes worked out per region.
REGIONS = [
    "Zwolle-Zuid",
    "Deventer",
    "Kampen",
    "Apeldoorn",
    "Raalte",
    "Dalfsen",
    "Ommen",
    "Hattem",
    "Epe",
    "Olst",
]
WIJKEN = [
    "Assendorp",
    "Holtenbroek",
    "Stadshagen",
    "Diezerpoort",
    "Berkum",
    "Westenholte",
    "Aa-landen",
    "Schelle",
    "Wipstrik",
    "Kamperpoort",
]


#: Ideas members proposed per theme: (title, description).
IDEAS = {
    "dichtbij": [
        (
            "Een vast aanspreekpunt per wijk",
            "Dan weet iedereen bij wie je terecht kunt.",
        ),
        (
            "Koffie-ochtenden voor buren",
            "Buren leren de wijkverpleging kennen bij de koffie.",
        ),
        ("Sleutelkluisjes bij elke cliënt", "Nooit meer wachten voor een dichte deur."),
    ],
    "leren": [
        (
            "Meeloopdag bij een ander team",
            "Eén dag per jaar meelopen bij een ander team.",
        ),
        (
            "Podcast met verhalen van collega's",
            "Leren van elkaars mooiste en moeilijkste dagen.",
        ),
        ("Leerbudget dat je zelf besteedt", "Iedereen kiest zelf een cursus tot €500."),
    ],
    "rooster": [
        ("Ruilbord voor diensten", "Een bord in de app waar je diensten aanbiedt."),
        (
            "Vaste vrije woensdag voor ouders",
            "Wie wil, krijgt vast de woensdagmiddag vrij.",
        ),
        ("Rooster zes weken vooruit", "Dan kun je je privéleven plannen."),
    ],
    "dementie": [
        (
            "Muziek op maat voor iedere cliënt",
            "Een afspeellijst met de muziek van iemands jeugd.",
        ),
        ("Wandelclub met naasten", "Wekelijks wandelen met cliënten en hun naasten."),
        ("Herinneringskoffer", "Spullen van vroeger om gesprekken op gang te brengen."),
    ],
    "organisatie": [
        (
            "Deelfietsen voor korte ritten",
            "Binnen de wijk fiets je sneller dan met de auto.",
        ),
        ("Kantoor delen met de huisarts", "Minder huur en korte lijnen."),
        ("Papierloze teamkantoren", "Alles digitaal: minder printers, minder papier."),
    ],
}
ITEM_COMMENTS = [
    "Wanneer kunnen we hier in {wijk} iets van merken?",
    "Mooi dat dit opgepakt wordt; bij ons in {wijk} leeft dit echt.",
    "Ik help graag mee met testen.",
    "Hebben cliënten hier al iets over gezegd?",
    "Kunnen we dit ook bespreken in het teamoverleg van {wijk}?",
    "Goed plan. Denk wel aan de collega's die in de nacht werken.",
    "Great to see this moving. Happy to share how we did it in my previous job.",
    "Wat is er nodig om dit ook in {wijk} te starten?",
]
VOLUNTEER_MESSAGES = [
    "Ik heb hier ervaring mee en help graag.",
    "Ik werk in {wijk} en zie elke week waarom dit nodig is.",
    "Count me in, I did something similar in Leeds.",
    "Ik kan op dinsdag en donderdag.",
    "Graag! Mijn moeder had dementie; ik weet hoe belangrijk dit is.",
    "Ik wil dit leren, dus ik meld me aan.",
]
RESULT_COMMENTS = [
    "Wat een mooi resultaat, gefeliciteerd team {wijk}!",
    "Hoe hebben jullie dit voor elkaar gekregen?",
    "Dit wil ik ook in ons team.",
    "Brilliant, well done!",
    "Dank voor het delen, dit geeft energie.",
    "Kunnen we dit in het kwartaalverslag opnemen?",
]


def _index() -> RoadmapIndexPage:
    index = RoadmapIndexPage.objects.first()
    if index is None:
        index = RoadmapIndexPage(
            title="Roadmaps",
            slug="roadmaps",
            intro="Waar we aan werken, wat klaar is en waar je kunt helpen.",
        )
        site_home().add_child(instance=index)
        index.save_revision().publish()
    return index


def _review_workflow(index) -> None:
    """Publishing roadmaps goes through a community manager's approval."""
    managers, _c = Group.objects.get_or_create(name=COMMUNITY_MANAGERS_GROUP)
    workflow, created = Workflow.objects.get_or_create(name="Roadmap review")
    if created:
        task = GroupApprovalTask.objects.create(name="Community manager approves")
        task.groups.set([managers])
        workflow.workflow_tasks.create(task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})


def spec(n: int) -> dict:
    """Roadmap ``n``: one of the five themes, per region beyond the first five."""
    theme = THEMES[n % len(THEMES)]
    if n < len(THEMES):
        return {**theme, "region": ""}
    region = REGIONS[(n // len(THEMES) - 1) % len(REGIONS)]
    rounds = (n // len(THEMES) - 1) // len(REGIONS)
    suffix = f" {rounds + 1}" if rounds else ""
    return {
        **theme,
        "region": region + suffix,
        "title": f"{theme['title']} · {region}{suffix}",
        "slug": f"{theme['slug']}-{slugify(region)}{'-' + str(rounds + 1) if rounds else ''}",
    }


def seed(ctx: DemoContext) -> None:
    User = get_user_model()
    index = _index()
    _review_workflow(index)
    employee_ids = list(
        User.objects.filter(
            groups__name__in=[EMPLOYEES_GROUP, COMMUNITY_MANAGERS_GROUP]
        )
        .values_list("pk", flat=True)
        .distinct()
        .order_by("pk")
    )
    member_ids = list(
        User.objects.filter(is_active=True).values_list("pk", flat=True).order_by("pk")
    )
    externals = sorted(set(member_ids) - set(employee_ids))
    if not member_ids:
        return
    existing = set(RoadmapPage.objects.values_list("slug", flat=True))
    people = {
        "owners": employee_ids or member_ids,
        "authors": externals or member_ids,
        "members": member_ids,
        "promises": {p.slug: p for p in Promise.objects.all()},
        "competences": dict(Competence.objects.values_list("slug", "pk")),
    }
    new_items: list[RoadmapItemPage] = []
    for n in ctx.progress(range(ctx.roadmaps), "roadmaps", total=ctx.roadmaps):
        if spec(n)["slug"] in existing:
            continue
        with transaction.atomic():  # one commit per roadmap: much faster on SQLite
            new_items += _seed_roadmap(ctx, index, n, people)
    _contributions(ctx, new_items, member_ids, externals)


def _wijk(rng) -> str:
    return rng.choice(WIJKEN)


def _seed_roadmap(ctx, index, n: int, people: dict) -> list:
    """One roadmap with its lanes, promises, items, results and ideas."""
    rng = ctx.rng
    theme = spec(n)
    owners = people["owners"]
    owner_id = owners[(n * 7) % len(owners)]
    region = f" in {theme['region']}" if theme["region"] else ""
    roadmap = RoadmapPage(
        title=theme["title"],
        slug=theme["slug"],
        intro=f"<p>{theme['intro']}</p>",
        body=[
            ("heading", "Waarom deze roadmap"),
            (
                "paragraph",
                f"<p>Iedereen kan zien wat we{region} van plan zijn, wat er loopt en "
                "wat af is. Stem op wat jij belangrijk vindt en meld je aan als je "
                "wilt helpen.</p>",
            ),
        ],
        owner_user_id=owner_id,
    )
    for order, (nl, en) in enumerate(theme["lanes"]):
        roadmap.lanes.add(
            RoadmapLane(name=nl, name_nl=nl, name_en=en, sort_order=order)
        )
    promises = [
        people["promises"][s] for s in theme["promises"] if s in people["promises"]
    ]
    if promises:
        roadmap.promises.set(promises)
    index.add_child(instance=roadmap)
    roadmap.save_revision().publish()
    if theme["audience"] != "public":
        set_page_audience(roadmap, theme["audience"])
    new_items, results = [], []
    competence_ids = [
        people["competences"][slug]
        for slug in THEME_COMPETENCES[theme["theme"]]
        if slug in people["competences"]
    ]
    for i, (title, text, lane, status, period, roles, outcomes) in enumerate(
        theme["items"]
    ):
        item_owner = owners[(n * 7 + i * 3 + 1) % len(owners)]
        item = RoadmapItemPage(
            title=title,
            slug=slugify(title),
            description=f"<p>{text}</p>",
            status=status,
            period=period,
            lane=theme["lanes"][lane][0],
            owner_user_id=item_owner,
        )
        for r, (role_title, role_text) in enumerate(roles):
            item.open_roles.add(
                OpenRole(
                    title=role_title,
                    description=role_text,
                    needed=1 + (i + r + n) % 3,
                    sort_order=r,
                )
            )
        roadmap.add_child(instance=item)
        item.save_revision().publish()
        item.roadmap_pk = roadmap.pk
        new_items.append(item)
        for figure, body in outcomes:
            results.append(
                _result(
                    rng,
                    item,
                    item_owner,
                    figure,
                    body,
                    theme,
                    promises,
                    competence_ids,
                    people["members"],
                )
            )
    _save_results(results)
    _ideas(ctx, roadmap, theme["theme"], people["authors"])
    return new_items


def _result(
    rng, item, author_id, figure, body, theme, promises, competence_ids, commenters
):
    """A result post for ``item``: the roadmap's promise, the theme's competences."""
    values = {"n": rng.randint(3, 40), "m": rng.randint(2, 12), "wijk": _wijk(rng)}
    audience = (
        "community"
        if theme["audience"] == "public" and rng.random() < 0.3
        else theme["audience"]
    )
    post = Post(
        author_id=author_id,
        kind=Post.Kind.RESULT,
        figure=figure.format(**values)[:40],
        body=f"<p>{body.format(**values)}</p>",
        audience=audience,
        promise=rng.choice(promises) if promises else None,
        roadmap_item_id=item.pk,
        created_at=timezone.now()
        - timedelta(days=rng.randint(1, 300), minutes=rng.randint(0, 1440)),
    )
    tags = rng.sample(competence_ids, k=min(len(competence_ids), 2))
    comments = [
        (rng.choice(commenters), text.format(wijk=_wijk(rng)))
        for text in rng.sample(RESULT_COMMENTS, k=rng.choice([0, 1, 1, 2]))
    ]
    post.comment_count = len(comments)
    return post, tags, comments


def _save_results(results) -> None:
    if not results:
        return
    with keep_created_at():
        posts = Post.objects.bulk_create([post for post, _tags, _comments in results])
    TaggedPostCompetence.objects.bulk_create(
        TaggedPostCompetence(content_object_id=post.pk, tag_id=tag)
        for post, (_p, tags, _c) in zip(posts, results, strict=True)
        for tag in tags
    )
    Comment.objects.bulk_create(
        Comment(post_id=post.pk, author_id=author_id, body=f"<p>{text}</p>")
        for post, (_p, _t, comments) in zip(posts, results, strict=True)
        for author_id, text in comments
    )


def _ideas(ctx, roadmap, theme: str, authors) -> None:
    rng = ctx.rng
    (title, text), (title2, text2) = rng.sample(IDEAS[theme], 2)
    open_idea = IdeaProposal.objects.create(
        roadmap=roadmap,
        author_id=rng.choice(authors),
        title=title,
        description=text,
        state=IdeaProposal.State.OPEN,
    )
    IdeaProposal.objects.create(
        roadmap=roadmap,
        author_id=rng.choice(authors),
        title=title2,
        description=text2,
        state=IdeaProposal.State.PENDING,
    )
    # The same idea proposed twice: a community manager merged the second into the
    # first, so its old address leads there (no random draw: the rest stays the same).
    IdeaProposal.objects.create(
        roadmap=roadmap,
        author_id=authors[-1],
        title=f"{title} (nogmaals voorgesteld)",
        description=text,
        state=IdeaProposal.State.MERGED,
        merged_into=open_idea,
    )
    voters = rng.sample(authors, k=min(len(authors), 6))
    Vote.objects.bulk_create(
        [Vote(user_id=u, proposal=open_idea) for u in voters], ignore_conflicts=True
    )
    ItemComment.objects.create(
        author_id=voters[0] if voters else open_idea.author_id,
        proposal=open_idea,
        body=rng.choice(ITEM_COMMENTS).format(wijk=_wijk(rng)),
    )


def _contributions(ctx, items, member_ids, externals) -> None:
    """Votes, follows, volunteers, comments and status history, in bulk."""
    if not items:
        return
    rng = ctx.rng
    votes, follows, volunteers, comments, changes = [], [], [], [], []
    roles = list(OpenRole.objects.filter(item__in=items))
    for item in ctx.progress(items, "roadmap votes", total=len(items)):
        for user_id in rng.sample(
            member_ids, k=min(len(member_ids), rng.randint(0, 12))
        ):
            votes.append(Vote(user_id=user_id, item_id=item.pk))
        for user_id in rng.sample(
            member_ids, k=min(len(member_ids), rng.randint(0, 5))
        ):
            follows.append(ItemFollow(user_id=user_id, item_id=item.pk))
        for text in rng.sample(ITEM_COMMENTS, k=rng.choice([0, 0, 1, 2])):
            comments.append(
                ItemComment(
                    author_id=rng.choice(member_ids),
                    item_id=item.pk,
                    body=text.format(wijk=_wijk(rng)),
                    moderation=Moderation.PUBLISHED,
                )
            )
        if item.status in (Status.IN_PROGRESS, Status.DONE, Status.DROPPED):
            changes.append(
                RoadmapChange(
                    roadmap_id=item.roadmap_pk,
                    item_id=item.pk,
                    kind=RoadmapChange.Kind.STATUS,
                    old_status=Status.PLANNED,
                    new_status=item.status,
                    summary=item.title,
                )
            )
    pool = externals or member_ids
    for role in roles:
        people = rng.sample(pool, k=min(len(pool), rng.randint(0, 3)))
        for j, user_id in enumerate(people):
            volunteers.append(
                Volunteer(
                    role=role,
                    user_id=user_id,
                    message=rng.choice(VOLUNTEER_MESSAGES).format(wijk=_wijk(rng)),
                    status=Volunteer.Decision.ACCEPTED
                    if j < role.needed - 1
                    else Volunteer.Decision.PENDING,
                )
            )
    Vote.objects.bulk_create(votes, ignore_conflicts=True, batch_size=2000)
    ItemFollow.objects.bulk_create(follows, ignore_conflicts=True, batch_size=2000)
    Volunteer.objects.bulk_create(volunteers, ignore_conflicts=True, batch_size=2000)
    ItemComment.objects.bulk_create(comments, batch_size=2000)
    RoadmapChange.objects.bulk_create(changes, batch_size=2000)
