"""Demo content for the feed: posts of every kind, tagged with competences, linked to
promises and roadmap items, with reactions, comments, a pinned and featured few, and
notifications for the demo logins. Idempotent; bulk_create so 100,000 posts take minutes."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from home.models import Promise
from intranet.audience import (
    COMMUNITY_MANAGERS_GROUP,
    EMPLOYEES_GROUP,
    Audience,
)
from intranet.demo import DEMO_LOGINS, DemoContext
from profiles.models import Competence, NetworkMembership, Profile

from .models import (
    Comment,
    Notification,
    Post,
    Reaction,
    Report,
    TaggedPostCompetence,
)

BATCH = 1000
DAYS = 180

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
DAGEN = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag"]
DAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

#: Post texts by kind and language. Slots vary per post ({wijk}, {dag}, {n},
#: {comp}: a competence in the text's language, {naam}: a colleague's first name),
#: so a large demo is combinations, not repeats. Results here report on a promise
#: (index into the purpose's promises); results on roadmap items come from
#: ``roadmaps/demo.py``, written for their item.
RESULTS_NL = [
    (
        0,
        "{n} cliënten",
        "{n} cliënten in {wijk} kregen deze maand een vaste contactpersoon.",
    ),
    (
        0,
        "{n} huisbezoeken",
        "Team {wijk} legde {n} extra huisbezoeken af bij cliënten die alleen wonen.",
    ),
    (
        1,
        "{n} stagiairs",
        "{n} stagiairs rondden hun stage in {wijk} af; {m} blijven bij ons werken.",
    ),
    (1, "-{n}% verzuim", "Het verzuim in team {wijk} daalde dit kwartaal met {n}%."),
    (
        2,
        "€{n}k",
        "Door slimmer in te kopen houden we dit jaar €{n}k over voor zorg in de wijk.",
    ),
    (
        2,
        "-{n}% papier",
        "Teamkantoor {wijk} print {n}% minder sinds de zorgdossiers digitaal zijn.",
    ),
]
RESULTS_EN = [
    (0, "{n} clients", "{n} clients in {wijk} now have one named nurse they can call."),
    (
        1,
        "{n} trainees",
        "{n} international trainees finished their placement in {wijk} this month.",
    ),
]
UPDATES_NL = [
    "Het teamoverleg van {wijk} is vanaf nu op {dag} om 9.30 uur.",
    "De nieuwe werkinstructie {comp} staat online. Lees je hem voor {dag}?",
    "Vandaag op bezoek geweest bij de zorgboerderij met team {wijk}. Verslag volgt.",
    "De cliëntenraad praat {dag} mee over {comp}; vragen kun je bij {naam} kwijt.",
    "Kwartaalcijfers zijn binnen: {n} nieuwe cliënten in {wijk} en een wachtlijst die krimpt.",
    "Vanaf {dag} werkt team {wijk} vanuit het nieuwe teamkantoor aan de Dorpsstraat.",
    "De scholing {comp} van {dag} is vol; er komt een tweede ronde.",
    "{naam} neemt het aandachtsveld {comp} over in {wijk}. Welkom!",
    "Het ECD is {dag} avond twee uur niet bereikbaar voor onderhoud.",
    "Terugblik op de themamiddag {comp}: {n} collega's, veel vragen, goede koffie.",
]
UPDATES_EN = [
    "Our team meeting in {wijk} moves to {day_en} at 9:30.",
    "Notes from {day_en}'s session on {comp} are in the shared folder.",
    "I'll be working from the {wijk} office on {day_en}s from now on.",
]
IDEAS_NL = [
    "Wat als we in {wijk} een vaste koffieochtend voor mantelzorgers houden?",
    "Idee: een uitleenkast met hulpmiddelen per wijk, te beginnen in {wijk}.",
    "Laten we elke maand één verhaal van een cliënt delen in het teamoverleg.",
    "Kunnen nieuwe collega's in {wijk} een dag meelopen met {naam}?",
    "Wat als we {comp} samen met een ervaringsdeskundige geven?",
    "Een vaste belronde op {dag} voor cliënten die alleen wonen?",
    "Idee voor {wijk}: een wandelgroep voor cliënten en hun naasten.",
    "Zullen we de intervisie over {comp} ook openstellen voor vrijwilligers?",
]
IDEAS_EN = [
    "What if we paired every new colleague in {wijk} with a buddy for their first month?",
    "Idea: an English-language intro session on {comp} for international colleagues.",
]
QUESTIONS_NL = [
    "Wie heeft ervaring met {comp} en wil {dag} even meekijken in {wijk}?",
    "Weet iemand een goede training {comp} voor een team van {n} mensen?",
    "Wie kan {dag} een dienst overnemen in {wijk}?",
    "Hoe gaan andere teams om met onrust in de avond bij cliënten met dementie?",
    "Zoek iemand die een bijeenkomst met {n} mantelzorgers kan begeleiden.",
    "Heeft iemand een goed voorbeeld van een zorgplan dat de cliënt zelf schreef?",
    "Wie weet hoe ik in de roosterapp een ruilverzoek intrek?",
]
QUESTIONS_EN = [
    "Does anyone know who I should ask about {comp} in {wijk}?",
    "Could someone explain the 'overdracht' form to me? My Dutch isn't there yet.",
]
KUDOS_NL = [
    "Dank je {naam}, dat je {dag} zo snel insprong in {wijk}!",
    "Wat een mooie themamiddag over {comp}, {naam}. Dank!",
    "Team {wijk}: {n} weken zonder open diensten. Knap gedaan!",
    "{naam}, je rust tijdens die moeilijke nacht maakte het verschil.",
    "Dank aan alle vrijwilligers van de zorgboerderij, jullie zijn goud.",
    "Complimenten voor {naam}: de nieuwe werkinstructie {comp} is helder.",
]
KUDOS_EN = [
    "Thank you {naam} for showing me around {wijk} this week!",
    "Big thanks to {naam} for explaining {comp} so patiently.",
]
#: Posts in a network's own stream: network slug -> Dutch texts (and one English).
NETWORK_POSTS = {
    "dementievriendelijk": [
        "Deze maand in het netwerk: muziek als ingang bij onrust. Wie deelt een voorbeeld uit {wijk}?",
        "Verslag van de bijeenkomst over leefcirkels staat in de bijlage; {n} mensen waren erbij.",
        "Our next meeting is on {day_en}: how to talk with families about moving.",
    ],
    "jonge-zorgprofessionals": [
        "Borrel {dag} in {wijk}! Iedereen onder de dertig of net begonnen is welkom.",
        "Wie wil meedoen aan een meeloopdag bij een ander team?",
        "Tips voor je eerste nachtdienst: wat hadden jullie willen weten?",
    ],
    "zorgtechnologie": [
        "Ervaringen met de slimme medicijndispenser in {wijk}: {n} cliënten, nul gemiste doses.",
        "Wie heeft de nieuwe bedsensoren al getest? Graag jullie bevindingen.",
        "Demo beeldbellen op {dag} om 14.00 uur in het teamkantoor {wijk}.",
    ],
    "roosteraars": [
        "Hoe verdelen jullie de feestdagen? In {wijk} loten we.",
        "Nieuwe versie van de roosterapp staat klaar; release notes in de bijlage.",
    ],
    "ervaringsdeskundigen": [
        "Terugblik op de intervisie met team {wijk}: wat raakte jullie?",
        "We zoeken ervaringsdeskundigen voor de scholing {comp}.",
    ],
    "duurzame-zorg": [
        "Team {wijk} scheidt nu al het afval: {n} zakken minder restafval per week.",
        "Wie fietst er mee op de fietsdag van {dag}?",
    ],
}
COMMENTS_NL = [
    "Mooi zo, goed gedaan!",
    "Hoe hebben jullie dat aangepakt?",
    "Dank voor het delen.",
    "Ik help graag mee bij de volgende ronde.",
    "Kunnen we dit meenemen in het teamoverleg?",
    "Ik doe mee.",
    "Herkenbaar, bij ons in de wijk speelt hetzelfde.",
    "Goed idee, ik zet het op de agenda.",
    "Super, dit scheelt echt.",
]
COMMENTS_EN = ["Great work!", "Thanks for sharing.", "Count me in.", "Love this idea."]
KIND_WEIGHTS = [
    (Post.Kind.RESULT, 30),
    (Post.Kind.UPDATE, 30),
    (Post.Kind.IDEA, 15),
    (Post.Kind.QUESTION, 15),
    (Post.Kind.KUDOS, 10),
]
EXTERNAL_KINDS = [(Post.Kind.IDEA, 50), (Post.Kind.QUESTION, 35), (Post.Kind.KUDOS, 15)]


@contextmanager
def keep_created_at():
    """Let bulk_create store our spread-out dates instead of now()."""
    field = Post._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def _pick(rng, weights):
    return rng.choices([k for k, _w in weights], [w for _k, w in weights])[0]


#: How many of the latest bodies (in feed order) a new post must differ from.
RECENT = 12


def seed(ctx: DemoContext) -> None:
    User = get_user_model()
    existing = Post.objects.count()
    todo = ctx.posts - existing
    member_ids = list(
        User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)
    )
    if todo <= 0 or len(member_ids) < 2:
        return
    employee_ids = (
        sorted(
            set(
                User.objects.filter(
                    groups__name__in=[EMPLOYEES_GROUP, COMMUNITY_MANAGERS_GROUP]
                ).values_list("pk", flat=True)
            )
        )
        or member_ids
    )
    employee_set = set(employee_ids)
    rng = ctx.rng
    world = _vocabulary()
    now = timezone.now()
    demo_ids = list(
        User.objects.filter(email__in=[e for e, _n, _k in DEMO_LOGINS]).values_list(
            "pk", flat=True
        )
    )
    writer = Writer(rng, world)
    span = DAYS * 24 * 60
    number = 0  # position in the feed, newest first: dates fall as it grows
    for start in ctx.progress(range(0, todo, BATCH), "posts", total=-(-todo // BATCH)):
        size = min(BATCH, todo - start)
        posts, plans = [], []
        for _n in range(size):
            minutes = int((number + rng.random()) * span / todo) + 1
            number += 1
            # The demo logins write a fair share so their pages look lived in.
            if demo_ids and rng.random() < 0.03:
                author_id = rng.choice(demo_ids)
            else:
                author_id = rng.choice(member_ids)
            is_employee = author_id in employee_set
            kind = _pick(rng, KIND_WEIGHTS if is_employee else EXTERNAL_KINDS)
            audience = rng.choices(
                [Audience.PUBLIC, Audience.COMMUNITY, Audience.STAFF],
                [40, 45, 15] if is_employee else [30, 70, 0],
            )[0]
            post = Post(
                author_id=author_id,
                kind=kind,
                audience=audience,
                created_at=now - timedelta(minutes=minutes),
            )
            english = author_id in world["english"]
            network = None
            own = world["networks_of"].get(author_id)
            if own and rng.random() < 0.2:  # networks have streams of their own
                network = rng.choice(own)
            if network:
                post.network_id = network[0]
                post.kind = kind = Post.Kind.UPDATE
                post.body = writer.body(NETWORK_POSTS[network[1]], english=False)
            elif kind == Post.Kind.RESULT:
                promise, figure, body = writer.result(english)
                post.figure, post.body = figure, body
                if world["promises"]:
                    post.promise_id = world["promises"][
                        promise % len(world["promises"])
                    ]
            elif kind == Post.Kind.KUDOS:
                post.kudos_to_id = rng.choice(member_ids)
                while post.kudos_to_id == author_id:
                    post.kudos_to_id = rng.choice(member_ids)
                post.body = writer.body(
                    KUDOS_EN if english else KUDOS_NL,
                    english,
                    name=world["first_name_of"].get(post.kudos_to_id, ""),
                )
            else:
                texts = {
                    Post.Kind.UPDATE: (UPDATES_EN, UPDATES_NL),
                    Post.Kind.IDEA: (IDEAS_EN, IDEAS_NL),
                    Post.Kind.QUESTION: (QUESTIONS_EN, QUESTIONS_NL),
                }[kind]
                post.body = writer.body(texts[0] if english else texts[1], english)
            post.body = f"<p>{post.body}</p>"
            reactions = {
                (rng.choice(member_ids), kind)
                for kind in rng.choices(
                    Reaction.Kind.values, k=rng.choice([0, 1, 2, 3, 5, 8])
                )
            }
            counts: dict[str, int] = {}
            for _user, reaction_kind in reactions:
                counts[reaction_kind] = counts.get(reaction_kind, 0) + 1
            post.reaction_counts = counts
            pool = COMMENTS_EN if english else COMMENTS_NL
            comments = [
                (rng.choice(member_ids), text)
                for text in rng.sample(pool, k=rng.choice([0, 0, 1, 1, 2, 3]))
            ]
            post.comment_count = len(comments)
            tags = list(writer.tags)  # the competence the text is about, if any
            posts.append(post)
            plans.append((reactions, comments, tags))
        with keep_created_at():
            created = Post.objects.bulk_create(posts)
        _children(created, plans, rng)

    _curate(now, demo_ids)
    _analyze()


class Writer:
    """Fills post texts' slots. Posts are written in feed order, and a new post
    uses none of the templates of the last few posts of its kind and none of the
    last ``RECENT`` bodies: no two neighbours in the feed read alike."""

    def __init__(self, rng, world):
        self.rng = rng
        self.world = world
        self.recent: list[str] = []
        self.recent_templates: list[str] = []
        self.tags: list[int] = []  # the competence the last text mentions

    def _fill(self, template: str, english: bool, name: str = "") -> str:
        rng = self.rng
        comps = self.world["competences"] or [(None, "zorg", "care")]
        pk, nl, en = rng.choice(comps)
        self.tags = [pk] if pk and "{comp}" in template else []
        return template.format(
            wijk=rng.choice(WIJKEN),
            dag=rng.choice(DAGEN),
            day_en=rng.choice(DAYS_EN),
            n=rng.randint(3, 40),
            m=rng.randint(2, 9),
            comp=(en if english else nl).lower(),
            naam=name or rng.choice(self.world["first_names"] or ["Sanne"]),
        )

    def _template(self, templates):
        avoid = self.recent_templates[-min(4, len(templates) - 1) :]
        fresh = [t for t in templates if t not in avoid] or list(templates)
        choice = self.rng.choice(fresh)
        self.recent_templates = [*self.recent_templates[-7:], choice]
        return choice

    def _fresh(self, make) -> str:
        text = make()
        for _try in range(30):
            if text not in self.recent:
                break
            text = make()
        self.recent = [*self.recent[-(RECENT - 1) :], text]
        return text

    def body(self, templates, english: bool, name: str = "") -> str:
        template = self._template(templates)
        return self._fresh(lambda: self._fill(template, english, name))

    def result(self, english: bool) -> tuple[int, str, str]:
        promise, figure, body = self._template(RESULTS_EN if english else RESULTS_NL)
        chosen = {}

        def make():
            n, m = self.rng.randint(3, 40), self.rng.randint(2, 9)
            wijk = self.rng.choice(WIJKEN)
            chosen["figure"] = figure.format(n=n, m=m, wijk=wijk)
            return body.format(n=n, m=m, wijk=wijk)

        self.tags = []
        text = self._fresh(make)
        return promise, chosen["figure"][:40], text


def _analyze():
    """Refresh planner statistics after a bulk load: without them both PostgreSQL
    and SQLite pick a sort over the newest-first index for the feed."""
    with connection.cursor() as cursor:
        for table in (
            "feed_post",
            "feed_reaction",
            "feed_comment",
            "feed_taggedpostcompetence",
        ):
            cursor.execute(f"ANALYZE {table}")  # noqa: S608 - fixed table names


def _rank(audience: str) -> int:
    return [Audience.PUBLIC, Audience.COMMUNITY, Audience.STAFF].index(audience)


def _vocabulary() -> dict:
    """What posts talk about: competences (both names), networks and their
    members, promises, the English-speaking members and first names."""
    competences = list(
        Competence.objects.values_list("pk", "name_nl", "name_en", "name")[:200]
    )
    networks_of: dict[int, list[tuple[int, str]]] = {}
    for network_id, slug, user_id in NetworkMembership.objects.filter(
        status=NetworkMembership.Status.ACTIVE, network__slug__in=list(NETWORK_POSTS)
    ).values_list("network_id", "network__slug", "user_id"):
        networks_of.setdefault(user_id, []).append((network_id, slug))
    first_name_of = {
        user_id: name.split()[0]
        for user_id, name in Profile.objects.values_list("user_id", "display_name")
        if name
    }
    return {
        "competences": [
            (pk, nl or name, en or nl or name) for pk, nl, en, name in competences
        ],
        "networks_of": networks_of,
        "promises": list(
            Promise.objects.order_by("sort_order", "pk").values_list("pk", flat=True)
        ),
        "english": set(
            Profile.objects.filter(languages__startswith="English").values_list(
                "user_id", flat=True
            )
        ),
        "first_names": sorted(set(first_name_of.values()))[:300],
        "first_name_of": first_name_of,
    }


def _children(created, plans, rng):
    reactions, comments, tags = [], [], []
    for post, (post_reactions, post_comments, post_tags) in zip(
        created, plans, strict=True
    ):
        reactions += [
            Reaction(post_id=post.pk, user_id=user_id, kind=kind)
            for user_id, kind in post_reactions
        ]
        comments += [
            Comment(post_id=post.pk, author_id=user_id, body=f"<p>{text}</p>")
            for user_id, text in post_comments
        ]
        tags += [
            TaggedPostCompetence(content_object_id=post.pk, tag_id=tag_id)
            for tag_id in post_tags
        ]
    Reaction.objects.bulk_create(reactions, ignore_conflicts=True)
    Comment.objects.bulk_create(comments)
    TaggedPostCompetence.objects.bulk_create(tags)


def _curate(now, demo_ids):
    """A pinned announcement, a few featured results, notifications for the demo logins."""
    if not Post.objects.filter(pinned_until__gt=now).exists():
        latest = (
            Post.objects.filter(audience=Audience.PUBLIC, hidden_at=None)
            .order_by("-created_at")
            .first()
        )
        if latest:
            Post.objects.filter(pk=latest.pk).update(
                pinned_until=now + timedelta(days=14)
            )
    if not Post.objects.filter(featured=True).exists():
        featured = Post.objects.filter(
            kind=Post.Kind.RESULT, audience=Audience.PUBLIC, network=None
        ).order_by("-created_at")[:3]
        Post.objects.filter(pk__in=[p.pk for p in featured]).update(featured=True)
    if demo_ids and not Report.objects.exists():
        reasons = [
            "Lijkt op spam",
            "Gaat niet over onze bedoeling",
            "Bevat persoonsgegevens",
        ]
        targets = Post.objects.filter(audience=Audience.COMMUNITY).order_by("-pk")[:3]
        Report.objects.bulk_create(
            Report(reporter_id=demo_ids[-1], post=post, reason=reason)
            for post, reason in zip(targets, reasons, strict=False)
        )
    if demo_ids and not Notification.objects.filter(recipient_id__in=demo_ids).exists():
        notes = []
        for position, user_id in enumerate(demo_ids):
            # Three colleagues applaud each of the member's latest posts: the
            # notifications page tells it as one line per post.
            actors = [demo_ids[(position + step) % len(demo_ids)] for step in (1, 2, 3)]
            for post in Post.objects.filter(author_id=user_id).order_by("-created_at")[
                :4
            ]:
                notes.extend(
                    Notification(
                        recipient_id=user_id,
                        actor_id=actor_id,
                        kind=Notification.Kind.REACTION,
                        post=post,
                        text="Applaus voor je bericht",
                    )
                    for actor_id in dict.fromkeys(actors)
                    if actor_id != user_id
                )
        Notification.objects.bulk_create(notes)
