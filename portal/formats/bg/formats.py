# Input formats: German ones in every language (portal/formats/__init__.py).
from portal.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

# Bulgarian: "25 ноември 2026 г." (month in lower case, E: portal/formats/names.py), "25.11.2026 г.", "18:00 ч."
DATE_FORMAT = r"j E Y \г."
SHORT_DATE_FORMAT = r"d.m.Y \г."
TIME_FORMAT = r"H:i \ч."
DATETIME_FORMAT = r"j E Y \г., H:i \ч."
SHORT_DATETIME_FORMAT = r"d.m.Y \г., H:i \ч."

__all__ = ["DATE_INPUT_FORMATS", "DATETIME_INPUT_FORMATS", "TIME_INPUT_FORMATS"]
