"""Date and time formats per language (``FORMAT_MODULE_PATH``), read by Django's ``date`` and
``time`` filters with the format names (``DATE_FORMAT``, ``SHORT_DATE_FORMAT``, ``TIME_FORMAT``,
``SHORT_DATETIME_FORMAT``): German writes "25.11.2026, 18:00 Uhr", the other languages their own
convention. Names not set here come from Django's formats for the language."""
