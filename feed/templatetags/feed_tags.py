"""Feed fragments other apps show: kudos on a profile, a network's posts, featured posts, the bell count."""

from django import template

from feed import cards, composer, events, selectors
from intranet import viewer_state
from intranet.html import plain_text as _plain_text

register = template.Library()


@register.filter
def plain_text(value):
    """The text of member HTML, entities decoded: for text e-mails and titles.

    The result is plain text, not safe HTML: autoescaping escapes it once where it is HTML.
    """
    return _plain_text(value)


@register.simple_tag(takes_context=True)
def post_card_footer(context, post):
    """A card's reactions and links for this viewer (feed/cards.py).

    Everyone gets reaction buttons: a member's react in place; a visitor's press
    asks them to sign up and keeps the reaction until their address is verified
    (feed/contributions.py). Live fragments (``live``) get the token from feed.js.
    """
    request = context.get("request")
    return cards.card_footer(
        post,
        can_react=True,
        csrf_token=context.get("csrf_token"),
        markers=request is not None and viewer_state.filling(request),
    )


CARD_TEMPLATE = "feed/includes/post_card.html"


@register.simple_tag(takes_context=True)
def post_card(context, post):
    """A post's card in a list: ``{% include "feed/includes/post_card.html" %}``
    without the include where the body came from the card cache (feed/cards.py)."""
    if getattr(post, "card_body", None):
        return cards.card_html(post, post_card_footer(context, post))
    with context.push(post=post):
        return context.template.engine.get_template(CARD_TEMPLATE).render(context)


@register.simple_tag
def composer_fields(form):
    """The composer's fields, rendered once per language and choices (feed/composer.py)."""
    return composer.composer_fields(form)


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
def feed_cursor() -> int:
    """The live-feed cursor when the page was rendered: feed.js resumes from it."""
    return events.current_cursor()
