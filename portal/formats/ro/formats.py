# Input formats: German ones in every language (portal/formats/__init__.py).
from portal.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

# Romanian: "25 noiembrie 2026" (month in lower case, E: portal/formats/names.py), "25.11.2026", "18:00".
DATE_FORMAT = "j E Y"
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS", "TIME_INPUT_FORMATS"]
