# Input formats: German ones in every language (portal/formats/__init__.py).
from portal.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

# German: "25. November 2026", "25.11.2026", "18:00 Uhr".
DATE_FORMAT = "j. F Y"
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = r"H:i \U\h\r"
DATETIME_FORMAT = r"j. F Y, H:i \U\h\r"
SHORT_DATETIME_FORMAT = r"d.m.Y, H:i \U\h\r"

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS", "TIME_INPUT_FORMATS"]
