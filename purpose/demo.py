"""Demo content for purpose: proposals in every state and three Purpose Index rounds
(two closed, with results and a trend, and one open to try).

Idempotent (each part runs only when its data is missing) and fast at 10,000
people: respondents are sampled and everything is written with bulk_create.
"""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps
from django.contrib.auth import get_user_model
from django.utils import timezone

from home.models import Promise
from intranet.audience import COMMUNITY_MANAGERS_GROUP, EMPLOYEES_GROUP
from intranet.demo import DemoContext

from . import demo_bottom_up
from .models import (
    Dimension,
    Proposal,
    ProposalComment,
    ProposalSupport,
    PurposeIndexAnswer,
    PurposeIndexResponse,
    PurposeIndexRound,
    PurposeIndexStatement,
)

STATEMENTS = [
    (Dimension.PERSONAL, "Mijn werk past bij wie ik ben en wat ik belangrijk vind."),
    (Dimension.PERSONAL, "Ik kan mijn vakmanschap en talenten hier goed inzetten."),
    (Dimension.PERSONAL, "Ik leer en groei door wat ik hier doe."),
    (Dimension.SOCIAL, "Ik voel me verbonden met de mensen met wie ik werk."),
    (Dimension.SOCIAL, "We helpen elkaar om ons werk goed te doen."),
    (Dimension.SOCIAL, "Mijn bijdrage wordt gezien door anderen."),
    (Dimension.SOCIETAL, "Ons werk maakt een verschil voor cliënten en hun naasten."),
    (Dimension.SOCIETAL, "Ik zie hoe mijn werk bijdraagt aan onze bedoeling."),
    (Dimension.SOCIETAL, "We dragen bij aan een samenleving waarin mensen meetellen."),
]

PROPOSALS = [
    # (target, promise index, text, reasoning, status, decision reason)
    (
        "statement",
        None,
        "Wij maken zorg die mensen écht verder helpt: dichtbij, samen met cliënten, "
        "hun naasten en de buurt.",
        "De buurt speelt een steeds grotere rol: vrijwilligers, huisartsen, de "
        "bibliotheek. Laten we dat in onze bedoeling zeggen.",
        "open",
        "",
    ),
    (
        "promise",
        0,
        "Een goed leven voor cliënten, zoals zij dat zelf zien.",
        "'Goed' is niet aan ons om in te vullen; de cliënt bepaalt wat een goed leven is.",
        "open",
        "",
    ),
    (
        "promise",
        1,
        "Betekenisvol werk met ruimte voor vakmanschap en eigen regie.",
        "Regie over het eigen rooster en de eigen werkwijze is wat professionals "
        "het vaakst noemen.",
        "open",
        "",
    ),
    (
        "statement",
        None,
        "Wij maken zorg die mensen verder helpt, dichtbij en samen.",
        "Korter is krachtiger; iedereen moet de bedoeling kunnen onthouden.",
        "declined",
        "Te kort: de professionals die trots zijn op hun vak vallen dan weg, en juist "
        "dat vonden velen belangrijk in de vorige ronde.",
    ),
    (
        "promise",
        2,
        "Een gezonde organisatie die ook over tien jaar nog goede zorg kan bieden.",
        "Gezond gaat niet alleen over geld, maar over de lange termijn.",
        "adopted",
        "Overgenomen in versie 3: 'een gemeenschap die blijft' zegt hetzelfde.",
    ),
    (
        "statement",
        None,
        "Wij maken zorg die mensen écht verder helpt: dichtbij, samen met cliënten en "
        "hun naasten, en met professionals die trots zijn op hun vak.",
        "Naasten horen erbij; zij zijn vaak de eersten die zien wat er nodig is.",
        "adopted",
        "Overgenomen: de naasten staan nu in de bedoeling.",
    ),
    (
        "promise",
        0,
        "Iedere cliënt heeft een vaste contactpersoon.",
        "Dat is concreet en meetbaar.",
        "declined",
        "Dit is een goed resultaat om naartoe te werken, maar geen belofte: we nemen "
        "het op in de roadmap 'Zorg dichtbij'.",
    ),
]

COMMENTS = [
    "Goed voorstel, dit leeft echt in ons team.",
    "Ik twijfel: wordt het zo niet te lang?",
    "Mooi! Misschien kunnen we ook de vrijwilligers noemen?",
    "Eens. Dit sluit aan bij wat cliënten ons vertellen.",
    "Kunnen we dit eerst bespreken in het netwerk Zorg dichtbij?",
]


