# Input formats: German ones in every language (portal/formats/__init__.py).
from portal.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

# Ukrainian: "25 листопада 2026 р." (month in the genitive, E), "25.11.2026", "18:00".
DATE_FORMAT = r"j E Y \р."
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j E Y \р., H:i"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS", "TIME_INPUT_FORMATS"]
