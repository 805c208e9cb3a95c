"""English (British order, as the rest of Koers writes): "3 December 2026", "3 Dec 2026"."""

from django.conf.locale.en.formats import *  # noqa: F403 - extend Django's own

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
