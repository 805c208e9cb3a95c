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
    page_audience,
)
from intranet.demo import DEMO_LOGINS, DemoContext
from profiles.models import Competence, NetworkMembership

from .models import (
    Comment,
    Notification,
    Post,
    Reaction,
    Report,
    TaggedPostCompetence,
)
from .selectors import roadmap_item_model

BATCH = 1000
DAYS = 180

RESULTS = [
    (
        "+12 volunteers",
        "Twelve new volunteers joined the <strong>energy ambassadors</strong> this month.",
    ),
    (
        "+40 homes",
        "Forty homes in the neighbourhood now have a heat pump, up from zero last spring.",
    ),
    (
        "-18% gas",
        "The pilot street uses <strong>18% less gas</strong> than a year ago.",
    ),
    ("+3 schools", "Three primary schools signed up for the solar roof programme."),
    ("€25k", "The community fund raised €25,000 for insulation of rented homes."),
    ("+120 m²", "120 m² of solar panels installed on the community centre."),
    ("4.6/5", "Workshop visitors rated the new insulation workshop 4.6 out of 5."),
    (
        "+2 partners",
        "Two housing corporations joined the <em>district heating</em> coalition.",
    ),
]
UPDATES = [
    "The roadmap review is done; the new priorities are on the roadmap page.",
    "We moved the weekly stand-up to Tuesdays at 9:30.",
    'Draft of the impact report is ready for comments: <a href="https://example.org/report">read it here</a>.',
    "Field visit to the heat network in Zwolle went well. Notes follow.",
    "The customer portal now shows monthly savings per household.",
]
IDEAS = [
    "What if we ran a repair café next to every insulation workshop?",
    "Idea: a shared tool library for insulation materials per neighbourhood.",
    "Let's publish our energy figures every month, in plain language.",
    "Could we pair every new volunteer with an experienced buddy?",
]
QUESTIONS = [
    "Who has experience with grant applications for the municipal climate fund?",
    "Can anyone help size a heat pump for a 1930s terraced house?",
    "Looking for someone who can facilitate a session with 40 residents.",
    "Does anyone know a good way to measure the impact of our workshops?",
]
KUDOS = [
    "Thank you for hosting the neighbourhood evening, it was a great success!",
    "Brilliant analysis of the pilot data, it convinced the council.",
    "Thanks for stepping in at the last minute for the workshop.",
]
COMMENTS = [
    "Great work, well done!",
    "Impressive. How did you reach so many people?",
    "Thanks for sharing this.",
    "I'd love to help with the next round.",
    "Can we use this in the monthly report?",
    "Count me in.",
]
KIND_WEIGHTS = [
    (Post.Kind.RESULT, 30),
    (Post.Kind.UPDATE, 30),
    (Post.Kind.IDEA, 15),
    (Post.Kind.QUESTION, 15),
    (Post.Kind.KUDOS, 10),
]
EXTERNAL_KINDS = [(Post.Kind.IDEA, 50), (Post.Kind.QUESTION, 35), (Post.Kind.KUDOS, 15)]


@contextmanager
def _keep_created_at():
    """Let bulk_create store our spread-out dates instead of now()."""
    field = Post._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


def _pick(rng, weights):
    return rng.choices([k for k, _w in weights], [w for _k, w in weights])[0]


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
    competence_ids, network_members, promise_ids, items = _vocabulary()
    now = timezone.now()
    demo_ids = list(
        User.objects.filter(email__in=[e for e, _n, _k in DEMO_LOGINS]).values_list(
            "pk", flat=True
        )
    )

    for start in ctx.progress(range(0, todo, BATCH), "posts", total=-(-todo // BATCH)):
        size = min(BATCH, todo - start)
        posts, plans = [], []
        for _n in range(size):
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
                created_at=now - timedelta(minutes=rng.randint(1, DAYS * 24 * 60)),
            )
            if kind == Post.Kind.RESULT:
                post.figure, post.body = rng.choice(RESULTS)
                if promise_ids and rng.random() < 0.6:
                    post.promise_id = rng.choice(promise_ids)
                if items and rng.random() < 0.5:
                    item_id, item_audience = rng.choice(items)
                    post.roadmap_item_id = item_id
                    # Never show a link more widely than its roadmap item.
                    if _rank(item_audience) > _rank(post.audience):
                        post.audience = item_audience
            elif kind == Post.Kind.UPDATE:
                post.body = rng.choice(UPDATES)
            elif kind == Post.Kind.IDEA:
                post.body = rng.choice(IDEAS)
            elif kind == Post.Kind.QUESTION:
                post.body = rng.choice(QUESTIONS)
            else:
                post.kudos_to_id = rng.choice(member_ids)
                while post.kudos_to_id == author_id:
                    post.kudos_to_id = rng.choice(member_ids)
                post.body = rng.choice(KUDOS)
            post.body = f"<p>{post.body}</p>"
            if network_members and rng.random() < 0.08:
                network_id, members = rng.choice(network_members)
                if author_id in members:
                    post.network_id = network_id
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
            comments = [
                (rng.choice(member_ids), rng.choice(COMMENTS))
                for _ in range(rng.choice([0, 0, 1, 1, 2, 3]))
            ]
            post.comment_count = len(comments)
            tags = (
                rng.sample(
                    competence_ids, k=min(len(competence_ids), rng.randint(0, 2))
                )
                if competence_ids
                else []
            )
            posts.append(post)
            plans.append((reactions, comments, tags))
        with _keep_created_at():
            created = Post.objects.bulk_create(posts)
        _children(created, plans, rng)

    _curate(now, demo_ids)
    _analyze()


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


def _vocabulary():
    competence_ids = list(Competence.objects.values_list("pk", flat=True)[:200])
    by_network: dict[int, set[int]] = {}
    for network_id, user_id in NetworkMembership.objects.filter(
        status=NetworkMembership.Status.ACTIVE
    ).values_list("network_id", "user_id"):
        by_network.setdefault(network_id, set()).add(user_id)
    network_members = list(by_network.items())
    promise_ids = list(Promise.objects.values_list("pk", flat=True))
    items = []
    for item in roadmap_item_model().objects.live()[:500]:
        items.append((item.pk, page_audience(item)))
    return competence_ids, network_members, promise_ids, items


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
        reasons = ["Looks like spam", "Not about our purpose", "Contains personal data"]
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
                        text="Applause for your post",
                    )
                    for actor_id in dict.fromkeys(actors)
                    if actor_id != user_id
                )
        Notification.objects.bulk_create(notes)
