"""Writes to the feed: posts, comments, reactions, reports, curation, notifications.

Every write validates first (raising ValidationError or PermissionDenied with a
clear message), then writes, then records one live event that is broadcast after
commit (see feed.events).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from intranet.audience import (
    Audience,
    audience_allows,
    can_see,
    is_community_manager,
    is_employee,
    least_viewer,
    member_network_ids,
)
from intranet.cache import bump_member_page_cache
from intranet.html import clean_text, plain_text, sanitise_html
from intranet.language import content_language
from intranet.media import reencode_image
from intranet.ratelimit import rate_limit_check
from profiles.selectors import users_with_competences

from . import events
from .models import (
    Comment,
    DigestPreference,
    FeedEvent,
    Notification,
    Post,
    Reaction,
    Report,
)

MAX_BODY_CHARS = 10_000
MAX_COMMENT_CHARS = 3_000
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MENTION_RE = re.compile(r"(?<![\w@])@([\w.+-]{2,150})")
#: Kinds an external member may post; employees post every kind.
EXTERNAL_KINDS = {Post.Kind.IDEA, Post.Kind.QUESTION, Post.Kind.KUDOS}


# --- helpers ------------------------------------------------------------------------


def _clean_body(body: str, *, limit: int) -> str:
    if not isinstance(body, str):
        raise ValidationError(_("The text is malformed."))
    if len(body) > limit:
        raise ValidationError(
            _("The text is too long: at most %(limit)s characters.") % {"limit": limit}
        )
    clean = sanitise_html(body)
    if not plain_text(clean):
        raise ValidationError(_("Write something first: the text is empty."))
    return clean


def _mentioned_users(body: str, *, exclude_pk):
    names = {m.group(1).rstrip(".") for m in MENTION_RE.finditer(plain_text(body))}
    if not names:
        return []
    return list(
        get_user_model()
        .objects.filter(username__in=names, is_active=True)
        .exclude(pk=exclude_pk)[:20]
    )


def _name(user) -> str:
    profile = getattr(user, "profile", None)
    return getattr(profile, "display_name", "") or user.get_username()


def render_post(post) -> str:
    """The one post markup, rendered once for everyone of the post's audience (events
    and e-mails): names and titles link only where all of them may go."""
    return render_to_string(
        "feed/includes/post_card.html",
        {"post": post, "live": True, "viewer": least_viewer(post.audience)},
    )


def render_comment(comment) -> str:
    return render_to_string(
        "feed/includes/comment.html",
        {"comment": comment, "viewer": least_viewer(comment.post.audience)},
    )


def _post_event_payload(post) -> dict:
    return {
        "post_id": post.pk,
        "kind": post.kind,
        "audience": post.audience,
        "network_id": post.network_id,
        "html": render_post(post),
        "comment_count": post.comment_count,
        "reaction_counts": post.reaction_counts,
    }


def _publish_for_post(post, event_type, payload, *, actor_id=None, comment_id=None):
    return events.publish(
        event_type,
        payload,
        audience=post.audience,
        network_id=post.network_id,
        post_id=post.pk,
        comment_id=comment_id,
        actor_id=actor_id,
    )


# --- notifications --------------------------------------------------------------------


def notification_create(*, recipient, kind, text, actor=None, post=None):
    """Tell one member something, live and in their notifications; never yourself,
    never about a post they may not see."""
    if actor is not None and recipient.pk == actor.pk:
        return None
    if post is not None and not can_see(recipient, post):
        return None
    notification = Notification.objects.create(
        recipient=recipient,
        kind=kind,
        text=clean_text(text)[:300],
        actor=actor,
        post=post,
    )
    unread = Notification.objects.filter(recipient=recipient, read_at=None).count()
    events.publish(
        "notification",
        {
            "text": notification.text,
            "url": notification.get_absolute_url(),
            "unread": unread,
        },
        recipient_id=recipient.pk,
        notification_id=notification.pk,
        actor_id=actor.pk if actor is not None else None,
    )
    return notification


def notifications_mark_read(*, user) -> int:
    count = Notification.objects.filter(recipient=user, read_at=None).update(
        read_at=timezone.now()
    )
    bump_member_page_cache(user.pk)  # update() sends no signal; the bell changed
    events.publish(
        "notification", {"text": "", "url": "", "unread": 0}, recipient_id=user.pk
    )
    return count


def _notify_mentions(*, body, actor, post):
    for user in _mentioned_users(body, exclude_pk=actor.pk):
        notification_create(
            recipient=user,
            kind=Notification.Kind.MENTION,
            actor=actor,
            post=post,
            text=_("%(name)s mentioned you") % {"name": _name(actor)},
        )


def _notify_question(*, post, competence_ids):
    for user in users_with_competences(competence_ids=competence_ids)[:200]:
        notification_create(
            recipient=user,
            kind=Notification.Kind.QUESTION,
            actor=post.author,
            post=post,
            text=_("%(name)s asks a question you can help with")
            % {"name": _name(post.author)},
        )


# --- posts ----------------------------------------------------------------------------


def _check_post_fields(*, author, kind, audience, network, image):
    if kind not in Post.Kind.values:
        raise ValidationError(_("Unknown kind of post."))
    if not is_employee(author) and kind not in EXTERNAL_KINDS:
        raise PermissionDenied(
            _(
                "Only employees post results and updates; you can share ideas and questions."
            )
        )
    if audience not in (Audience.PUBLIC, Audience.COMMUNITY, Audience.STAFF):
        raise ValidationError(_("Choose who may see this post."))
    if not audience_allows(author, audience):
        raise PermissionDenied(_("You cannot post to an audience you are not part of."))
    if network is not None and not (
        is_community_manager(author) or can_see(author, network)
    ):
        raise PermissionDenied(_("You can only post in networks you belong to."))
    if network is not None and not is_community_manager(author):
        if not member_network_ids(author).filter(network=network).exists():
            raise PermissionDenied(_("You can only post in networks you belong to."))
    if image:
        if image.size > MAX_IMAGE_BYTES:
            raise ValidationError(_("The image is too large: at most 5 MB."))
        # Decoded and saved again as JPEG/PNG/WebP/GIF (no EXIF, true extension);
        # anything else is refused here, before the post is written.
        return reencode_image(image)
    return None


@transaction.atomic
def post_create(
    *,
    author,
    body: str,
    kind: str = Post.Kind.UPDATE,
    audience: str = Audience.COMMUNITY,
    network=None,
    roadmap_item=None,
    promise=None,
    figure: str = "",
    competences=(),
    kudos_to=None,
    image=None,
    language: str = "",
) -> Post:
    clean = _clean_body(body, limit=MAX_BODY_CHARS)
    image = _check_post_fields(
        author=author, kind=kind, audience=audience, network=network, image=image
    )
    if kind == Post.Kind.KUDOS and kudos_to is None:
        raise ValidationError(_("Say who the kudos are for."))
    if kudos_to is not None and kudos_to.pk == author.pk:
        raise ValidationError(_("Kudos go to someone else."))
    figure = clean_text(figure)[:40]
    rate_limit_check(user=author, action="post")
    post = Post.objects.create(
        author=author,
        kind=kind,
        body=clean,
        audience=audience,
        network=network,
        roadmap_item=roadmap_item if kind == Post.Kind.RESULT else None,
        promise=promise if kind == Post.Kind.RESULT else None,
        figure=figure if kind == Post.Kind.RESULT else "",
        kudos_to=kudos_to if kind == Post.Kind.KUDOS else None,
        image=image or "",
        language=content_language(language),
    )
    competences = list(competences)
    if competences:
        post.competences.set(competences)
    _notify_mentions(body=clean, actor=author, post=post)
    if kind == Post.Kind.KUDOS:
        notification_create(
            recipient=kudos_to,
            kind=Notification.Kind.KUDOS,
            actor=author,
            post=post,
            text=_("%(name)s gave you kudos") % {"name": _name(author)},
        )
    if kind == Post.Kind.QUESTION and competences:
        _notify_question(post=post, competence_ids=[c.pk for c in competences])
    _publish_for_post(
        post, "post_created", _post_event_payload(post), actor_id=author.pk
    )
    return post


@transaction.atomic
def post_update(
    *, post: Post, editor, body: str, figure: str | None = None, competences=None
) -> Post:
    if editor.pk != post.author_id:
        raise PermissionDenied(_("Only the author can edit a post."))
    post.body = _clean_body(body, limit=MAX_BODY_CHARS)
    if figure is not None and post.kind == Post.Kind.RESULT:
        post.figure = clean_text(figure)[:40]
    rate_limit_check(user=editor, action="post")
    post.edited_at = timezone.now()
    post.save(update_fields=["body", "figure", "edited_at"])
    if competences is not None:
        post.competences.set(list(competences))
    _publish_for_post(
        post, "post_updated", _post_event_payload(post), actor_id=editor.pk
    )
    return post


@transaction.atomic
def post_delete(*, post: Post, actor) -> None:
    if actor.pk != post.author_id and not is_community_manager(actor):
        raise PermissionDenied(
            _("Only the author or a community manager can delete a post.")
        )
    if actor.pk != post.author_id:
        log(instance=post, action="feed.delete", user=actor)
    _publish_for_post(
        post, "post_deleted", {"post_id": post.pk, "audience": post.audience}
    )
    post.delete()


def member_events_erase(*, user) -> None:
    """An account is being erased: delete the events about what the member did,
    tell open sockets to drop the cards of their posts (which the erasure takes
    with it), and close the member's own sockets."""
    FeedEvent.objects.filter(actor=user).delete()
    for post in Post.objects.filter(Q(author=user) | Q(kudos_to=user)).only(
        "pk", "audience", "network_id"
    ):
        _publish_for_post(
            post, "post_deleted", {"post_id": post.pk, "audience": post.audience}
        )
    events.rights_changed(user.pk)


