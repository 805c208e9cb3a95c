"""A 10,000-person organisation, bulk-inserted in a few seconds, for query-plan tests.

Rows go in with ``bulk_create`` (no signals, no per-row saves) and the tables are
ANALYZEd afterwards, so PostgreSQL plans as it would on a large site.
"""

import random

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from feed.models import Comment, Notification, Post, Reaction
from intranet.demo_names import FIRST_NAMES
from profiles.models import (
    Competence,
    Endorsement,
    Follow,
    LearningInterest,
    Network,
    NetworkMembership,
    Profile,
    ProfileCompetence,
)
from profiles.services import competence_counts_refresh, network_member_count_refresh

PEOPLE = 10_000
POSTS = 30_000
BATCH = 2_000

#: The tables that grow with the organisation: a plan may not read any of them whole.
BIG_TABLES = (
    "accounts_user",
    "profiles_profile",
    "profiles_profilecompetence",
    "profiles_learninginterest",
    "profiles_follow",
    "profiles_networkmembership",
    "profiles_endorsement",
    "feed_post",
    "feed_reaction",
    "feed_comment",
    "feed_notification",
)

# Surnames as varied as a real organisation's: a name search matches a few people.
ROOTS = [
    "Berg",
    "Dijk",
    "Hout",
    "Veen",
    "Bosch",
    "Brink",
    "Kamp",
    "Laan",
    "Meer",
    "Wal",
]
ENDS = ["man", "stra", "ink", "sma", "ema", "ing", "hof", "huis", "kes", "ert"]
LEVELS = ["learning", "practised", "expert"]


def surname(i: int) -> str:
    """One of 10,000 surnames ("Bergmanhof-Veenink"), about one person each."""
    a, b, c, d = i % 10, i // 10 % 10, i // 100 % 10, i // 1000 % 10
    return f"{ROOTS[a]}{ENDS[b]}-{ROOTS[c]}{ENDS[d]}"


def build_large_organisation(world) -> dict:
    """Add 10,000 members, their competences, follows, network memberships and
    30,000 posts with reactions to ``world`` (the permission matrix's world)."""
    rng = random.Random(22)
    User = get_user_model()
    users = User.objects.bulk_create(
        [
            User(
                username=f"perf{i:05d}",
                email=f"perf{i:05d}@example.org",
                password="!",  # noqa: S106 - an unusable password
                is_active=True,
            )
            for i in range(PEOPLE)
        ],
        batch_size=BATCH,
    )
    profiles = Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                display_name=f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {surname(i)}",
                headline="Wijkverpleging en mantelzorg",
                public_profile=i % 3 == 0,
            )
            for i, user in enumerate(users)
        ],
        batch_size=BATCH,
    )
    # The world's own competences ("Soil") stay rare: a search for one is specific.
    competences = Competence.objects.bulk_create(
        [
            Competence(name=f"Vaardigheid {i}", slug=f"vaardigheid-{i}")
            for i in range(40)
        ]
    )
    links = []
    for profile in profiles:
        for tag in rng.sample(competences, 3):
            links.append(
                ProfileCompetence(
                    content_object=profile,
                    tag=tag,
                    level=rng.choice(LEVELS),
                    endorsement_count=rng.randrange(8),
                )
            )
    links = ProfileCompetence.objects.bulk_create(links, batch_size=BATCH)
    Endorsement.objects.bulk_create(
        [
            Endorsement(profile_competence=link, endorser=rng.choice(users))
            for link in links[::2]
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    LearningInterest.objects.bulk_create(
        [
            LearningInterest(content_object=profile, tag=rng.choice(competences))
            for profile in profiles[::2]
        ],
        batch_size=BATCH,
    )
    # One competence many want to learn: its page lists a few of thousands.
    LearningInterest.objects.bulk_create(
        [
            LearningInterest(content_object=profile, tag=competences[0])
            for profile in profiles[::4]
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    # Every persona wants to learn something, so "who can teach you" has work to do.
    for persona in ("external", "employee", "manager"):
        profile = world[persona].profile
        LearningInterest.objects.get_or_create(
            content_object=profile, tag=competences[0]
        )
    Follow.objects.bulk_create(
        [
            Follow(follower=user, followed=other)
            for user in users
            for other in rng.sample(users, 3)
            if other is not user
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    networks = list(Network.objects.all())
    NetworkMembership.objects.bulk_create(
        [
            NetworkMembership(network=network, user=user)
            for network in networks
            for user in rng.sample(users, PEOPLE // 2)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    now = timezone.now()
    audiences = ["public", "community", "staff"]
    posts = Post.objects.bulk_create(
        [
            Post(
                author=rng.choice(users),
                kind=rng.choice(["result", "update", "idea", "question"]),
                body="<p>Een nieuwe stap voor de wijkzorg.</p>",
                audience=rng.choice(audiences),
                created_at=now - timezone.timedelta(minutes=i),
            )
            for i in range(POSTS)
        ],
        batch_size=BATCH,
    )
    # auto_now_add overrode created_at: spread the posts out over time again.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE feed_post SET created_at = %s - (id || ' minutes')::interval"
            " WHERE id >= %s",
            [now - timezone.timedelta(days=1), posts[0].pk],
        )
    Reaction.objects.bulk_create(
        [
            Reaction(post=rng.choice(posts), user=rng.choice(users), kind="like")
            for _ in range(POSTS)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    Comment.objects.bulk_create(
        [
            Comment(
                post=rng.choice(posts), author=rng.choice(users), body="<p>Mooi!</p>"
            )
            for _ in range(POSTS)
        ],
        batch_size=BATCH,
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=rng.choice(users),
                actor=rng.choice(users),
                kind="reaction",
                post=rng.choice(posts),
                text="Iemand reageerde op je bericht.",
            )
            for _ in range(POSTS)
        ],
        batch_size=BATCH,
    )
    # bulk_create skips the signals that keep the stored counts in step
    competence_counts_refresh()
    network_member_count_refresh()
    with connection.cursor() as cursor:
        # Every table, as autovacuum would: the small ones' true sizes matter too
        # (a never-analyzed table is guessed at hundreds of rows).
        cursor.execute("ANALYZE")
    return {"users": users, "profiles": profiles, "competences": competences}
