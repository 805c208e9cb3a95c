"""Demo content for the home and purpose pages."""

from intranet.demo import DemoContext

from .services import purpose_page_ensure, site_home

PURPOSE = (
    "<p>Wij maken zorg die mensen écht verder helpt: dichtbij, samen met cliënten en hun "
    "naasten, en met professionals die trots zijn op hun vak.</p>"
)
PROMISES = [
    (
        "Een goed leven voor cliënten",
        "Clients live the life they choose, with care that fits.",
    ),
    (
        "Betekenisvol werk voor professionals",
        "Professionals have room to use their craft.",
    ),
    ("Een gezonde organisatie", "Sound finances and a community that lasts."),
]


def seed(ctx: DemoContext) -> None:
    home = site_home()
    if not home.intro:
        home.title = "Zorgcoöperatie De Koers"
        home.intro = (
            "Samen werken we aan zorg die mensen verder helpt. Hier zie je wat we bereiken, "
            "wie wat kan en waar je kunt bijdragen."
        )
        home.save_revision().publish()
    purpose_page_ensure(title="Onze bedoeling", statement=PURPOSE, promises=PROMISES)
