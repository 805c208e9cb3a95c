"""The purpose's promises in Dutch and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Promise


@register(Promise)
class PromiseTranslation(TranslationOptions):
    fields = ("title", "description")
