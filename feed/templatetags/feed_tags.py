"""Feed fragments other apps show: kudos on a profile, a network's posts, featured posts, the bell count."""

from django import template

from feed import selectors

register = template.Library()


def _viewer(context):
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("feed/includes/profile_kudos.html", takes_context=True)
def profile_kudos(context, profile):
    return {
        "kudos": selectors.profile_kudos(profile, _viewer(context)),
        "profile": profile,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("feed/includes/network_posts.html", takes_context=True)
def network_posts(context, network):
    return {
        "posts": selectors.network_posts(network, _viewer(context)),
        "network": network,
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.inclusion_tag("feed/includes/featured_posts.html", takes_context=True)
def featured_posts(context):
    return {
        "posts": selectors.featured_posts(_viewer(context)),
        "user": context.get("user"),
        "csrf_token": context.get("csrf_token"),
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    return selectors.unread_count(_viewer(context))


@register.simple_tag
def last_feed_event_id() -> int:
    """The newest live event id when the page was rendered: feed.js resumes from it."""
    from feed.models import FeedEvent

    return FeedEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
