"""Demo content for purpose (filled in by the purpose issue)."""

from intranet.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    return None
