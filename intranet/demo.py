"""The demo-data framework behind `manage.py seed_demo`.

Each app owns a `<app>/demo.py` with `seed(ctx: DemoContext)`; they run in
the order of SEEDERS. Seeders build through services and factories-style
helpers, are idempotent (running twice adds nothing), and scale with
``ctx.people`` / ``ctx.posts`` / ``ctx.roadmaps``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from importlib import import_module

from tqdm import tqdm

SEEDERS = [
    "accounts.demo",
    "home.demo",
    "profiles.demo",
    "roadmaps.demo",
    "feed.demo",
    "purpose.demo",
    "intervision.demo",
    "gatherings.demo",
]

DEMO_PASSWORD = "koers-demo"  # noqa: S105 - documented demo-only password
DEMO_LOGINS = [
    ("manager@example.org", "Marieke Jansen", "manager"),
    ("employee@example.org", "Sven de Boer", "employee"),
    ("external@example.org", "Fatima El Amrani", "external"),
]

SIZES = {
    "demo": {"people": 48, "posts": 320, "roadmaps": 5},
    "large": {"people": 10_000, "posts": 100_000, "roadmaps": 50},
}


@dataclass
class DemoContext:
    people: int
    posts: int
    roadmaps: int
    seed: int = 2026
    quiet: bool = False
    rng: random.Random = field(init=False)
    stdout: object = None

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def progress(self, iterable, desc: str, total: int | None = None):
        """Wrap a loop in a progress bar (silent when quiet)."""
        return tqdm(
            iterable, desc=desc, total=total, disable=self.quiet, unit="", leave=False
        )

    def say(self, message: str) -> None:
        if not self.quiet and self.stdout is not None:
            self.stdout.write(message)


def size_from_option(value: str) -> dict:
    """`demo`, `large`, or a number of people (posts scale at 10 per person)."""
    if value in SIZES:
        return dict(SIZES[value])
    people = int(value)
    if people < 3:
        raise ValueError("size must be at least 3 people")
    return {"people": people, "posts": people * 10, "roadmaps": max(3, people // 200)}


def run_seeders(ctx: DemoContext) -> None:
    for dotted in SEEDERS:
        module = import_module(dotted)
        ctx.say(f"• {dotted.split('.')[0]}")
        module.seed(ctx)
