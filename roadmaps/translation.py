"""Roadmap lanes in Dutch and English (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import RoadmapLane


@register(RoadmapLane)
class RoadmapLaneTranslation(TranslationOptions):
    fields = ("name",)
