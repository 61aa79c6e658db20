# Canadian English: "November 26, 2026"; numeric dates stay ISO like the French side.
DATE_FORMAT = "F j, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "F j, Y, H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
