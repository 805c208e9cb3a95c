"""Living stories: feed posts of kind ``story`` (so they have a post's audience and
appear in the feed, search, the API and live updates) linked to promises, roadmap
items, signals and team reflections.

``story_create`` is the public service other apps call (e.g. intervision publishing
a learning as a story).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from feed.models import Post
from feed.services import post_create
from intranet.audience import Audience, can_see

from .models import StoryLink


@transaction.atomic
def story_create(
    *,
    author,
    body: str,
    audience: str = Audience.COMMUNITY,
    promise=None,
    roadmap_item=None,
    signal=None,
    reflection_round=None,
    image=None,
    language: str = "",
    network=None,
) -> Post:
    """Write a story as ``author``. A linked signal or team reflection must be one
    the author may see; a reflection's story is shown only to who may see both.

    A story about a team's reflection is never more open than the team allows:
    it is posted in the team (``network`` is the team) unless the round shares its
    actions with the community, and then it may go to members or staff, never
    to the public web."""
    if signal is not None and not can_see(author, signal):
        raise ValidationError({"signal": _("Choose a signal you can see.")})
    if reflection_round is not None and not can_see(author, reflection_round):
        raise ValidationError(
            {"reflection_round": _("Choose one of your team's reflections.")}
        )
    if reflection_round is not None:
        network = reflection_audience_network(
            reflection_round, audience=audience, network=network
        )
    post = post_create(
        author=author,
        body=body,
        kind=Post.Kind.STORY,
        audience=audience,
        network=network,
        promise=promise,
        roadmap_item=roadmap_item,
        image=image,
        language=language,
    )
    if signal is not None or reflection_round is not None:
        StoryLink.objects.create(post=post, signal=signal, round=reflection_round)
    return post


def reflection_audience_network(reflection_round, *, audience: str, network):
    """The network a story about ``reflection_round`` must be posted in (the team),
    or ``None`` when the team shares its actions and the audience is members or
    staff. Raises ``ValidationError`` for an audience more open than the team's."""
    team = reflection_round.team
    if network is not None and network.pk != team.pk:
        raise ValidationError(
            {"audience": _("A story about a reflection stays within the team.")}
        )
    if audience == Audience.PUBLIC:
        raise ValidationError(
            {"audience": _("A story about a team's reflection is never public.")}
        )
    if network is None and not reflection_round.share_actions:
        # The team keeps its reflection to itself: so does the story.
        return team
    return network


def stories_visible_to(viewer):
    """Stories ``viewer`` may read (the post's own audience rule)."""
    return Post.objects.visible_to(viewer).filter(kind=Post.Kind.STORY)


def featured_stories(viewer, *, limit: int = 3) -> list[Post]:
    """Stories community managers featured, for the purpose page."""
    return list(
        stories_visible_to(viewer)
        .filter(featured=True)
        .select_related("author__profile", "promise")
        .order_by("-created_at")[:limit]
    )


def stories_about(viewer, *, signal=None, reflection_round=None, limit: int = 10):
    """Stories linked to a signal or a reflection round that ``viewer`` may read
    (the caller has checked the viewer may see the signal or round itself)."""
    links = StoryLink.objects.all()
    if signal is not None:
        links = links.filter(signal=signal)
    if reflection_round is not None:
        links = links.filter(round=reflection_round)
    return list(
        stories_visible_to(viewer)
        .filter(pk__in=links.values("post_id"))
        .select_related("author__profile")
        .order_by("-created_at")[:limit]
    )
