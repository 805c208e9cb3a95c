"""Writes on roadmaps: votes, follows, comments, ideas, volunteers, status news.

Every rule lives here (who may, what happens twice, what a first-time
external contribution does); views, admin views and the demo call these.
Errors a member can cause raise ``RoadmapError`` with a message for them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.language import member_language
from feed.services import post_create
from intranet.audience import (
    AUDIENCE_ORDER,
    Audience,
    audience_allows,
    is_community_manager,
    is_employee,
    page_audience,
    page_visible_to,
)
from intranet.html import clean_text, plain_text
from intranet.language import content_language
from intranet.mail import automatic_mail
from intranet.ratelimit import RateLimited, rate_limit_check
from intranet.site_url import page_url
from intranet.unsubscribe import unsubscribe_url
from profiles.models import Role as ProfileRole
from profiles.services import profile_ensure, role_assignment_create

from .models import (
    IdeaProposal,
    ItemComment,
    ItemFollow,
    Moderation,
    OpenRole,
    RoadmapChange,
    RoadmapItemPage,
    RoadmapPage,
    Status,
    Volunteer,
    Vote,
)

log = logging.getLogger(__name__)


class RoadmapError(Exception):
    """Something a member asked for that cannot be done; ``message`` says why."""

    def __init__(self, message: str, status: int = 400):
        self.message = message
        self.status = status
        super().__init__(message)


def _require_member(user) -> None:
    if not getattr(user, "is_authenticated", False):
        raise RoadmapError(_("Please sign in first."), status=403)


# --- Spam guard -------------------------------------------------------------------


def contributor_is_trusted(user) -> bool:
    """Employees are trusted; an external member once a manager published one of
    their contributions. Until then their comments and ideas wait in the queue."""
    if is_employee(user):
        return True
    return (
        ItemComment.objects.filter(
            author=user, moderation=Moderation.PUBLISHED
        ).exists()
        or IdeaProposal.objects.filter(
            author=user,
            state__in=[IdeaProposal.State.OPEN, IdeaProposal.State.CONVERTED],
        ).exists()
    )


def contribution_moderate(*, moderator, contribution, publish: bool):
    """Publish or reject a waiting comment or idea (community managers only)."""
    if not is_community_manager(moderator):
        raise RoadmapError(_("Only community managers moderate."), status=403)
    if isinstance(contribution, ItemComment):
        if contribution.moderation != Moderation.PENDING:
            raise RoadmapError(_("This comment was already moderated."))
        contribution.moderation = (
            Moderation.PUBLISHED if publish else Moderation.REJECTED
        )
        contribution.save(update_fields=["moderation"])
    elif isinstance(contribution, IdeaProposal):
        if contribution.state != IdeaProposal.State.PENDING:
            raise RoadmapError(_("This idea was already moderated."))
        contribution.state = (
            IdeaProposal.State.OPEN if publish else IdeaProposal.State.REJECTED
        )
        contribution.save(update_fields=["state"])
    else:  # pragma: no cover - programming error
        raise TypeError(contribution)
    return contribution


# --- Votes and follows ------------------------------------------------------------


def _target(item, proposal) -> dict:
    if (item is None) == (proposal is None):
        raise TypeError("give exactly one of item or proposal")
    return {"item": item} if item is not None else {"proposal": proposal}


def _check_votable(item, proposal) -> None:
    if proposal is not None and proposal.state != IdeaProposal.State.OPEN:
        raise RoadmapError(_("This idea is not open for votes."))
    if item is not None and item.status in (Status.DONE, Status.DROPPED):
        raise RoadmapError(_("Voting is closed: this item is done or dropped."))


def vote_check_open(*, item=None, proposal=None) -> None:
    """Raise RoadmapError when the item or idea takes no votes (before a visitor
    signs up to vote)."""
    _target(item, proposal)
    _check_votable(item, proposal)


def vote_cast(*, user, item=None, proposal=None) -> Vote:
    """One vote per member per item or idea; a second one is refused."""
    _require_member(user)
    target = _target(item, proposal)
    _check_votable(item, proposal)
    rate_limit_check(user=user, action="vote")
    if Vote.objects.filter(user=user, **target).exists():
        raise RoadmapError(_("You have already voted for this."), status=409)
    try:
        with transaction.atomic():
            return Vote.objects.create(user=user, **target)
    except IntegrityError as exc:  # a double click racing itself
        raise RoadmapError(_("You have already voted for this."), status=409) from exc


def vote_retract(*, user, item=None, proposal=None) -> None:
    _require_member(user)
    deleted, _rows = Vote.objects.filter(user=user, **_target(item, proposal)).delete()
    if not deleted:
        raise RoadmapError(_("You have not voted for this."), status=409)


def item_follow(*, user, item) -> ItemFollow:
    _require_member(user)
    rate_limit_check(user=user, action="follow")
    follow, _created = ItemFollow.objects.get_or_create(user=user, item=item)
    return follow


def item_unfollow(*, user, item) -> None:
    _require_member(user)
    ItemFollow.objects.filter(user=user, item=item).delete()


# --- Comments and ideas -------------------------------------------------------------


def comment_create(
    *, author, body: str, item=None, proposal=None, language: str = ""
) -> ItemComment:
    _require_member(author)
    target = _target(item, proposal)
    body = clean_text(body)
    if not body:
        raise RoadmapError(_("Write a comment first."))
    if len(body) > 2000:
        raise RoadmapError(_("Keep a comment under 2000 characters."))
    rate_limit_check(user=author, action="comment")
    moderation = (
        Moderation.PUBLISHED if contributor_is_trusted(author) else Moderation.PENDING
    )
    return ItemComment.objects.create(
        author=author,
        body=body,
        moderation=moderation,
        language=content_language(language),
        **target,
    )


def proposal_create(
    *,
    author,
    roadmap: RoadmapPage,
    title: str,
    description: str = "",
    language: str = "",
) -> IdeaProposal:
    _require_member(author)
    title = clean_text(title)
    description = clean_text(description)
    if not title:
        raise RoadmapError(_("Give your idea a title."))
    if len(title) > 140 or len(description) > 4000:
        raise RoadmapError(
            _("Keep the title under 140 and the description under 4000 characters.")
        )
    rate_limit_check(user=author, action="proposal")
    state = (
        IdeaProposal.State.OPEN
        if contributor_is_trusted(author)
        else IdeaProposal.State.PENDING
    )
    return IdeaProposal.objects.create(
        roadmap=roadmap,
        author=author,
        title=title,
        description=description,
        state=state,
        language=content_language(language),
    )


@transaction.atomic
def proposal_convert(
    *, proposal: IdeaProposal, by, status: str = Status.IDEA, lane: str = ""
) -> RoadmapItemPage:
    """Turn an idea into an item of its roadmap; its votes and comments move along
    (they keep pointing at the idea too, so its page still shows them)."""
    if not is_community_manager(by):
        raise RoadmapError(_("Only community managers turn ideas into items."), 403)
    if proposal.state == IdeaProposal.State.CONVERTED:
        raise RoadmapError(_("This idea already is an item."))
    if status not in Status.values:
        raise RoadmapError(_("Unknown status."))
    roadmap = proposal.roadmap
    item = RoadmapItemPage(
        title=proposal.title,
        slug=_free_slug(roadmap, proposal.title),
        description="".join(
            f"<p>{line}</p>"
            for line in _escape(proposal.description).splitlines()
            if line
        ),
        status=status,
        lane=lane,
        owner_user=by,
    )
    roadmap.add_child(instance=item)
    item.save_revision(user=by).publish(user=by)
    # Votes by people who already voted on the item would collide; there are none
    # on a brand-new item, so a plain update keeps every vote.
    Vote.objects.filter(proposal=proposal).update(item=item)
    ItemComment.objects.filter(proposal=proposal).update(item=item)
    ItemFollow.objects.get_or_create(item=item, user=proposal.author)
    proposal.state = IdeaProposal.State.CONVERTED
    proposal.item = item
    proposal.save(update_fields=["state", "item"])
    # Publishing logged "new item"; say where it came from instead.
    RoadmapChange.objects.filter(item=item, kind=RoadmapChange.Kind.ITEM_ADDED).update(
        kind=RoadmapChange.Kind.IDEA
    )
    return item


#: Ideas a duplicate may be merged into: they stay visible and keep their votes.
MERGE_TARGET_STATES = (IdeaProposal.State.OPEN, IdeaProposal.State.CONVERTED)
#: Ideas that may be merged away: not yet decided on.
MERGEABLE_STATES = (IdeaProposal.State.PENDING, IdeaProposal.State.OPEN)


@transaction.atomic
def proposal_merge(*, duplicate: IdeaProposal, into: IdeaProposal, by) -> IdeaProposal:
    """Merge a duplicate idea into the one that stays (community managers only).

    The duplicate's votes move to the kept idea (and to its item when it became
    one); a member who voted for both keeps one vote, never two. Its comments move
    along, and the duplicate points at the kept idea (its page sends readers there).
    Both rows are locked first, so two managers merging at once cannot double-move.
    """
    if not is_community_manager(by):
        raise RoadmapError(_("Only community managers merge ideas."), 403)
    locked = {
        p.pk: p
        for p in IdeaProposal.objects.select_for_update()
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    duplicate, into = locked.get(duplicate.pk), locked.get(into.pk)
    if duplicate is None or into is None:
        raise RoadmapError(_("One of these ideas no longer exists."), 404)
    if duplicate.pk == into.pk:
        raise RoadmapError(_("Choose another idea to merge this one into."))
    if duplicate.roadmap_id != into.roadmap_id:
        raise RoadmapError(_("Only ideas on the same roadmap can be merged."))
    if duplicate.state not in MERGEABLE_STATES:
        raise RoadmapError(_("This idea was already merged or decided on."), 409)
    if into.state not in MERGE_TARGET_STATES:
        raise RoadmapError(
            _("Merge into an idea that is open for votes or already an item."), 409
        )
    kept_voters = Q(proposal=into)
    if into.item_id:
        kept_voters |= Q(item_id=into.item_id)
    voters = Vote.objects.filter(kept_voters).values("user_id")
    moved = Vote.objects.filter(proposal=duplicate)
    moved.filter(user_id__in=voters).delete()  # voted for both: one vote stays
    moved.update(proposal=into, item_id=into.item_id)
    ItemComment.objects.filter(proposal=duplicate).update(
        proposal=into, item_id=into.item_id
    )
    duplicate.state = IdeaProposal.State.MERGED
    duplicate.merged_into = into
    duplicate.save(update_fields=["state", "merged_into"])
    return into


def _escape(text: str) -> str:
    return escape(text)


def _free_slug(parent, title: str) -> str:
    base = slugify(title)[:60] or "idea"
    slug, n = base, 2
    taken = set(parent.get_children().values_list("slug", flat=True))
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


# --- Open roles and volunteers --------------------------------------------------------


def _accepted_count(role: OpenRole) -> int:
    return role.volunteers.filter(status=Volunteer.Decision.ACCEPTED).count()


def volunteer_check_open(*, role: OpenRole) -> None:
    """Raise RoadmapError when the role takes no volunteers (closed or filled)."""
    if not role.is_open:
        raise RoadmapError(_("This role is closed and takes no new volunteers."), 409)
    if _accepted_count(role) >= role.needed:
        raise RoadmapError(_("This role is already filled."), 409)


def volunteer_create(*, user, role: OpenRole, message: str = "") -> Volunteer:
    _require_member(user)
    message = clean_text(message)
    if len(message) > 1000:
        raise RoadmapError(_("Keep your message under 1000 characters."))
    volunteer_check_open(role=role)
    if Volunteer.objects.filter(role=role, user=user).exists():
        raise RoadmapError(_("You have already volunteered for this role."), 409)
    rate_limit_check(user=user, action="volunteer")
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.create(role=role, user=user, message=message)
    except IntegrityError as exc:
        raise RoadmapError(
            _("You have already volunteered for this role."), 409
        ) from exc
    ItemFollow.objects.get_or_create(item_id=role.item_id, user=user)
    return volunteer


def may_decide_volunteers(user, item: RoadmapItemPage) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_community_manager(user) or (
        item.owner_user_id is not None and item.owner_user_id == user.pk
    )


@transaction.atomic
def volunteer_decide(*, volunteer: Volunteer, by, accept: bool) -> Volunteer:
    """The item's owner or a community manager accepts or declines a volunteer.

    Acceptance gives the volunteer a role assignment on their profile.
    """
    role = OpenRole.objects.select_for_update().get(pk=volunteer.role_id)
    item = role.item
    if not may_decide_volunteers(by, item):
        raise RoadmapError(
            _("Only the item's owner or a community manager decides."), 403
        )
    if volunteer.status != Volunteer.Decision.PENDING:
        raise RoadmapError(_("This volunteer was already answered."), 409)
    if accept and _accepted_count(role) >= role.needed:
        raise RoadmapError(_("This role is already filled."), 409)
    volunteer.status = (
        Volunteer.Decision.ACCEPTED if accept else Volunteer.Decision.DECLINED
    )
    volunteer.decided_by = by
    volunteer.decided_at = timezone.now()
    volunteer.save(update_fields=["status", "decided_by", "decided_at"])
    if accept:
        _assign_profile_role(volunteer=volunteer, role=role, item=item, by=by)
        RoadmapChange.objects.create(
            roadmap_id=item.get_parent().pk,
            item=item,
            kind=RoadmapChange.Kind.ROLE_FILLED,
            summary=role.title[:300],
        )

    def subject():
        return _("Your offer to help: %(role)s") % {"role": role.title}

    def text():
        if accept:
            message = _("You were accepted as %(role)s for %(item)s. Thank you!")
        else:
            message = _(
                "Thank you for offering to help as %(role)s for %(item)s. "
                "This time we could not take you on."
            )
        return message % {"role": role.title, "item": item.title}

    _mail([volunteer.user], subject=subject, text=text, url=page_url(item))
    return volunteer


def _assign_profile_role(*, volunteer, role, item, by) -> None:
    """Record the role on the volunteer's profile (the profiles app's model)."""
    # The assignment, its label (the item's title) and link carry the item's
    # audience: a role earned on a staff item shows only to staff and the holder.
    audience = str(page_audience(item))
    profile = profile_ensure(user=volunteer.user)
    profile_role = _profile_role_for(
        ProfileRole, role.title, public=audience == Audience.PUBLIC
    )
    role_assignment_create(
        profile=profile,
        role=profile_role,
        assigned_by=by,
        context_label=f"{item.title}: {role.title}"[:200],
        context_url=item.url or "",
        audience=audience,
    )


def _profile_role_for(model, title: str, *, public: bool):
    """Find or create the profiles Role named like the open role (a new role is
    public only when its item is)."""
    slug = slugify(title)[:120] or "role"
    existing = model.objects.filter(Q(name__iexact=title) | Q(slug=slug)).first()
    return existing or model.objects.create(
        name=title[:120], slug=slug, is_public=public
    )


# --- Status changes and results: news for followers and the feed ----------------------


def item_published(*, item: RoadmapItemPage, by=None) -> RoadmapChange | None:
    """Called after an item is published: a new item or a new status is news.

    The last status announced comes from the change log, not from a field on
    the page: a publish from an older revision would bring back a stale value.
    """
    last = (
        RoadmapChange.objects.filter(item=item)
        .exclude(new_status="")
        .order_by("-created_at", "-id")
        .values_list("new_status", flat=True)
        .first()
    )
    old = last or ""
    if old == item.status:
        return None
    roadmap = item.get_parent().specific
    now = timezone.now()
    RoadmapItemPage.objects.filter(pk=item.pk).update(
        announced_status=item.status, status_changed_at=now
    )
    item.announced_status, item.status_changed_at = item.status, now
    if not old:
        return RoadmapChange.objects.create(
            roadmap=roadmap,
            item=item,
            kind=RoadmapChange.Kind.ITEM_ADDED,
            new_status=item.status,
            summary=item.title[:300],
        )
    change = RoadmapChange.objects.create(
        roadmap=roadmap,
        item=item,
        kind=RoadmapChange.Kind.STATUS,
        old_status=old,
        new_status=item.status,
        summary=item.title[:300],
    )

    def status_text():
        return _("%(item)s is now %(status)s (was %(old)s).") % {
            "item": item.title,
            "status": Status(item.status).label,
            "old": Status(old).label,
        }

    text = status_text()
    notify_followers(item=item, subject=status_text, text=status_text, exclude=by)
    _status_post(item=item, text=text, by=by)
    return change


def _status_post(*, item, text: str, by) -> None:
    """A status change appears in the feed as an update by the publisher, at the
    item's own audience (a staff item's news stays staff). Through the feed's own
    service, so it is broadcast live; a refusal there (rate limit, an author who
    may not post updates) must not undo the publish."""
    author = by or item.owner_user
    if author is None:
        return
    body = (
        f'<p>{_escape(text)} <a href="{page_url(item)}">{_escape(item.title)}</a></p>'
    )
    try:
        with transaction.atomic():
            post_create(
                author=author,
                body=body,
                kind="update",
                audience=str(page_audience(item)),
            )
    except (PermissionDenied, ValidationError, RateLimited) as exc:
        log.info("status change of %s not posted to the feed: %s", item.pk, exc)


def post_audience_for_item(audience: str, item) -> str:
    """The stricter of a post's audience and its roadmap item's audience."""
    floor = page_audience(item)
    order = [str(a) for a in AUDIENCE_ORDER]
    return audience if order.index(audience) >= order.index(floor) else str(floor)


def result_linked(*, post) -> RoadmapChange | None:
    """A result referencing an item: a line in what changed, mail to followers."""
    item = RoadmapItemPage.objects.filter(pk=post.roadmap_item_id).first()
    if item is None:
        return None
    change = RoadmapChange.objects.create(
        roadmap_id=item.get_parent().pk,
        item=item,
        post=post,
        kind=RoadmapChange.Kind.RESULT,
        summary=plain_text(post.body)[:300],
    )
    notify_followers(
        item=item,
        subject=lambda: _("New result for %(item)s") % {"item": item.title},
        text=lambda: (
            _("New result for %(item)s: %(summary)s")
            % {"item": item.title, "summary": change.summary[:200]}
        ),
        exclude=post.author,
        audience=post.audience,
    )
    return change


def notify_followers(
    *,
    item,
    subject: Callable[[], str],
    text: Callable[[], str],
    exclude=None,
    audience=None,
):
    """E-mail the item's followers (after commit), only those who may see the news,
    each in their own language and with a one-click way to stop following."""
    followers = (
        ItemFollow.objects.filter(item=item)
        .exclude(user__email="")
        .select_related("user")
    )
    if exclude is not None:
        followers = followers.exclude(user=exclude)
    recipients = [
        f.user
        for f in followers
        if f.user.is_active
        and page_visible_to(f.user, item)
        and (audience is None or audience_allows(f.user, audience))
    ]
    if recipients:
        _mail(recipients, subject=subject, text=text, url=page_url(item), news_of=item)
    return [user.email for user in recipients]


def _mail(
    recipients,
    *,
    subject: Callable[[], str],
    text: Callable[[], str],
    url: str,
    news_of=None,
) -> None:
    """One automatic mail per member (intranet/mail.py), written in their language;
    ``news_of``: an item whose news they follow, so the mail offers to stop."""
    messages = []
    for user in recipients:
        if not user.email:
            continue
        with member_language(user):
            stop = None
            body = f"{clean_text(text())}\n\n{url}\n"
            if news_of is not None:
                stop = unsubscribe_url(
                    user=user, list_name="item_news", target=news_of.pk
                )
                body += "\n" + _("Stop following this item: %(url)s") % {"url": stop}
                body += "\n"
            messages.append(
                automatic_mail(
                    to=[user.email],
                    subject=clean_text(subject()),
                    text=body,
                    unsubscribe_url=stop,
                )
            )
    if messages:
        transaction.on_commit(
            lambda: get_connection(fail_silently=True).send_messages(messages)
        )


def items_for_member_queue() -> dict:
    """Counts for the admin menu: volunteers waiting, contributions waiting."""
    return {
        "volunteers": Volunteer.objects.filter(
            status=Volunteer.Decision.PENDING
        ).count(),
        "moderation": ItemComment.objects.filter(moderation=Moderation.PENDING).count()
        + IdeaProposal.objects.filter(state=IdeaProposal.State.PENDING).count(),
    }
