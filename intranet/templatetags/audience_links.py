"""Links that lead somewhere for this viewer (issue 15: no dead links for anyone).

A person's name, or the title of anything with an audience (a post, a roadmap or item,
a network), links to its page only when the viewer may see that page, as
``intranet.audience.can_see`` decides; otherwise it is plain text. The viewer is the
context's ``viewer`` (a fragment rendered once for an audience: ``least_viewer``), else
the request's user.

    {% load audience_links %}
    {% person post.author class="post-card__author" %}
    {% link_if_visible item item.title url=item.url %}
"""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.html import format_html

from intranet.audience import link_visible_to, visible_profile_url
from intranet.person_names import person_name

register = template.Library()


def viewer_of(context):
    viewer = context.get("viewer")
    if viewer is None:
        request = context.get("request")
        viewer = getattr(request, "user", None) or context.get("user")
    return viewer if viewer is not None else AnonymousUser()


def _tag(href, text, css_class):
    if href:
        if css_class:
            return format_html('<a class="{}" href="{}">{}</a>', css_class, href, text)
        return format_html('<a href="{}">{}</a>', href, text)
    if css_class:
        return format_html('<span class="{}">{}</span>', css_class, text)
    return format_html("{}", text)


@register.simple_tag(takes_context=True)
def person(context, user, text=None, **attrs):
    """A member's name, linked to their profile only if the viewer may see it."""
    if user is None:
        return ""
    href = visible_profile_url(viewer_of(context), user)
    return _tag(
        href, text if text is not None else person_name(user), attrs.get("class")
    )


@register.simple_tag(takes_context=True)
def link_if_visible(context, obj, text, url=None, **attrs):
    """``text`` linked to ``obj`` (at ``url``, or its own address) only if the viewer
    may see ``obj``."""
    if obj is None:
        return _tag("", text, attrs.get("class"))
    href = ""
    if link_visible_to(viewer_of(context), obj):
        href = url or getattr(obj, "url", None) or obj.get_absolute_url()
    return _tag(href, text, attrs.get("class"))
