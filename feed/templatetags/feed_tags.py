"""Feed fragments other apps show: kudos on a profile, a network's posts, featured posts."""

from django import template

register = template.Library()


@register.inclusion_tag("feed/includes/profile_kudos.html", takes_context=True)
def profile_kudos(context, profile):
    return {"kudos": [], "profile": profile}


@register.inclusion_tag("feed/includes/network_posts.html", takes_context=True)
def network_posts(context, network):
    return {"posts": [], "network": network}


@register.inclusion_tag("feed/includes/featured_posts.html", takes_context=True)
def featured_posts(context):
    return {"posts": []}
