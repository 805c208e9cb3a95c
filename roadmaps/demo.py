"""Demo content for roadmaps (filled in by the roadmaps issue)."""

from intranet.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    return None
