"""Demo content for roadmaps: public, community and staff roadmaps with items in
every status, open roles, volunteers, votes, follows, ideas and a review workflow.

Pages are created through Wagtail (they need tree paths and revisions); the
many small rows (votes, follows, volunteers) go in with bulk_create, so 50
roadmaps seed in well under a minute. Idempotent: roadmaps are found by slug.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage

from home.models import Promise
from home.services import site_home
from intranet.audience import (
    COMMUNITY_MANAGERS_GROUP,
    EMPLOYEES_GROUP,
    set_page_audience,
)
from intranet.demo import DemoContext

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

AUDIENCES = ["public", "community", "staff"]
NAMED = [
    ("Zorg dichtbij", "public", ["Wijkteams", "Digitale zorg", "Mantelzorg"]),
    ("Samen leren", "community", ["Opleiding", "Kennisdeling", "Stages"]),
    ("Interne systemen", "staff", ["Roosters", "ICT", "Huisvesting"]),
    ("Gezonde organisatie", "public", ["Financiën", "Duurzaamheid", "Inkoop"]),
    ("Cliëntenraad", "community", ["Inspraak", "Communicatie", "Kwaliteit"]),
]
ITEM_TITLES = [
    "Wijkverpleging in het weekend",
    "Online afspraken maken",
    "Buddy voor nieuwe collega's",
    "Zorgplan samen met cliënt",
    "Minder administratie per bezoek",
    "Mantelzorgcafé in elke wijk",
    "Beeldbellen met de huisarts",
    "Vaste gezichten in het team",
    "Duurzaam vervoer voor wijkteams",
    "Leerkring voor praktijkopleiders",
]
PERIODS = ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1", "2026-09", ""]
ROLES = [
    ("Tester", "Probeer de nieuwe werkwijze twee weken uit en vertel wat opvalt."),
    ("Meedenker", "Denk drie avonden mee in een klankbordgroep."),
    ("Ontwerper", "Help de schermen en folders begrijpelijk te maken."),
]
STATUS_CYCLE = [
    Status.IDEA,
    Status.PLANNED,
    Status.IN_PROGRESS,
    Status.DONE,
    Status.DROPPED,
    Status.PLANNED,
    Status.IN_PROGRESS,
    Status.DONE,
    Status.IN_PROGRESS,
    Status.PLANNED,
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


def _spec(n: int):
    if n < len(NAMED):
        return NAMED[n]
    lanes = ["Thema A", "Thema B", "Thema C"]
    return (f"Roadmap {n + 1}", AUDIENCES[n % 3], lanes)


def seed(ctx: DemoContext) -> None:
    User = get_user_model()
    index = _index()
    _review_workflow(index)
    promises = list(Promise.objects.all())
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
        "owners": employee_ids,
        "authors": externals or member_ids,
        "promises": promises,
    }
    new_items: list[RoadmapItemPage] = []
    for n in ctx.progress(range(ctx.roadmaps), "roadmaps", total=ctx.roadmaps):
        title, audience, lanes = _spec(n)
        slug = slugify(title)
        if slug in existing:
            continue
        with transaction.atomic():  # one commit per roadmap: much faster on SQLite
            new_items += _seed_roadmap(ctx, index, n, people)
    _contributions(ctx, new_items, member_ids, externals)


def _seed_roadmap(ctx, index, n: int, people: dict) -> list:
    """One roadmap with its lanes, promises, ten items and two ideas."""
    rng = ctx.rng
    title, audience, lanes = _spec(n)
    slug = slugify(title)
    owners, promises = people["owners"], people["promises"]
    new_items = []
    owner_id = owners[n % len(owners)] if owners else None
    roadmap = RoadmapPage(
        title=title,
        slug=slug,
        intro=f"<p>Wat we doen aan <b>{title.lower()}</b>, en hoe je meedoet.</p>",
        body=[
            ("heading", "Waarom deze roadmap"),
            (
                "paragraph",
                "<p>Iedereen kan zien wat we van plan zijn, wat er loopt en wat "
                "af is. Stem op wat jij belangrijk vindt en meld je aan als je "
                "wilt helpen.</p>",
            ),
        ],
        owner_user_id=owner_id,
    )
    for order, lane in enumerate(lanes):
        roadmap.lanes.add(RoadmapLane(name=lane, sort_order=order))
    if promises:
        roadmap.promises.set(rng.sample(promises, k=min(2, len(promises))))
    index.add_child(instance=roadmap)
    roadmap.save_revision().publish()
    if audience != "public":
        set_page_audience(roadmap, audience)
    for i, status in enumerate(STATUS_CYCLE):
        item_title = ITEM_TITLES[(i + n) % len(ITEM_TITLES)]
        item = RoadmapItemPage(
            title=item_title,
            slug=slugify(item_title),
            description=f"<p>{item_title}: zo maken we het verschil.</p>",
            status=status,
            period=PERIODS[(i + n) % len(PERIODS)],
            lane=lanes[i % len(lanes)],
            owner_user_id=owner_id,
        )
        if status in (Status.PLANNED, Status.IN_PROGRESS):
            for r, (role_title, role_text) in enumerate(ROLES[: 1 + i % 2]):
                item.open_roles.add(
                    OpenRole(
                        title=role_title,
                        description=role_text,
                        needed=1 + (i + r) % 3,
                        sort_order=r,
                    )
                )
        roadmap.add_child(instance=item)
        item.save_revision().publish()
        item.roadmap_pk = roadmap.pk
        new_items.append(item)
    _ideas(ctx, roadmap, people["authors"])
    return new_items


def _ideas(ctx, roadmap, authors) -> None:
    rng = ctx.rng
    open_idea = IdeaProposal.objects.create(
        roadmap=roadmap,
        author_id=rng.choice(authors),
        title="Een vast aanspreekpunt per wijk",
        description="Dan weet iedereen bij wie je terecht kunt.",
        state=IdeaProposal.State.OPEN,
    )
    IdeaProposal.objects.create(
        roadmap=roadmap,
        author_id=rng.choice(authors),
        title="Koffie-ochtenden voor buren",
        description="Eerste idee van een nieuw lid: wacht op moderatie.",
        state=IdeaProposal.State.PENDING,
    )
    voters = rng.sample(authors, k=min(len(authors), 6))
    Vote.objects.bulk_create(
        [Vote(user_id=u, proposal=open_idea) for u in voters], ignore_conflicts=True
    )
    ItemComment.objects.create(
        author_id=voters[0] if voters else open_idea.author_id,
        proposal=open_idea,
        body="Goed idee, bij ons in de wijk zou dit echt helpen.",
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
        if rng.random() < 0.4:
            comments.append(
                ItemComment(
                    author_id=rng.choice(member_ids),
                    item_id=item.pk,
                    body=rng.choice(
                        [
                            "Wanneer kunnen we hier iets van zien?",
                            "Mooi dat dit eindelijk opgepakt wordt!",
                            "Ik help graag mee met testen.",
                        ]
                    ),
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
                    message="Ik heb hier ervaring mee en help graag.",
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