# --- comments and reactions --------------------------------------------------------


@transaction.atomic
def _recount_comments(post: Post) -> None:
    """The post's comment count: the comments readers can see (not hidden ones)."""
    Post.objects.filter(pk=post.pk).update(
        comment_count=post.comments.filter(hidden_at__isnull=True).count()
    )
    post.refresh_from_db(fields=["comment_count"])


def comment_create(
    *,
    post: Post,
    author,
    body: str,
    parent: Comment | None = None,
    language: str = "",
) -> Comment:
    if not author.is_authenticated or not can_see(author, post):
        raise PermissionDenied(_("You cannot comment on this post."))
    if post.comments_locked:
        raise PermissionDenied(_("Comments on this post are closed."))
    clean = _clean_body(body, limit=MAX_COMMENT_CHARS)
    if parent is not None:
        if parent.post_id != post.pk:
            raise ValidationError(_("That comment belongs to another post."))
        parent = parent.parent or parent  # replies stay one level deep
    rate_limit_check(user=author, action="comment")
    comment = Comment.objects.create(
        post=post,
        author=author,
        body=clean,
        parent=parent,
        language=content_language(language),
    )
    _recount_comments(post)
    notified = {author.pk}
    for recipient in (post.author, parent.author if parent else None):
        if recipient is not None and recipient.pk not in notified:
            notified.add(recipient.pk)
            notification_create(
                recipient=recipient,
                kind=Notification.Kind.REPLY,
                actor=author,
                post=post,
                text=_("%(name)s replied: %(text)s")
                % {"name": _name(author), "text": plain_text(clean)[:120]},
            )
    _notify_mentions(body=clean, actor=author, post=post)
    _publish_for_post(
        post,
        "comment_created",
        {
            "post_id": post.pk,
            "audience": post.audience,
            "comment_id": comment.pk,
            "parent_id": comment.parent_id,
            "html": render_comment(comment),
            "comment_count": post.comment_count,
        },
        actor_id=author.pk,
        comment_id=comment.pk,
    )
    return comment


