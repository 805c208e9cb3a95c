"""The purpose page's public history: every published version and a readable diff."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.models import PageLogEntry

from intranet.html import plain_text


@dataclass
class Version:
    number: int
    revision_id: int
    published_at: object
    statement_html: str
    statement_text: str
    promises: list[tuple[str, str]]
    #: Adopted proposals whose draft this version published (see link_proposals).
    proposals: list = field(default_factory=list)

    @property
    def promises_text(self) -> str:
        return "\n".join(
            f"{title}: {description}" if description else title
            for title, description in self.promises
        )


def published_versions(page) -> list[Version]:
    """Every publication of the page, oldest first (one query: the log and its revisions)."""
    entries = (
        PageLogEntry.objects.filter(
            page=page, action="wagtail.publish", revision__isnull=False
        )
        .select_related("revision")
        .order_by("timestamp", "id")
    )
    versions = []
    seen = set()
    for entry in entries:
        revision = entry.revision
        if revision is None or revision.pk in seen:
            continue
        seen.add(revision.pk)
        content = revision.content or {}
        statement = content.get("statement") or ""
        promises = [
            (p.get("title", ""), p.get("description", ""))
            for p in sorted(
                content.get("promises") or [], key=lambda p: p.get("sort_order") or 0
            )
        ]
        versions.append(
            Version(
                number=len(versions) + 1,
                revision_id=revision.pk,
                published_at=entry.timestamp,
                statement_html=statement,
                statement_text=plain_text(statement),
                promises=promises,
            )
        )
    return versions


_TOKEN = re.compile(r"\s+|[^\s]+")


def diff_html(old: str, new: str) -> str:
    """Word-level comparison of two plain texts as HTML with <ins> and <del>."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    out = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[a1:a2])))
            continue
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(''.join(a[a1:a2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(''.join(b[b1:b2]))}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every text piece is escaped


def version_for_revision(versions: list[Version], revision_id) -> Version | None:
    """The first published version that contains a draft revision: a manager may
    edit the draft again before publishing, so the published revision can be later."""
    if revision_id is None:
        return None
    return next((v for v in versions if v.revision_id >= revision_id), None)


def link_proposals(versions: list[Version], proposals) -> None:
    """Attach each adopted proposal to the version that published its draft."""
    for proposal in proposals:
        version = version_for_revision(versions, proposal.revision_id)
        if version is not None:
            version.proposals.append(proposal)
