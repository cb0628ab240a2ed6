"""Date and time formats per language (``FORMAT_MODULE_PATH``).

Display: read by Django's ``date`` and ``time`` filters with the format names (``DATE_FORMAT``,
``SHORT_DATE_FORMAT``, ``TIME_FORMAT``, ``SHORT_DATETIME_FORMAT``) from each language's
``formats.py``: German writes "25.11.2026, 18:00 Uhr", the other languages their own convention.
Names not set there come from Django's formats for the language.

Input: people type dates as they write them, ``25.11.2026 18:00``, ``25.11.2026, 18:00`` or
``01.12.2026``, whatever the language of the page; ISO dates (``2026-11-25 18:00``, what browsers'
date inputs send) are always accepted too. Every language's module takes these lists.
"""

DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # 25.11.2026
    "%d.%m.%y",  # 25.11.26
    "%Y-%m-%d",  # 2026-11-25
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # 25.11.2026 18:00
    "%d.%m.%Y, %H:%M",  # 25.11.2026, 18:00
    "%d.%m.%Y %H:%M Uhr",
    "%d.%m.%Y, %H:%M Uhr",
    "%d.%m.%Y %H.%M",  # 25.11.2026 18.00
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%y %H:%M",
    "%d.%m.%y, %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",  # <input type="datetime-local">
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%H:%M Uhr"]
