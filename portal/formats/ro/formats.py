# Romanian: "25 noiembrie 2026" (month in lower case, E: portal/formats/names.py), "25.11.2026", "18:00".
DATE_FORMAT = "j E Y"
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
