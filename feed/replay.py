"""What a reconnecting client missed, rendered from the present for the viewer now.

Events hold references only (feed.events). Each replayed event is rendered from
the current post, comment or notification, checked against the viewer's current
rights: what was hidden, deleted or erased since, or what the viewer may no
longer see, replays as a removal without content; an edited post replays as its
current card, never as an earlier version. The work is bounded by the replay
limit: one query per kind of object, one render per post.
"""

from __future__ import annotations

from django.utils import translation

from . import events, selectors
from .card_data import with_card_data
from .models import Comment, FeedEvent, Notification, Post
from .services import render_comment, render_post

CARD_TYPES = {"post_created", "post_updated", "post_deleted"}


def replay_since(
    user, cursor: int, *, limit: int, overlap: int = 0, language: str | None = None
) -> tuple[list[dict], int] | None:
    """The envelopes of the events after ``cursor`` (and ``overlap`` positions
    before it) this user may see, oldest first, with the cursor they bring the
    client to; or None when the client must reload (more than ``limit`` missed,
    or missed events were pruned)."""
    events.sweep_unsequenced()
    # Read the top first: every position up to it is committed, so the query
    # below sees all of them and the client may safely move its cursor there.
    top = events.current_cursor()
    if cursor < events.replay_floor():
        return None
    rows = list(
        FeedEvent.objects.for_member(user)
        .filter(seq__gt=max(cursor - overlap, 0), seq__lte=top)
        .order_by("seq")[: limit + 1]
    )
    if len(rows) > limit:
        return None
    with translation.override(language):
        return render_events(user, rows), max(top, cursor)


def render_events(user, rows: list[FeedEvent]) -> list[dict]:
    post_ids = {row.post_id for row in rows if row.post_id is not None}
    posts = {
        post.pk: post
        for post in with_card_data(
            Post.objects.visible_to(user).filter(pk__in=post_ids), user
        )
    }
    comment_ids = {row.comment_id for row in rows if row.comment_id is not None}
    comments = {
        comment.pk: comment
        for comment in Comment.objects.filter(
            pk__in=comment_ids, hidden_at__isnull=True, post_id__in=list(posts)
        ).select_related("author__profile")
    }
    notification_ids = {
        row.notification_id for row in rows if row.notification_id is not None
    }
    notifications = {}
    unread = 0
    if any(row.type == "notification" for row in rows):
        notifications = {
            n.pk: n
            for n in Notification.objects.filter(
                pk__in=notification_ids, recipient=user
            ).select_related("post")
        }
        unread = selectors.unread_count(user)

    cards: dict[int, str] = {}

    def card(post) -> str:
        if post.pk not in cards:
            cards[post.pk] = render_post(post)
        return cards[post.pk]

    envelopes = []
    for row in rows:
        head = {"id": row.pk, "seq": row.seq, "replay": True}
        if row.type == "notification":
            note = notifications.get(row.notification_id)
            envelopes.append(
                {
                    **head,
                    "type": "notification",
                    "text": note.text if note else "",
                    "url": note.get_absolute_url() if note else "",
                    "unread": unread,
                }
            )
            continue
        if row.post_id is None:
            continue
        post = posts.get(row.post_id)
        if post is None:
            envelopes.append({**head, "type": "post_deleted", "post_id": row.post_id})
        elif row.type in CARD_TYPES:
            envelopes.append(
                {
                    **head,
                    # A post shown again (unhidden) since its removal: its card.
                    "type": "post_updated" if row.type == "post_deleted" else row.type,
                    "post_id": post.pk,
                    "kind": post.kind,
                    "audience": post.audience,
                    "network_id": post.network_id,
                    "html": card(post),
                    "comment_count": post.comment_count,
                    "reaction_counts": post.reaction_counts,
                }
            )
        elif row.type in ("comment_created", "comment_deleted"):
            comment = comments.get(row.comment_id)
            if comment is None:
                envelopes.append(
                    {
                        **head,
                        "type": "comment_deleted",
                        "post_id": post.pk,
                        "comment_id": row.comment_id,
                        "comment_count": post.comment_count,
                    }
                )
            else:
                envelopes.append(
                    {
                        **head,
                        "type": "comment_created",
                        "post_id": post.pk,
                        "comment_id": comment.pk,
                        "parent_id": comment.parent_id,
                        "html": render_comment(comment),
                        "comment_count": post.comment_count,
                    }
                )
        elif row.type == "reactions_changed":
            envelopes.append(
                {
                    **head,
                    "type": "reactions_changed",
                    "post_id": post.pk,
                    "reaction_counts": post.reaction_counts,
                }
            )
    return envelopes
