"""Dutch: "3 december 2026", "3 dec 2026", "3 dec 2026 14:05"."""

from django.conf.locale.nl.formats import *  # noqa: F403 - extend Django's own

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j b Y"  # "b": the lowercase abbreviated month ("dec")
SHORT_DATETIME_FORMAT = "j b Y, H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
TIME_FORMAT = "H:i"
