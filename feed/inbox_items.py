"""The feed's queues in the managers' inbox: reported posts and reported comments."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from intranet.audience import is_community_manager
from intranet.html import plain_text
from intranet.inbox import Action, Entry, Kind, excerpt, register
from intranet.person_names import person_name

from . import services
from .models import Comment, Post, Report

REASON_TEMPLATES = (
    _("Spam or advertising."),
    _("A personal attack; please keep it about the work."),
    _("Off-topic for this community."),
    _("It shares someone's private information."),
)


def _open_reports():
    return Report.objects.filter(status=Report.Status.OPEN)


def _reported_posts(viewer):
    if not is_community_manager(viewer):
        return Post.objects.none()
    return Post.objects.filter(
        pk__in=_open_reports().filter(post__isnull=False).values("post")
    )


def _reported_comments(viewer):
    if not is_community_manager(viewer):
        return Comment.objects.none()
    return Comment.objects.filter(
        pk__in=_open_reports().filter(comment__isnull=False).values("comment")
    )


def _group(reports, target_of) -> dict:
    """Open reports by their target, in one pass: who reported, how often, why."""
    groups: dict = {}
    for report in reports:
        target = target_of(report)
        group = groups.setdefault(
            target.pk,
            {"target": target, "first": report.created_at, "who": {}, "why": []},
        )
        group["who"].setdefault(report.reporter_id, person_name(report.reporter))
        if report.reason not in group["why"]:
            group["why"].append(report.reason)
    return groups


def _report_entry(kind, group, *, title, body, url, author) -> Entry:
    target = group["target"]
    hidden = target.hidden_at is not None
    return Entry(
        kind=kind,
        pk=target.pk,
        title=title,
        text=excerpt(plain_text(body)),
        url=url,
        created_at=group["first"],
        author=person_name(author),
        reporters=list(group["who"].values()),
        report_count=len(group["who"]),
        reasons=group["why"][:3],
        flag=str(_("Hidden until reviewed")) if hidden else "",
        urgent=hidden,
    )


def _post_entries(viewer) -> list[Entry]:
    if not is_community_manager(viewer):
        return []
    reports = (
        _open_reports()
        .filter(post__isnull=False)
        .select_related("reporter__profile", "post__author__profile")
        .order_by("created_at", "id")
    )
    return [
        _report_entry(
            POST_REPORTS,
            group,
            title=_("%(kind)s by %(author)s")
            % {
                "kind": group["target"].get_kind_display(),
                "author": person_name(group["target"].author),
            },
            body=group["target"].body,
            url=group["target"].get_absolute_url(),
            author=group["target"].author,
        )
        for group in _group(reports, lambda r: r.post).values()
    ]


def _comment_entries(viewer) -> list[Entry]:
    if not is_community_manager(viewer):
        return []
    reports = (
        _open_reports()
        .filter(comment__isnull=False)
        .select_related(
            "reporter__profile", "comment__author__profile", "comment__post"
        )
        .order_by("created_at", "id")
    )
    return [
        _report_entry(
            COMMENT_REPORTS,
            group,
            title=_("Comment by %(author)s")
            % {"author": person_name(group["target"].author)},
            body=group["target"].body,
            url=group["target"].get_absolute_url(),
            author=group["target"].author,
        )
        for group in _group(reports, lambda r: r.comment).values()
    ]


def _hidden(entry: Entry) -> bool:
    return entry.urgent


def _shown(entry: Entry) -> bool:
    return not entry.urgent


def _actions(field: str) -> tuple[Action, ...]:
    def decide(hide):
        return lambda obj, *, actor, reason: services.reports_decide(
            actor=actor, hide=hide, reason=reason, **{field: obj}
        )

    return (
        Action("hide", _("Hide"), decide(True), when=_shown, done=_("Hidden")),
        Action(
            "confirm", _("Keep hidden"), decide(True), when=_hidden, done=_("Hidden")
        ),
        Action(
            "dismiss", _("Dismiss"), decide(False), when=_shown, done=_("Dismissed")
        ),
        Action(
            "restore", _("Restore"), decide(False), when=_hidden, done=_("Restored")
        ),
    )


POST_REPORTS = register(
    Kind(
        key="post_report",
        label=_("Reported posts"),
        open_items=_reported_posts,
        entries=_post_entries,
        actions=_actions("post"),
        reason_templates=REASON_TEMPLATES,
        order=10,
    )
)

COMMENT_REPORTS = register(
    Kind(
        key="comment_report",
        label=_("Reported comments"),
        open_items=_reported_comments,
        entries=_comment_entries,
        actions=_actions("comment"),
        reason_templates=REASON_TEMPLATES,
        order=20,
    )
)
