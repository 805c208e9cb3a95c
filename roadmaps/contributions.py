"""What a visitor may do on a roadmap before they have an account: vote for an item
or an idea, offer to help in an open role, propose an idea. Kept through sign-up by
accounts/contributions.py and applied here through this app's own services once the
address is verified; the audience helper decides again for the new member."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.contributions import Applied, ContributionRefused, Kind, register
from intranet.audience import page_visible_to

from .models import IdeaProposal, OpenRole, RoadmapItemPage, RoadmapPage
from .services import RoadmapError, proposal_create, volunteer_create, vote_cast

ITEM_VOTE = "roadmaps.item_vote"
IDEA_VOTE = "roadmaps.idea_vote"
VOLUNTEER = "roadmaps.volunteer"
IDEA = "roadmaps.idea"

GONE_URL = "/roadmaps/"


def _item(target: dict, user=None) -> RoadmapItemPage:
    item = RoadmapItemPage.objects.live().filter(pk=target.get("item")).first()
    if item is None or (user is not None and not page_visible_to(user, item)):
        raise ContributionRefused(
            _("The roadmap item you chose no longer exists, so nothing was added."),
            GONE_URL,
        )
    return item


def _roadmap(target: dict, user=None) -> RoadmapPage:
    roadmap = RoadmapPage.objects.live().filter(pk=target.get("roadmap")).first()
    if roadmap is None or (user is not None and not page_visible_to(user, roadmap)):
        raise ContributionRefused(
            _("The roadmap you chose no longer exists, so nothing was added."),
            GONE_URL,
        )
    return roadmap


def _proposal(target: dict, user=None) -> IdeaProposal:
    proposal = (
        IdeaProposal.objects.select_related("roadmap")
        .filter(pk=target.get("proposal"))
        .first()
    )
    if proposal is None or not proposal.roadmap.live:
        raise ContributionRefused(
            _("The idea you chose no longer exists, so nothing was added."), GONE_URL
        )
    if user is not None and not page_visible_to(user, proposal.roadmap):
        raise ContributionRefused(
            _("The idea you chose no longer exists, so nothing was added."), GONE_URL
        )
    return proposal


def _role(target: dict, user=None) -> OpenRole:
    role = OpenRole.objects.filter(pk=target.get("role")).first()
    if role is None:
        raise ContributionRefused(
            _("The role you offered to help with no longer exists."), GONE_URL
        )
    _item({"item": role.item_id}, user)
    return role


def _refused(exc: RoadmapError, url: str) -> ContributionRefused:
    return ContributionRefused(exc.message, url)


# --- Votes ----------------------------------------------------------------------------


def _describe_item_vote(target, payload) -> str:
    return _("Your vote for “%(title)s”") % {"title": _item(target).title}


def _apply_item_vote(*, user, target, payload) -> Applied:
    item = _item(target, user)
    try:
        vote_cast(user=user, item=item)
    except RoadmapError as exc:
        raise _refused(exc, item.url) from exc
    return Applied(_("Your vote counts: thank you!"), item.url)


def _describe_idea_vote(target, payload) -> str:
    return _("Your vote for the idea “%(title)s”") % {"title": _proposal(target).title}


def _apply_idea_vote(*, user, target, payload) -> Applied:
    proposal = _proposal(target, user)
    if proposal.state == IdeaProposal.State.MERGED and proposal.merged_into_id:
        # Merged while the visitor confirmed their address: the vote follows it.
        proposal = _proposal({"proposal": proposal.merged_into_id}, user)
    url = proposal.roadmap.sub_url("idea", proposal.pk)
    try:
        vote_cast(user=user, proposal=proposal)
    except RoadmapError as exc:
        raise _refused(exc, url) from exc
    return Applied(_("Your vote counts: thank you!"), url)


# --- Offers to help -------------------------------------------------------------------


def _describe_volunteer(target, payload) -> str:
    role = _role(target)
    return _("Your offer to help as %(role)s") % {"role": role.title}


def _apply_volunteer(*, user, target, payload) -> Applied:
    role = _role(target, user)
    url = f"{role.item.url}#role-{role.pk}"
    try:
        volunteer_create(user=user, role=role, message=payload.get("message", ""))
    except RoadmapError as exc:
        raise _refused(exc, url) from exc
    return Applied(
        _("Thank you for offering to help as %(role)s. The owner will answer you.")
        % {"role": role.title},
        url,
    )


# --- Ideas ----------------------------------------------------------------------------


def _describe_idea(target, payload) -> str:
    return _("Your idea “%(title)s”") % {"title": payload.get("title", "")}


def _apply_idea(*, user, target, payload) -> Applied:
    roadmap = _roadmap(target, user)
    url = roadmap.sub_url("ideas")
    try:
        proposal = proposal_create(
            author=user,
            roadmap=roadmap,
            title=payload.get("title", ""),
            description=payload.get("description", ""),
            language=payload.get("language", ""),
        )
    except RoadmapError as exc:
        raise _refused(exc, url) from exc
    if proposal.state == IdeaProposal.State.PENDING:
        return Applied(
            _(
                "Thank you! Your idea is waiting for a community manager; "
                "it is public once approved."
            ),
            url,
        )
    return Applied(_("Your idea is on the roadmap's idea list."), url)


register(Kind(ITEM_VOTE, _describe_item_vote, _apply_item_vote))
register(Kind(IDEA_VOTE, _describe_idea_vote, _apply_idea_vote))
register(Kind(VOLUNTEER, _describe_volunteer, _apply_volunteer))
register(Kind(IDEA, _describe_idea, _apply_idea))
