"""What a post card needs loaded, for every list of cards (feed, roadmaps, digests).

Public so that the apps that show post cards (the feed itself, roadmap pages,
the digest, replay) load them the same way: :func:`with_card_data` on the
queryset, then :func:`decorate_cards` on the loaded posts.
"""

from __future__ import annotations

from django.db.models import Prefetch

from profiles.models import RoleAssignment

from .models import Reaction


def card_lookups(viewer) -> list:
    """The prefetches a post card needs (besides its author, which is joined).

    Only the author is joined. Joining network, promise, roadmap item (a Wagtail
    page: two tables) and the kudos recipient as well made PostgreSQL spend ~18 ms
    *planning* a ten-table join that runs in under 2 ms; separate prefetches cost
    a fraction of that, and none at all when no post on the page has one.
    """
    roles = RoleAssignment.objects.current().visible_to(viewer).select_related("role")
    lookups = [
        "network",
        "promise",
        "roadmap_item",
        "kudos_to__profile",
        "competences",
        Prefetch(
            "author__profile__role_assignments", queryset=roles, to_attr="card_roles"
        ),
    ]
    if getattr(viewer, "is_authenticated", False):
        lookups.append(
            Prefetch(
                "reactions",
                queryset=Reaction.objects.filter(user=viewer).only("kind", "post_id"),
                to_attr="viewer_reactions",
            )
        )
    return lookups


def with_card_data(queryset, viewer):
    """Everything a post card shows, in a fixed number of queries."""
    return queryset.select_related("author__profile").prefetch_related(
        *card_lookups(viewer)
    )


def decorate_cards(posts):
    """Set ``viewer_reaction_kinds`` on posts loaded by :func:`with_card_data`."""
    for post in posts:
        post.viewer_reaction_kinds = {
            r.kind for r in getattr(post, "viewer_reactions", [])
        }
    return posts
