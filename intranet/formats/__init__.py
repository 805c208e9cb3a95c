"""Date and time formats per language (``FORMAT_MODULE_PATH``).

Templates and code name a format (``|date:"SHORT_DATE_FORMAT"``,
``date_format(d, "DATE_FORMAT")``), never a pattern, so a date reads
"3 dec 2026" in Dutch and "3 Dec 2026" in English. Django's Dutch formats
have no abbreviated month (``SHORT_DATE_FORMAT`` is "j-n-Y"), and its English
ones are American ("Dec. 3, 2026"); these keep Django's other settings.
"""
