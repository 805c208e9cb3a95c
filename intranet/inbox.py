"""The managers' inbox registry: each app registers the queues a manager decides on.

An app's ``inbox_items.py`` calls :func:`register` with a :class:`Kind`: which of
its objects wait for a decision by a given viewer, how one reads in the inbox,
and the actions (each calling that app's own services). The inbox gathers the
kinds and never imports an app, as Wagtail's hooks and search index do.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from intranet.audience import is_community_manager


@dataclass(frozen=True)
class Action:
    """One step a manager can take on an item: ``run(obj, actor=, reason=)``.

    ``run`` calls the owning app's service, which raises ValidationError or
    PermissionDenied with a clear message when the item is no longer open.
    """

    key: str
    label: str
    run: Callable[..., Any]
    needs_reason: bool = False
    #: Whether the action applies to an entry (e.g. "restore" only when hidden).
    when: Callable[[Entry], bool] | None = None
    #: Short past-tense confirmation, e.g. "Hidden".
    done: str = ""

    def applies(self, entry: Entry) -> bool:
        return self.when is None or self.when(entry)


@dataclass
class Entry:
    """One waiting item as the inbox shows it: built by the kind, no lazy lookups."""

    kind: Kind
    pk: int
    title: str
    text: str
    url: str
    created_at: datetime.datetime
    author: str = ""
    reporters: Sequence[str] = ()
    report_count: int = 0
    reasons: Sequence[str] = ()
    #: A state worth flagging, e.g. "Hidden until reviewed".
    flag: str = ""
    #: Sorts before unflagged entries (content already hidden waits on a manager).
    urgent: bool = False

    @property
    def key(self) -> str:
        return f"{self.kind.key}:{self.pk}"

    @property
    def actions(self) -> list[Action]:
        return [a for a in self.kind.actions if a.applies(self)]


@dataclass(frozen=True)
class Kind:
    """A queue: ``open_items(viewer)`` is a queryset of the objects that wait for
    this viewer's decision (empty for whom may not decide); ``entries(viewer)``
    turns them into :class:`Entry` rows in a fixed number of queries."""

    key: str
    label: str
    open_items: Callable[[Any], Any]
    entries: Callable[[Any], list[Entry]]
    actions: tuple[Action, ...]
    reason_templates: tuple[str, ...] = field(default=())
    order: int = 100
    #: Who may decide items of this kind at all (default: community managers).
    may_decide: Callable[[Any], bool] = is_community_manager

    def action(self, key: str) -> Action | None:
        return next((a for a in self.actions if a.key == key), None)


_kinds: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    if kind.key in _kinds and _kinds[kind.key] is not kind:
        raise ValueError(f"inbox kind {kind.key!r} is registered twice")
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[Kind]:
    return sorted(_kinds.values(), key=lambda k: (k.order, k.key))


def get(key: str) -> Kind | None:
    return _kinds.get(key)


def excerpt(text: str, limit: int = 280) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
