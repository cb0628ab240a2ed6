# Arabic (right to left, Western digits as used in Germany): "25 نوفمبر 2026", "25/11/2026", "18:00".
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
SHORT_DATETIME_FORMAT = "d/m/Y، H:i"
