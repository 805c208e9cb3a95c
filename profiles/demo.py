"""Demo content for people: profiles with headlines, roles, competences with levels,
endorsements, learning interests, follows and networks. Idempotent; bulk_create
throughout so it scales to 10,000 people."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from intranet.audience import Audience
from intranet.demo import DEMO_LOGINS, DemoContext

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

HEADLINES = [
    "Energy transition coach",
    "Data engineer on the heat roadmap",
    "Community gardener and volunteer",
    "Product owner, customer portal",
    "Facilitator of neighbourhood sessions",
    "Solar installer and trainer",
    "Policy advisor, sustainable housing",
    "UX researcher",
    "Customer and early adopter",
    "Finance lead, impact reporting",
    "Software developer (Python, Django)",
    "Communications and storytelling",
    "Student, learning about heat pumps",
    "Field engineer, district heating",
    "Volunteer energy ambassador",
]
LOCATIONS = ["Utrecht", "Amsterdam", "Rotterdam", "Zwolle", "Groningen", "Eindhoven"]
LANGUAGES = ["Dutch", "Dutch, English", "English", "Dutch, English, German"]
COMPETENCES = [
    "Python",
    "Django",
    "Data analysis",
    "Heat pumps",
    "Solar panels",
    "District heating",
    "Facilitation",
    "Project management",
    "Storytelling",
    "UX research",
    "Public speaking",
    "Community building",
    "Insulation",
    "Energy advice",
    "Grant writing",
    "Financial modelling",
    "Dutch building law",
    "Workshop design",
    "Photography",
    "Mentoring",
    "JavaScript",
    "Accessibility",
    "Negotiation",
    "Impact measurement",
    "Permaculture",
    "Electric mobility",
    "Battery storage",
    "Procurement",
    "Change management",
    "Translation",
]
ROLES = [
    ("Energy ambassador", "Represents the community in their neighbourhood.", True),
    ("Roadmap owner", "Keeps a roadmap item moving and reports results.", True),
    ("Mentor", "Helps newcomers find their way.", True),
    ("Network host", "Hosts a network of like-minded people.", True),
    ("Workshop facilitator", "Runs workshops and sessions.", True),
    ("Safety officer", "First point of contact for on-site safety.", False),
    ("Editor", "Keeps the purpose page and stories up to date.", True),
    ("Buddy", "Pairs with a new member for their first months.", False),
]
NETWORKS = [
    (
        "Heat pump pioneers",
        "Members who live with, install or study heat pumps.",
        "public",
        "open",
    ),
    (
        "Data for the transition",
        "Sharing data, dashboards and methods.",
        "community",
        "open",
    ),
    (
        "Neighbourhood ambassadors",
        "Ambassadors comparing notes.",
        "community",
        "approval",
    ),
    ("Women in energy", "A circle for support and visibility.", "community", "open"),
    ("Field engineers", "Staff working on site.", "staff", "approval"),
    (
        "Storytellers",
        "Writing and filming the stories of our results.",
        "public",
        "open",
    ),
]
CLAIM_MOTIVATIONS = [
    "I already do this in my street; I would like it to be official.",
    "I ran three sessions last month and want to keep going.",
    "Happy to help newcomers find their way.",
]
BIO = (
    "<p>I work on the energy transition because I want my street to be "
    "fossil-free by 2030. Ask me about <strong>{a}</strong> or <em>{b}</em>.</p>"
)


def _vocabulary():
    competences = []
    for name in COMPETENCES:
        c, _ = Competence.objects.get_or_create(
            slug=slugify(name), defaults={"name": name}
        )
        competences.append(c)
    roles = []
    for name, description, public in ROLES:
        r, _ = Role.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "description": description, "is_public": public},
        )
        roles.append(r)
    networks = []
    for name, description, audience, policy in NETWORKS:
        n, _ = Network.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "description": description,
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
    chunks = [fresh_ids[i : i + BATCH] for i in range(0, len(fresh_ids), BATCH)]
    for chunk in ctx.progress(chunks, "people: profiles and competences"):
        profiles = list(Profile.objects.filter(pk__in=chunk).select_related("user"))
        links, learning, assignments, follows, memberships = [], [], [], [], []
        claims = []
        for profile in profiles:
            picks = rng.sample(competences, rng.randint(2, 6))
            profile.headline = rng.choice(HEADLINES)
            profile.bio = BIO.format(a=picks[0].name, b=picks[1].name)
            profile.location = rng.choice(LOCATIONS)
            profile.languages = rng.choice(LANGUAGES)
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
    ctx.say(f"  {len(fresh_ids)} profiles filled in")
