"""Demo members: the three documented logins plus generated people."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.text import slugify

from intranet.audience import COMMUNITY_MANAGERS_GROUP, EMPLOYEES_GROUP
from intranet.demo import DEMO_LOGINS, DEMO_PASSWORD, DemoContext
from intranet.demo_names import demo_person_name

BATCH = 1000


def _username(name: str, index: int) -> str:
    return f"{slugify(name)}-{index}"


def seed(ctx: DemoContext) -> None:
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by every demo person
    employees = Group.objects.get(name=EMPLOYEES_GROUP)
    managers = Group.objects.get(name=COMMUNITY_MANAGERS_GROUP)

    for email, name, kind in DEMO_LOGINS:
        first, _sep, last = name.partition(" ")
        user, _created = User.objects.get_or_create(
            email=email,
            defaults={
                "username": slugify(name),
                "first_name": first,
                "last_name": last,
                "password": password,
            },
        )
        if kind == "manager":
            user.groups.add(managers, employees)
        elif kind == "employee":
            user.groups.add(employees)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )

    generated = ctx.people - len(DEMO_LOGINS)
    existing = set(
        User.objects.filter(
            email__startswith="person", email__endswith="@demo.koers"
        ).values_list("email", flat=True)
    )
    todo = [i for i in range(generated) if f"person{i}@demo.koers" not in existing]
    for start in ctx.progress(
        range(0, len(todo), BATCH), "people", total=-(-len(todo) // BATCH)
    ):
        chunk = todo[start : start + BATCH]
        users = []
        for i in chunk:
            name = demo_person_name(i)
            first, _sep, last = name.partition(" ")
            users.append(
                User(
                    username=_username(name, i),
                    email=f"person{i}@demo.koers",
                    first_name=first,
                    last_name=last,
                    password=password,
                )
            )
        created = User.objects.bulk_create(users, batch_size=BATCH)
        created = list(User.objects.filter(email__in=[u.email for u in users]))
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=u, email=u.email, verified=True, primary=True)
                for u in created
            ],
            batch_size=BATCH,
        )
        # About 60% of the organisation are employees; the rest are customers and volunteers.
        Membership = User.groups.through
        Membership.objects.bulk_create(
            [
                Membership(user_id=u.pk, group_id=employees.pk)
                for u in created
                if int(u.email[6:].split("@")[0]) % 5 < 3
            ],
            batch_size=BATCH,
        )
