"""The composer's fields, rendered once per language and set of choices.

The composer (PostForm) on top of the feed is a dozen fields, three of them
selects, rendered through Django's form templates: one template per field, its
widget, and one per option. That was a sixth of a signed-in feed page's CPU,
and the markup of an empty composer is the same for everyone with the same
choices (kinds, audiences and networks, roadmap items, promises) in the same
language. So it is kept in this process, keyed by exactly those inputs: the
same inputs give the same markup, and anything that changes them (a new
network, a renamed item, another language) gives another key. A form with data
or errors is rendered as usual. The CSRF token is outside the fields.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

FIELDS_TEMPLATE = "feed/includes/composer_fields.html"
#: Distinct composers kept; a full store is emptied (it refills on its own).
MAX_KEPT = 256
_rendered: dict[tuple, str] = {}


def _choices_key(choices) -> tuple:
    """Choices as plain strings (grouped choices nested), lazy labels translated."""
    return tuple(
        (str(value), _choices_key(label))
        if isinstance(label, list | tuple)
        else (str(value), str(label))
        for value, label in choices
    )


def _key(form) -> tuple:
    return (
        get_language(),
        form.prefix,
        form.auto_id,
        tuple(
            (
                name,
                str(form.get_initial_for_field(field, name)),
                _choices_key(getattr(field, "choices", ())),
            )
            for name, field in form.fields.items()
        ),
    )


def composer_fields(form) -> str:
    """The composer's fields as HTML: from this process's store when the form is
    empty (unbound), rendered afresh when it carries data or errors."""
    if form.is_bound:
        return render_to_string(FIELDS_TEMPLATE, {"form": form})
    key = _key(form)
    html = _rendered.get(key)
    if html is None:
        html = render_to_string(FIELDS_TEMPLATE, {"form": form})
        if len(_rendered) >= MAX_KEPT:
            _rendered.clear()
        _rendered[key] = html
    return mark_safe(html)  # noqa: S308 - our own template's output
