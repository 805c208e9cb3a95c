"""What a post card needs loaded, for every list of cards (feed, roadmaps, digests).

Public so that the apps that show post cards (the feed itself, roadmap pages,
profiles, the digest, replay) load them the same way: :func:`load_cards` on the
loaded posts (their queryset with :func:`card_queryset`), or :func:`with_card_data`
on a queryset and then :func:`decorate_cards` on the loaded posts.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, prefetch_related_objects

from profiles.models import RoleAssignment

from .cards import attach_card_bodies
from .models import Reaction, TaggedPostCompetence

#: Foreign keys a card shows, prefetched only when a post on the page has one.
_OPTIONAL_RELATIONS = ("network", "promise", "roadmap_item")


def _kudos_recipients():
    # One query for the recipient and their profile (a nested prefetch is two).
    return Prefetch(
        "kudos_to", queryset=get_user_model().objects.select_related("profile")
    )


def _competences():
    """The post's competence links with their competences, in one plain query.

    Not taggit's ``competences`` manager: its prefetch builds a generic query
    through the tag model's manager, several times the cost of this one for the
    same rows (``Post.card_competences`` orders them by name).
    """
    return Prefetch(
        "tagged_competences",
        queryset=TaggedPostCompetence.objects.select_related("tag"),
        to_attr="card_tags",
    )


def card_lookups(viewer, posts=None) -> list:
    """The prefetches a post card needs (besides its author, which is joined).

    Only the author is joined. Joining network, promise, roadmap item (a Wagtail
    page: two tables) and the kudos recipient as well made PostgreSQL spend ~18 ms
    *planning* a ten-table join that runs in under 2 ms; separate prefetches cost
    a fraction of that. Given the loaded ``posts``, a relation none of them has is
    left out: even a prefetch that sends no query costs the building of one.
    """
    roles = RoleAssignment.objects.current().visible_to(viewer).select_related("role")
    if posts is None:
        lookups = [*_OPTIONAL_RELATIONS, _kudos_recipients()]
    else:
        lookups = [
            name
            for name in _OPTIONAL_RELATIONS
            if any(getattr(p, f"{name}_id") for p in posts)
        ]
        if any(p.kudos_to_id for p in posts):
            lookups.append(_kudos_recipients())
    lookups += [
        _competences(),
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


def card_queryset(queryset):
    """What a card joins (its author and their profile): load posts with this."""
    return queryset.select_related("author__profile")


def with_card_data(queryset, viewer):
    """Everything a post card shows, in a fixed number of queries."""
    return card_queryset(queryset).prefetch_related(*card_lookups(viewer))


def decorate_cards(posts):
    """Set ``viewer_reaction_kinds`` on posts loaded by :func:`with_card_data`."""
    for post in posts:
        post.viewer_reaction_kinds = {
            r.kind for r in getattr(post, "viewer_reactions", [])
        }
    return posts


def load_cards(posts, viewer, *, bodies: bool = True) -> list:
    """Everything the cards of these posts show for ``viewer``, in one round of
    prefetches (only those the posts need), with their bodies from the card
    cache (feed/cards.py) unless ``bodies`` is false. ``posts`` were loaded from
    :func:`card_queryset`. Returns them as a list."""
    posts = list(posts)
    if posts:
        prefetch_related_objects(posts, *card_lookups(viewer, posts))
    decorate_cards(posts)
    if bodies:
        attach_card_bodies(posts, viewer)
    return posts
