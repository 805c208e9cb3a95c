"""Permission matrix rows, one module per app.

Each module defines ``build(world)`` (adds the objects its URLs need to the
``world`` dict; personas are already in it) and ``ROWS``: a list of
``Row(name, url, expect)``. ``url`` is a string or a function of the world;
``expect`` maps each persona (visitor, external, employee, manager) to the
status code it must get. tests/test_permission_matrix.py runs them all.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    name: str
    url: str | Callable
    expect: dict
    method: str = "get"
    data: dict = field(default_factory=dict)
    #: e.g. "application/json" for the API's write endpoints (sent as JSON).
    content_type: str = ""

    def resolve(self, world) -> str:
        return self.url(world) if callable(self.url) else self.url


def everyone(status: int) -> dict:
    return dict.fromkeys(("visitor", "external", "employee", "manager"), status)


def members_only(ok: int = 200, visitor: int = 302) -> dict:
    return {"visitor": visitor, "external": ok, "employee": ok, "manager": ok}


def staff_only(ok: int = 200, others: int = 404, visitor: int | None = None) -> dict:
    return {
        "visitor": others if visitor is None else visitor,
        "external": others,
        "employee": ok,
        "manager": ok,
    }


def managers_only(ok: int = 200, others: int = 403, visitor: int = 302) -> dict:
    return {"visitor": visitor, "external": others, "employee": others, "manager": ok}
