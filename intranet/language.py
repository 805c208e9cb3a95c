"""The language a piece of content is written in (issue 16, WCAG 3.1.2 language of parts).

Posts, comments, item comments, ideas and purpose proposals store it: chosen in the
composer where it offers the choice, else the interface language at the time of writing.
A page shows it as ``lang`` on the content when it differs from the page's language
(``{% load content_language %}<div{{ post.language|lang_attr }}>``). Rows written before
the field existed have none and inherit the page's language.
"""

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def current_language() -> str:
    """The interface language now, as one of settings.LANGUAGES ('en', 'nl')."""
    code = (get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    known = {code for code, _name in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE


def content_language(chosen: str = "") -> str:
    """The language chosen in a composer if it is one we know, else the UI language."""
    known = {code for code, _name in settings.LANGUAGES}
    return chosen if chosen in known else current_language()


def language_choice_field():
    """The composer's "written in" select, defaulting to the interface language."""
    return forms.ChoiceField(
        label=_("Written in"),
        choices=settings.LANGUAGES,
        required=False,
        initial=current_language,
        help_text=_("Screen readers read it out in this language."),
    )


class ContentLanguageField(models.CharField):
    """A content language: one of settings.LANGUAGES, the UI language by default."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", _("language"))
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("choices", settings.LANGUAGES)
        kwargs.setdefault("default", current_language)
        super().__init__(*args, **kwargs)


def translated(lookup: str):
    """A bilingual (django-modeltranslation) field reached through a relation, in the
    viewer's language with the other as fallback, as an expression for ``values()``
    and ``annotate()``: ``translated("tag__name")``. modeltranslation rewrites
    ``.name`` on the model itself, not a lookup through a relation such as
    ``tag__name``, which reads the untranslated column."""
    first = current_language()
    others = [code for code, _name in settings.LANGUAGES if code != first]
    return Coalesce(
        *(NullIf(F(f"{lookup}_{code}"), Value("")) for code in [first, *others]),
        F(lookup),
        output_field=models.CharField(),
    )
