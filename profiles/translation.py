"""Which people fields exist in Dutch and English (django-modeltranslation).

Each registered field gets ``<field>_en`` and ``<field>_nl`` columns; reading
``<field>`` gives the active language's value, falling back to the other
(``MODELTRANSLATION_FALLBACK_LANGUAGES``). Why this library: docs/bilingual-taxonomy.md.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Competence, Network, Role


@register(Competence)
class CompetenceTranslation(TranslationOptions):
    fields = ("name", "description")
    # A missing name is NULL, not "": the per-language columns stay unique.
    empty_values = {"name": None}


@register(Role)
class RoleTranslation(TranslationOptions):
    fields = ("name", "description")
    empty_values = {"name": None}


@register(Network)
class NetworkTranslation(TranslationOptions):
    fields = ("name", "description")
