"""Template helpers for roadmap pages."""

from django import template

from roadmaps.views import change_title as title

register = template.Library()


@register.simple_tag
def change_title(change) -> str:
    return title(change)
