"""The feed's part of the data download and of deleting an account."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from intranet.personal_data import (
    ANONYMISED,
    DELETED,
    NotPersonal,
    Section,
    declare_not_personal,
    iso,
    register,
    rows,
)
from intranet.site_url import absolute_url

from .models import Comment, DigestPreference, Notification, Post, Reaction, Report


def _post(post: Post) -> dict:
    item = post.roadmap_item
    return {
        "id": post.pk,
        "url": absolute_url(post.get_absolute_url()),
        "kind": post.kind,
        "body": post.body,
        "figure": post.figure,
        "audience": post.audience,
        "network": post.network.name if post.network_id else None,
        "roadmap_item": (
            {"id": item.pk, "title": item.title, "url": absolute_url(item.url)}
            if item
            else None
        ),
        "promise": (
            {"id": post.promise_id, "title": str(post.promise)}
            if post.promise_id
            else None
        ),
        "competences": sorted(tag.name for tag in post.competences.all()),
        "kudos_to": post.kudos_to.username if post.kudos_to_id else None,
        "image": (
            {"name": post.image_basename, "url": absolute_url(post.image_url)}
            if post.image
            else None
        ),
        "created_at": iso(post.created_at),
        "edited_at": iso(post.edited_at),
        "hidden_at": iso(post.hidden_at),
        "hidden_reason": post.hidden_reason,
        "comment_count": post.comment_count,
        "reaction_counts": post.reaction_counts,
    }


def _posts(user):
    posts = (
        Post.objects.filter(author=user)
        .select_related("network", "roadmap_item", "promise", "kudos_to")
        .prefetch_related("competences")
        .order_by("pk")
    )
    return [_post(post) for post in posts]


def _kudos_received(user):
    return rows(
        Post.objects.filter(kudos_to=user),
        "id",
        "author__username",
        "body",
        "audience",
        "created_at",
    )


def _digest(user):
    preference = DigestPreference.objects.filter(user=user).first()
    if preference is None:
        return None
    return {
        "frequency": preference.frequency,
        "last_sent_at": iso(preference.last_sent_at),
    }


def _erase_contributions(user):
    """Delete the member's comments and reactions and recount the posts they were
    on (the counts are stored on the post; a cascade would leave them stale)."""
    post_ids = set(
        Comment.objects.filter(author=user).values_list("post_id", flat=True)
    ) | set(Reaction.objects.filter(user=user).values_list("post_id", flat=True))
    Comment.objects.filter(author=user).delete()
    Reaction.objects.filter(user=user).delete()
    for post in Post.objects.filter(pk__in=post_ids).exclude(author=user):
        counts = dict(
            Reaction.objects.filter(post=post)
            .values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        Post.objects.filter(pk=post.pk).update(
            reaction_counts=counts,
            comment_count=post.comments.filter(hidden_at__isnull=True).count(),
        )


def _erase_notifications_about(user):
    """Notifications others got about what this member did name them in their text."""
    Notification.objects.filter(actor=user).delete()


register(
    Section(
        key="posts",
        export=_posts,
        relations=(("feed.Post", "author"),),
        on_delete=_("your posts, with their images, comments and reactions"),
        order=20,
    )
)
register(
    Section(
        key="kudos_received",
        export=_kudos_received,
        relations=(("feed.Post", "kudos_to"),),
        on_delete=_("kudos others gave you"),
        order=21,
    )
)
register(
    Section(
        key="comments",
        export=lambda user: rows(
            Comment.objects.filter(author=user),
            "id",
            "post_id",
            "parent_id",
            "body",
            "created_at",
            "edited_at",
            "hidden_at",
        ),
        relations=(("feed.Comment", "author"),),
        erase=_erase_contributions,
        on_delete=_("your comments"),
        order=22,
    )
)
register(
    Section(
        key="reactions",
        export=lambda user: rows(
            Reaction.objects.filter(user=user), "post_id", "kind", "created_at"
        ),
        relations=(("feed.Reaction", "user"),),
        on_delete=_("your reactions"),
        order=23,
    )
)
register(
    Section(
        key="reports",
        export=lambda user: rows(
            Report.objects.filter(reporter=user),
            "id",
            "post_id",
            "comment_id",
            "reason",
            "status",
            "created_at",
            "resolved_at",
        ),
        relations=(("feed.Report", "reporter"),),
        on_delete=_("reports you made"),
        order=24,
    )
)
register(
    Section(
        key="notifications",
        export=lambda user: rows(
            Notification.objects.filter(recipient=user),
            "id",
            "kind",
            "text",
            "post_id",
            "actor__username",
            "created_at",
            "read_at",
            "emailed_at",
        ),
        relations=(("feed.Notification", "recipient"),),
        on_delete=_("your notifications"),
        order=25,
    )
)
register(
    Section(
        key="digest_preference",
        export=_digest,
        relations=(("feed.DigestPreference", "user"),),
        on_delete=_("your e-mail digest setting"),
        order=26,
    )
)
declare_not_personal(
    NotPersonal(
        relation=("feed.Notification", "actor"),
        reason="Another member's notification about something this member did.",
        erasure=DELETED,
        erase=_erase_notifications_about,
        on_delete=_("notifications others received about what you did"),
    )
)
declare_not_personal(
    NotPersonal(
        relation=("feed.Report", "resolved_by"),
        reason="A manager's decision on someone else's report.",
        erasure=ANONYMISED,
        on_delete=_("decisions you made on reports stay, without your name"),
    )
)
for _field in ("recipient", "actor"):
    declare_not_personal(
        NotPersonal(
            relation=("feed.FeedEvent", _field),
            reason=(
                "The live feed's replay log: references only, no content; what it "
                "refers to is exported in its own section."
            ),
            erasure=DELETED,
        )
    )
