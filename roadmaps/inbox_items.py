"""The roadmaps' queues in the managers' inbox: first ideas and comments waiting
for moderation, and volunteers for items without an owner to answer them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from intranet.audience import is_community_manager
from intranet.inbox import Action, Entry, Kind, excerpt, register
from intranet.person_names import person_name

from . import services
from .models import IdeaProposal, ItemComment, Moderation, Volunteer
from .selectors import item_titles_in_context


def _via_service(call):
    """Run a roadmaps service, turning its RoadmapError into the inbox's contract."""

    def run(obj, *, actor, reason):
        try:
            return call(obj, actor)
        except services.RoadmapError as exc:
            raise ValidationError(exc.message) from exc

    return run


def _moderate(publish: bool):
    return _via_service(
        lambda obj, actor: services.contribution_moderate(
            moderator=actor, contribution=obj, publish=publish
        )
    )


def _pending_ideas(viewer):
    if not is_community_manager(viewer):
        return IdeaProposal.objects.none()
    return IdeaProposal.objects.filter(state=IdeaProposal.State.PENDING)


def _idea_entries(viewer) -> list[Entry]:
    ideas = _pending_ideas(viewer).select_related("author__profile", "roadmap")
    return [
        Entry(
            kind=IDEAS,
            pk=idea.pk,
            title=_("Idea for %(roadmap)s: %(title)s")
            % {"roadmap": idea.roadmap.title, "title": idea.title},
            text=excerpt(idea.description),
            url=idea.roadmap.sub_url("idea", idea.pk),
            created_at=idea.created_at,
            author=person_name(idea.author),
        )
        for idea in ideas.order_by("created_at", "id")
    ]


def _pending_comments(viewer):
    if not is_community_manager(viewer):
        return ItemComment.objects.none()
    return ItemComment.objects.filter(moderation=Moderation.PENDING)


def _comment_entries(viewer) -> list[Entry]:
    comments = _pending_comments(viewer).select_related(
        "author__profile", "item", "proposal__roadmap"
    )
    entries = []
    comments = list(comments.order_by("created_at", "id"))
    items = item_titles_in_context({c.item for c in comments if c.item_id})
    for comment in comments:
        if comment.item_id:
            on, url = items[comment.item_id], comment.item.url
        else:
            on = comment.proposal.title
            url = comment.proposal.roadmap.sub_url("idea", comment.proposal_id)
        entries.append(
            Entry(
                kind=ITEM_COMMENTS,
                pk=comment.pk,
                title=_("Comment on “%(on)s”") % {"on": on},
                text=excerpt(comment.body),
                url=url or "",
                created_at=comment.created_at,
                author=person_name(comment.author),
            )
        )
    return entries


def _waiting_volunteers(viewer):
    """Volunteers for items nobody owns: there the managers decide."""
    if not is_community_manager(viewer):
        return Volunteer.objects.none()
    return Volunteer.objects.filter(
        status=Volunteer.Decision.PENDING, role__item__owner_user__isnull=True
    )


def _volunteer_entries(viewer) -> list[Entry]:
    volunteers = list(
        _waiting_volunteers(viewer)
        .select_related("user__profile", "role__item")
        .order_by("created_at", "id")
    )
    items = item_titles_in_context({v.role.item for v in volunteers})
    return [
        Entry(
            kind=VOLUNTEERS,
            pk=volunteer.pk,
            title=_("%(name)s offers to help as %(role)s on “%(item)s”")
            % {
                "name": person_name(volunteer.user),
                "role": volunteer.role.title,
                "item": items[volunteer.role.item_id],
            },
            text=excerpt(volunteer.message),
            url=volunteer.role.item.url or "",
            created_at=volunteer.created_at,
            author=person_name(volunteer.user),
        )
        for volunteer in volunteers
    ]


def _answer(accept: bool):
    return _via_service(
        lambda obj, actor: services.volunteer_decide(
            volunteer=obj, by=actor, accept=accept
        )
    )


IDEAS = register(
    Kind(
        key="idea",
        label=_("Ideas awaiting moderation"),
        open_items=_pending_ideas,
        entries=_idea_entries,
        actions=(
            Action("approve", _("Publish"), _moderate(True), done=_("Published")),
            Action("decline", _("Reject"), _moderate(False), done=_("Rejected")),
        ),
        order=30,
    )
)

ITEM_COMMENTS = register(
    Kind(
        key="item_comment",
        label=_("Roadmap comments awaiting moderation"),
        open_items=_pending_comments,
        entries=_comment_entries,
        actions=(
            Action("approve", _("Publish"), _moderate(True), done=_("Published")),
            Action("decline", _("Reject"), _moderate(False), done=_("Rejected")),
        ),
        order=40,
    )
)

VOLUNTEERS = register(
    Kind(
        key="volunteer",
        label=_("Volunteers waiting"),
        open_items=_waiting_volunteers,
        entries=_volunteer_entries,
        actions=(
            Action("approve", _("Accept"), _answer(True), done=_("Accepted")),
            Action("decline", _("Decline"), _answer(False), done=_("Declined")),
        ),
        order=50,
    )
)
