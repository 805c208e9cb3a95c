"""The register of personal data: what each app holds about a member, for the data
download (GDPR art. 15/20) and for deleting an account (art. 17).

Each app declares in its own ``personal_data.py`` which of its relations to a member
(a foreign key, one-to-one or many-to-many to the user, or to the member's profile)
hold the member's data, how that data reads in the export and what happens to it when
the account is deleted; relations that are not the member's data (e.g. a manager's
name on a decision about someone else) are declared with the reason. The account
pages gather the register and never import an app, as the managers' inbox does.

``tests/accounts/test_personal_data.py`` walks Django's app registry and fails for a
relation declared in neither way, so a new model cannot be forgotten.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

# What happens to a relation's rows when the account is deleted.
DELETED = "deleted"
ANONYMISED = "anonymised"  # the row stays; the member's link is emptied
KEPT = "kept"  # the row stays as it is (a log kept for accountability): say why


@dataclass(frozen=True)
class Section:
    """One part of the data download: ``export(user)`` returns JSON-ready data
    (every field the member gave or that describes them) and ``relations`` lists the
    ``("app_label.Model", "field")`` pairs it covers. ``on_delete`` tells the member
    what deleting the account does to it (the delete page lists it)."""

    key: str
    export: Callable[[Any], Any]
    relations: tuple[tuple[str, str], ...]
    on_delete: str
    erasure: str = DELETED
    #: Runs inside the deletion's transaction before the user row goes (to
    #: anonymise or delete what a cascade would not reach).
    erase: Callable[[Any], None] | None = None
    order: int = 100


@dataclass(frozen=True)
class NotPersonal:
    """A relation to a member that is not their data to download, with the reason;
    ``erasure`` says what deleting the account does to its rows."""

    relation: tuple[str, str]
    reason: str
    erasure: str = ANONYMISED
    on_delete: str = ""
    erase: Callable[[Any], None] | None = None


@dataclass
class _Register:
    sections: dict[str, Section] = field(default_factory=dict)
    not_personal: dict[tuple[str, str], NotPersonal] = field(default_factory=dict)


_register = _Register()


def register(section: Section) -> Section:
    if section.key in _register.sections:
        raise ValueError(f"personal data section {section.key!r} registered twice")
    _register.sections[section.key] = section
    return section


def declare_not_personal(entry: NotPersonal) -> NotPersonal:
    _register.not_personal[entry.relation] = entry
    return entry


def sections() -> list[Section]:
    return sorted(_register.sections.values(), key=lambda s: (s.order, s.key))


def not_personal() -> list[NotPersonal]:
    return list(_register.not_personal.values())


def covered_relations() -> dict[tuple[str, str], str]:
    """Every declared relation and how it is covered: a section key or "not personal"."""
    covered = {rel: s.key for s in sections() for rel in s.relations}
    covered.update({e.relation: "not personal" for e in not_personal()})
    return covered


def export_for(user) -> dict:
    """The member's data download: every registered section."""
    return {section.key: section.export(user) for section in sections()}


def account_erase(*, user, delete_user: Callable[[], None]) -> None:
    """Anonymise and delete what each app registered, then the user row (whose
    cascade takes the rest), in one transaction: never half-deleted."""
    with transaction.atomic():
        for section in sections():
            if section.erase:
                section.erase(user)
        for entry in not_personal():
            if entry.erase:
                entry.erase(user)
        delete_user()


def deletion_summary() -> dict[str, list[str]]:
    """What the delete page tells the member, by what happens."""
    out: dict[str, list[str]] = {DELETED: [], ANONYMISED: [], KEPT: []}
    for section in sections():
        out[section.erasure].append(str(section.on_delete))
    for entry in not_personal():
        if entry.on_delete:
            out[entry.erasure].append(str(entry.on_delete))
    return out


ERASURE_LABELS = {
    DELETED: _("Deleted"),
    ANONYMISED: _("Kept without your name"),
    KEPT: _("Kept"),
}


# --- helpers for the apps' export functions ------------------------------------


def iso(value) -> str | None:
    """A date or time as ISO 8601, None stays None."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def rows(queryset, *fields: str) -> list[dict]:
    """``values(*fields)`` with dates as ISO 8601, in primary-key order."""
    out = []
    for row in queryset.order_by("pk").values(*fields):
        out.append({key: iso(value) for key, value in row.items()})
    return out


def model_fields(instance: models.Model, *, exclude=("id",)) -> dict:
    """Every concrete field of ``instance`` (foreign keys as ids), dates as ISO."""
    return {
        f.attname: iso(getattr(instance, f.attname))
        for f in instance._meta.concrete_fields
        if f.name not in exclude and f.attname not in exclude
    }