def _user_ids():
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _seed_proposals(ctx: DemoContext, user_ids: list[int]) -> None:
    if Proposal.objects.exists() or not user_ids:
        return
    rng = ctx.rng
    promises = list(Promise.objects.order_by("sort_order", "pk"))
    managers = (
        list(
            get_user_model()
            .objects.filter(groups__name=COMMUNITY_MANAGERS_GROUP)
            .values_list("pk", flat=True)[:1]
        )
        or user_ids[:1]
    )
    now = timezone.now()
    proposals = []
    for i, (target, promise_index, text, reasoning, status, reason) in enumerate(
        PROPOSALS
    ):
        promise = None
        if target == "promise":
            if not promises:
                continue
            promise = promises[promise_index % len(promises)]
        created = now - timedelta(days=10 + 25 * i)
        proposals.append(
            Proposal(
                author_id=rng.choice(user_ids),
                target=target,
                promise=promise,
                text=text,
                reasoning=reasoning,
                status=status,
                decision_reason=reason,
                decided_by_id=managers[0] if status != "open" else None,
                decided_at=created + timedelta(days=14) if status != "open" else None,
                created_at=created,
            )
        )
    proposals = Proposal.objects.bulk_create(proposals)
    supports, comments = [], []
    for proposal in proposals:
        backers = rng.sample(user_ids, k=min(len(user_ids), rng.randint(2, 25)))
        supports += [ProposalSupport(proposal=proposal, user_id=u) for u in backers]
        for j in range(rng.randint(0, 4)):
            comments.append(
                ProposalComment(
                    proposal=proposal,
                    author_id=rng.choice(user_ids),
                    body=COMMENTS[(proposal.pk + j) % len(COMMENTS)],
                    created_at=proposal.created_at + timedelta(hours=6 + 20 * j),
                )
            )
    ProposalSupport.objects.bulk_create(supports, ignore_conflicts=True)
    ProposalComment.objects.bulk_create(comments)
    for proposal in proposals:
        Proposal.objects.filter(pk=proposal.pk).update(
            support_count=ProposalSupport.objects.filter(proposal=proposal).count(),
            comment_count=ProposalComment.objects.filter(proposal=proposal).count(),
        )


def _seed_index(ctx: DemoContext, user_ids: list[int]) -> None:
    if PurposeIndexRound.objects.exists() or not user_ids:
        return
    rng = ctx.rng
    now = timezone.now()
    if not PurposeIndexStatement.objects.exists():
        PurposeIndexStatement.objects.bulk_create(
            [
                PurposeIndexStatement(text=text, dimension=dimension, order=i)
                for i, (dimension, text) in enumerate(STATEMENTS)
            ]
        )
    rounds = [
        PurposeIndexRound.objects.create(
            title="Purpose Index voorjaar 2026",
            opens_at=now - timedelta(days=200),
            closes_at=now - timedelta(days=170),
        ),
        PurposeIndexRound.objects.create(
            title="Purpose Index zomer 2026",
            opens_at=now - timedelta(days=100),
            closes_at=now - timedelta(days=75),
        ),
        PurposeIndexRound.objects.create(
            title="Purpose Index najaar 2026",
            opens_at=now - timedelta(days=14),
            closes_at=now + timedelta(days=21),
        ),
    ]
    groups = dict(
        get_user_model()
        .groups.through.objects.filter(
            group__name__in=[EMPLOYEES_GROUP, COMMUNITY_MANAGERS_GROUP]
        )
        .values_list("user_id", "group__name")
    )
    # Sample respondents: a realistic share, bounded so 10,000 people stay fast.
    sample_size = min(len(user_ids), max(12, min(1500, len(user_ids) * 6 // 10)))
    for number, round_ in enumerate(rounds):
        statements = list(round_.statements())
        # The open round is half-way: fewer answers so far, some still drafts.
        is_open = round_.is_open
        size = sample_size // 2 if is_open else sample_size
        respondents = rng.sample(user_ids, k=size)
        responses = PurposeIndexResponse.objects.bulk_create(
            [
                PurposeIndexResponse(
                    member_id=member_id,
                    round=round_,
                    # A few drafts in the open round: partial answers, not counted.
                    status="draft" if is_open and rng.random() < 0.15 else "submitted",
                    updated_at=round_.opens_at + timedelta(days=rng.randint(0, 10)),
                    submitted_at=round_.opens_at + timedelta(days=rng.randint(0, 10)),
                )
                for member_id in respondents
            ]
        )
        answers = []
        for response in ctx.progress(responses, desc=f"index round {number + 1}"):
            is_staff = response.member_id in groups
            # Shapes for the charts: staff feel the personal side more, external
            # members the societal one; the second round is a little better.
            lift = {
                Dimension.PERSONAL: 0.6 if is_staff else -0.2,
                Dimension.SOCIAL: 0.2,
                Dimension.SOCIETAL: -0.1 if is_staff else 0.5,
            }
            base = rng.gauss(3.2 + 0.3 * number, 0.6)
            chosen = statements
            if response.status == "draft":
                chosen = statements[: rng.randint(1, len(statements) - 1)]
            for statement in chosen:
                value = round(base + lift[statement.dimension] + rng.gauss(0, 0.7))
                answers.append(
                    PurposeIndexAnswer(
                        response=response,
                        statement=statement,
                        value=min(5, max(1, value)),
                    )
                )
        PurposeIndexAnswer.objects.bulk_create(answers, batch_size=5000)


def _link_results_to_promises(ctx: DemoContext) -> None:
    """Give the promise dashboards data: attach unlinked results to promises."""
    try:
        post_model = apps.get_model("feed", "Post")
    except LookupError:
        return
    promises = list(Promise.objects.values_list("pk", flat=True))
    if (
        not promises
        or post_model.objects.filter(kind="result", promise__isnull=False).exists()
    ):
        return
    ids = list(
        post_model.objects.filter(kind="result", promise__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for i, promise_id in enumerate(promises):
        chunk = [pk for pk in ids if pk % (len(promises) + 1) == i]
        for start in range(0, len(chunk), 2000):
            post_model.objects.filter(pk__in=chunk[start : start + 2000]).update(
                promise_id=promise_id
            )


def seed(ctx: DemoContext) -> None:
    user_ids = _user_ids()
    _seed_proposals(ctx, user_ids)
    _seed_index(ctx, user_ids)
    _link_results_to_promises(ctx)
    demo_bottom_up.seed(ctx)
