# Ukrainian: "25 листопада 2026 р." (month in the genitive, E), "25.11.2026", "18:00".
DATE_FORMAT = r"j E Y \р."
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"j E Y \р., H:i"
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
