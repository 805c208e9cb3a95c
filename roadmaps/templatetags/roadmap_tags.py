"""Template helpers for roadmap pages."""

from django import template

register = template.Library()


@register.simple_tag
def change_title(change) -> str:
    from roadmaps.views import change_title as title

    return title(change)
