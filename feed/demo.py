"""Demo content for feed (filled in by the feed issue)."""

from intranet.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    return None
