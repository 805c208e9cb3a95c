"""Views under /purpose/: history, proposals, inventory, promise dashboards, the Index.

Thin: rules live in services.py (writes), aggregates.py (the disclosure check)
and intranet.audience (who sees what).

A package: one module per subject; this module re-exports their public names."""

from .common import (
    PAGE_SIZE,
    SECTION,
)
from .dashboard import (
    promise_dashboard,
)
from .index import (
    DIMENSION_AXES,
    index_aggregate,
    index_answer,
    index_export,
    index_result,
    index_rounds,
)
from .inventory import (
    inventory,
)
from .proposals import (
    proposal_detail,
    proposal_new,
    proposal_support_view,
    proposals,
)
from .signals import (
    signal_board,
    signal_detail,
    signal_follow,
    signal_move,
    signal_new,
)
from .stories import (
    reflection_story_new,
    signal_story_new,
)
from .teams import (
    reflection_round,
    reflection_round_close,
    team_open_round,
    team_page,
)
from .versions import (
    history,
    history_version,
)

__all__ = [
    "DIMENSION_AXES",
    "PAGE_SIZE",
    "SECTION",
    "history",
    "history_version",
    "index_aggregate",
    "index_answer",
    "index_export",
    "index_result",
    "index_rounds",
    "inventory",
    "promise_dashboard",
    "proposal_detail",
    "proposal_new",
    "proposal_support_view",
    "proposals",
    "reflection_round",
    "reflection_round_close",
    "reflection_story_new",
    "signal_board",
    "signal_detail",
    "signal_follow",
    "signal_move",
    "signal_new",
    "signal_story_new",
    "team_open_round",
    "team_page",
]
