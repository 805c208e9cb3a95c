"""Demo content for the home and purpose pages."""

from datetime import timedelta

from django.utils import timezone
from wagtail.models import PageLogEntry

from intranet.demo import DemoContext

from .services import purpose_page_ensure, site_home

#: Earlier versions of the statement, oldest first: the purpose page's history.
EARLIER_PURPOSES = [
    "<p>Wij leveren goede zorg aan mensen die dat nodig hebben.</p>",
    "<p>Wij maken zorg die mensen verder helpt: dichtbij en samen met cliënten, met "
    "professionals die trots zijn op hun vak.</p>",
]
PURPOSE = (
    "<p>Wij maken zorg die mensen écht verder helpt: dichtbij, samen met cliënten en hun "
    "naasten, en met professionals die trots zijn op hun vak.</p>"
)
#: The three promises, in Dutch and English (the slugs are stable URLs).
PROMISES = [
    {
        "slug": "a-good-life-for-clients",
        "title": "Een goed leven voor cliënten",
        "title_nl": "Een goed leven voor cliënten",
        "title_en": "A good life for clients",
        "description_nl": "Cliënten leiden het leven dat zij kiezen, met zorg die past.",
        "description_en": "Clients lead the life they choose, with care that fits.",
    },
    {
        "slug": "meaningful-work-for-professionals",
        "title": "Betekenisvol werk voor professionals",
        "title_nl": "Betekenisvol werk voor professionals",
        "title_en": "Meaningful work for professionals",
        "description_nl": "Professionals krijgen de ruimte om hun vak te gebruiken.",
        "description_en": "Professionals get the room to practise their craft.",
    },
    {
        "slug": "a-healthy-organisation",
        "title": "Een gezonde organisatie",
        "title_nl": "Een gezonde organisatie",
        "title_en": "A healthy organisation",
        "description_nl": "Gezonde financiën en een gemeenschap die blijft.",
        "description_en": "Sound finances and a community that lasts.",
    },
]
#: The last promise's first wording, before the purpose's third version.
FIRST_HEALTHY = {
    "description_nl": "Gezonde financiën.",
    "description_en": "Sound finances.",
}


def seed(ctx: DemoContext) -> None:
    home = site_home()
    if not home.intro:
        home.title = "Zorgcoöperatie De Koers"
        home.intro = (
            "Samen werken we aan zorg die mensen verder helpt. Hier zie je wat we bereiken, "
            "wie wat kan en waar je kunt bijdragen."
        )
        home.save_revision().publish()
    # A fresh site starts from the first version and publishes the later ones,
    # so the purpose page has a real history.
    first_promises = [*PROMISES[:-1], {**PROMISES[-1], **FIRST_HEALTHY}]
    page = purpose_page_ensure(
        title="Onze bedoeling", statement=EARLIER_PURPOSES[0], promises=first_promises
    )
    _seed_purpose_history(page)


def _seed_purpose_history(page) -> None:
    """Publish the later versions once, then spread their dates over the past year."""
    published = PageLogEntry.objects.filter(page=page, action="wagtail.publish")
    if published.count() != 1 or page.statement != EARLIER_PURPOSES[0]:
        return
    page.statement = EARLIER_PURPOSES[1]
    page.save_revision().publish()
    page = page.specific_class.objects.get(pk=page.pk)
    page.statement = PURPOSE
    promises = list(page.promises.all())
    promises[-1].description_nl = PROMISES[-1]["description_nl"]
    promises[-1].description_en = PROMISES[-1]["description_en"]
    page.promises = promises
    page.save_revision().publish()
    now = timezone.now()
    entries = list(published.order_by("timestamp", "id"))
    for entry, days in zip(entries, [420, 200, 45], strict=False):
        PageLogEntry.objects.filter(pk=entry.pk).update(
            timestamp=now - timedelta(days=days)
        )
