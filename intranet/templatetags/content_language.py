"""``lang`` on content written in another language than the page (intranet/language.py)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def lang_attr(language):
    """' lang="nl"' when ``language`` is set and differs from the page's, else ''."""
    page = (get_language() or "").split("-")[0]
    if not language or language == page:
        return ""
    return format_html(' lang="{}"', language)