@transaction.atomic
def _reaction_check(*, post: Post, user, kind: str) -> None:
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Unknown reaction."))
    if not user.is_authenticated or not can_see(user, post):
        raise PermissionDenied(_("You cannot react to this post."))
    rate_limit_check(user=user, action="reaction")


def reaction_toggle(*, post: Post, user, kind: str) -> bool:
    """Add the reaction, or take it back if the member already gave it. Returns
    whether it is now given."""
    _reaction_check(post=post, user=user, kind=kind)
    deleted, _rows = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    given = not deleted
    if given:
        Reaction.objects.create(post=post, user=user, kind=kind)
    _reactions_changed(post=post, user=user, kind=kind, given=given)
    return given


def reaction_give(*, post: Post, user, kind: str) -> bool:
    """Give the reaction unless the member already did (never takes it back: a
    visitor's reaction kept through sign-up is applied once). Returns whether it
    was new."""
    _reaction_check(post=post, user=user, kind=kind)
    _reaction, created = Reaction.objects.get_or_create(post=post, user=user, kind=kind)
    if created:
        _reactions_changed(post=post, user=user, kind=kind, given=True)
    return created


def _reactions_changed(*, post: Post, user, kind: str, given: bool) -> None:
    """Recount, tell the author about a new reaction, and update open feeds."""
    counts = dict(
        Reaction.objects.filter(post=post)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    post.reaction_counts = counts
    Post.objects.filter(pk=post.pk).update(reaction_counts=counts)
    if given:
        notification_create(
            recipient=post.author,
            kind=Notification.Kind.REACTION,
            actor=user,
            post=post,
            text=_("%(name)s reacted to your post: %(reaction)s")
            % {"name": _name(user), "reaction": Reaction.Kind(kind).label},
        )
    _publish_for_post(
        post,
        "reactions_changed",
        {"post_id": post.pk, "audience": post.audience, "reaction_counts": counts},
        actor_id=user.pk,
    )


# --- reports and curation ----------------------------------------------------------


def report_create(
    *, reporter, reason: str, post: Post | None = None, comment: Comment | None = None
) -> Report:
    target_post = post or (comment.post if comment else None)
    if target_post is None or not can_see(reporter, target_post):
        raise PermissionDenied(_("You cannot report this."))
    reason = clean_text(reason)
    if not reason:
        raise ValidationError(_("Say why you report this."))
    if len(reason) > 1000:
        raise ValidationError(_("The reason is too long: at most 1000 characters."))
    rate_limit_check(user=reporter, action="comment")
    with transaction.atomic():
        report = Report.objects.create(
            reporter=reporter, post=post, comment=comment, reason=reason
        )
        _hide_past_threshold(post=post, comment=comment)
    return report


def _open_reports(*, post=None, comment=None):
    if post is not None:
        return Report.objects.filter(post=post, status=Report.Status.OPEN)
    return Report.objects.filter(comment=comment, status=Report.Status.OPEN)


def _hide_past_threshold(*, post=None, comment=None) -> bool:
    """Content reported by enough distinct members is hidden until a manager
    reviews it (as Discourse does); its author is told why and how to appeal."""
    target = post or comment
    if target.hidden_at is not None:
        return False
    threshold = settings.KOERS_REPORT_HIDE_THRESHOLD
    reporters = (
        _open_reports(post=post, comment=comment).values("reporter").distinct().count()
    )
    if threshold < 1 or reporters < threshold:
        return False
    reason = _(
        "Reported by %(count)s members; hidden until a community manager reviews it."
    ) % {"count": reporters}
    target.hidden_at = timezone.now()
    fields = ["hidden_at"]
    if post is not None:
        post.hidden_reason = reason
        fields.append("hidden_reason")
    target.save(update_fields=fields)
    log(instance=target, action="moderation.auto_hide", data={"reason": reason})
    what = _("post") if post is not None else _("comment")
    the_post = post or comment.post
    notification_create(
        recipient=target.author,
        kind=Notification.Kind.MODERATION,
        post=the_post,
        text=_(
            "Your %(what)s was reported by %(count)s members and is hidden until a "
            "community manager reviews it. To appeal, reply to this notification's "
            "post or write to a community manager."
        )
        % {"what": what, "count": reporters},
    )
    if post is not None:
        _publish_for_post(
            post, "post_deleted", {"post_id": post.pk, "audience": post.audience}
        )
    else:
        _recount_comments(comment.post)
        _publish_comment_removed(comment)
    return True


def _publish_comment_removed(comment: Comment) -> None:
    """Open sockets drop a comment that was hidden (no content in the event)."""
    post = comment.post
    _publish_for_post(
        post,
        "comment_deleted",
        {
            "post_id": post.pk,
            "audience": post.audience,
            "comment_id": comment.pk,
            "comment_count": post.comment_count,
        },
        comment_id=comment.pk,
    )


def _require_manager(actor):
    if not is_community_manager(actor):
        raise PermissionDenied(_("Only community managers curate the feed."))


@transaction.atomic
def post_pin(*, post: Post, actor, until) -> Post:
    _require_manager(actor)
    post.pinned_until = until
    post.save(update_fields=["pinned_until"])
    log(
        instance=post,
        action="feed.pin" if until else "feed.unpin",
        user=actor,
        data={"until": until.isoformat() if until else None},
    )
    return post


@transaction.atomic
def post_feature(*, post: Post, actor, featured: bool) -> Post:
    _require_manager(actor)
    post.featured = featured
    post.save(update_fields=["featured"])
    log(
        instance=post,
        action="feed.feature" if featured else "feed.unfeature",
        user=actor,
    )
    return post


@transaction.atomic
def post_lock_comments(*, post: Post, actor, locked: bool) -> Post:
    _require_manager(actor)
    post.comments_locked = locked
    post.save(update_fields=["comments_locked"])
    log(instance=post, action="feed.lock" if locked else "feed.unlock", user=actor)
    return post


@transaction.atomic
def post_hide(*, post: Post, actor, reason: str) -> Post:
    _require_manager(actor)
    reason = clean_text(reason)[:300]
    if not reason:
        raise ValidationError(_("Give the author a reason for hiding their post."))
    post.hidden_at = timezone.now()
    post.hidden_reason = reason
    post.save(update_fields=["hidden_at", "hidden_reason"])
    log(instance=post, action="feed.hide", user=actor, data={"reason": reason})
    notification_create(
        recipient=post.author,
        kind=Notification.Kind.MODERATION,
        actor=actor,
        post=post,
        text=_("A community manager hid your post: %(reason)s") % {"reason": reason},
    )
    _publish_for_post(
        post, "post_deleted", {"post_id": post.pk, "audience": post.audience}
    )
    return post


@transaction.atomic
def post_unhide(*, post: Post, actor) -> Post:
    _require_manager(actor)
    post.hidden_at = None
    post.hidden_reason = ""
    post.save(update_fields=["hidden_at", "hidden_reason"])
    log(instance=post, action="feed.unhide", user=actor)
    return post


@transaction.atomic
def report_resolve(*, report: Report, actor, hide: bool, reason: str = "") -> Report:
    _require_manager(actor)
    if hide:
        if report.post_id:
            post_hide(post=report.post, actor=actor, reason=reason or report.reason)
        elif report.comment_id:
            report.comment.hidden_at = timezone.now()
            report.comment.save(update_fields=["hidden_at"])
            _recount_comments(report.comment.post)
            _publish_comment_removed(report.comment)
            notification_create(
                recipient=report.comment.author,
                kind=Notification.Kind.MODERATION,
                actor=actor,
                post=report.comment.post,
                text=_("A community manager hid your comment: %(reason)s")
                % {"reason": clean_text(reason or report.reason)},
            )
    report.status = Report.Status.HIDDEN if hide else Report.Status.DISMISSED
    report.resolved_at = timezone.now()
    report.resolved_by = actor
    report.save(update_fields=["status", "resolved_at", "resolved_by"])
    log(instance=report, action="feed.report_resolve", user=actor, data={"hide": hide})
    return report


@transaction.atomic
def comment_hide(*, comment: Comment, actor, reason: str = "") -> Comment:
    """Hide a comment from everyone but its author and managers; the author is told."""
    _require_manager(actor)
    reason = plain_text(reason or "")[:300]
    comment.hidden_at = timezone.now()
    comment.save(update_fields=["hidden_at"])
    _recount_comments(comment.post)
    _publish_comment_removed(comment)
    log(
        instance=comment,
        action="feed.comment_hide",
        user=actor,
        data={"reason": reason},
    )
    notification_create(
        recipient=comment.author,
        kind=Notification.Kind.MODERATION,
        actor=actor,
        post=comment.post,
        text=(
            _("A community manager hid your comment: %(reason)s") % {"reason": reason}
            if reason
            else _("A community manager hid your comment.")
        ),
    )
    return comment


@transaction.atomic
def comment_unhide(*, comment: Comment, actor) -> Comment:
    _require_manager(actor)
    comment.hidden_at = None
    comment.save(update_fields=["hidden_at"])
    _recount_comments(comment.post)
    log(instance=comment, action="feed.comment_unhide", user=actor)
    return comment


@transaction.atomic
def reports_decide(
    *, actor, hide: bool, reason: str = "", post: Post | None = None, comment=None
) -> int:
    """Decide every open report on a post or comment at once: hide the content (or
    confirm it stays hidden) or dismiss the reports (restoring content that the
    threshold hid). Deciding what another manager already decided changes nothing."""
    _require_manager(actor)
    if (post is None) == (comment is None):
        raise ValidationError(_("Choose one post or comment."))
    reports = list(
        _open_reports(post=post, comment=comment).select_for_update().only("pk")
    )
    if not reports:
        raise ValidationError(
            _("These reports were already decided; nothing was changed.")
        )
    target = post or comment
    target.refresh_from_db(fields=["hidden_at"])
    reason = plain_text(reason or "")[:300]
    if hide and target.hidden_at is None:
        if post is not None:
            post_hide(post=post, actor=actor, reason=reason or _("Reported content."))
        else:
            comment_hide(comment=comment, actor=actor, reason=reason)
    elif not hide and target.hidden_at is not None:
        if post is not None:
            post_unhide(post=post, actor=actor)
        else:
            comment_unhide(comment=comment, actor=actor)
    Report.objects.filter(pk__in=[r.pk for r in reports]).update(
        status=Report.Status.HIDDEN if hide else Report.Status.DISMISSED,
        resolved_at=timezone.now(),
        resolved_by=actor,
    )
    return len(reports)


def digest_unsubscribe(*, user) -> DigestPreference:
    """Stop the member's e-mail digest (the one-click unsubscribe of its mails)."""
    preference, _created = DigestPreference.objects.update_or_create(
        user=user, defaults={"frequency": DigestPreference.Frequency.OFF}
    )
    return preference
