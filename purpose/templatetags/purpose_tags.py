"""Bottom-up purpose fragments other pages include: a member's teams (home, profile)
and the stories community managers featured (purpose page). Templates load these
by name, so home and profiles need not import purpose."""

from __future__ import annotations

from django import template

from profiles.models import Network

from ..reflections import open_rounds_for, teams_of
from ..stories import featured_stories

register = template.Library()


def _viewer(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("purpose/includes/my_teams.html", takes_context=True)
def my_teams(context):
    """The viewer's teams and the reflections waiting for them."""
    viewer = _viewer(context)
    return {
        "teams": list(teams_of(viewer)),
        "waiting": open_rounds_for(viewer),
    }


@register.inclusion_tag("purpose/includes/profile_teams.html", takes_context=True)
def profile_teams(context, member):
    """``member``'s teams that the viewer may see (the network's audience); the
    team page link only for the viewer's own teams."""
    viewer = _viewer(context)
    teams = list(
        Network.objects.visible_to(viewer)
        .filter(
            is_team=True,
            memberships__user=member,
            memberships__status="active",
        )
        .order_by("name")
    )
    mine = set(teams_of(viewer).values_list("pk", flat=True)) if teams else set()
    return {"teams": teams, "mine": mine}


@register.inclusion_tag("purpose/includes/featured_stories.html", takes_context=True)
def featured_purpose_stories(context):
    return {"stories": featured_stories(_viewer(context))}
