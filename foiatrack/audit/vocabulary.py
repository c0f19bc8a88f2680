"""The audit's fixed vocabulary: column roles, resolutions, flag codes and severities.

These strings are a contract: they are stored in the database, shown to users, and
returned by `audit_file --json` and the API. Add values; never rename one.
"""

# Column roles inferred by the audit (admins may correct them).
ROLE_CHOICES = [
    ("record_id", "Record ID"),
    ("event_number", "Event / CAD number"),
    ("report_number", "Report (RD) number"),
    ("arrest_number", "Arrest (CB) number"),
    ("case_number", "Case number"),
    ("booking_number", "Booking number"),
    ("timestamp", "Date and time"),
    ("date", "Date"),
    ("time", "Time of day"),
    ("year", "Year"),
    ("month", "Month"),
    ("weekday", "Day of week"),
    ("address", "Street address"),
    ("block", "Block"),
    ("latitude", "Latitude"),
    ("longitude", "Longitude"),
    ("x_coordinate", "X coordinate"),
    ("y_coordinate", "Y coordinate"),
    ("beat", "Beat"),
    ("district", "District"),
    ("ward", "Ward"),
    ("community_area", "Community area"),
    ("zip_code", "ZIP code"),
    ("event_type", "Event / call type"),
    ("offense_type", "Offense / charge type"),
    ("disposition", "Disposition"),
    ("sentence", "Sentence"),
    ("count", "Count (aggregate)"),
    ("person_name", "Person's name"),
    ("date_of_birth", "Date of birth"),
    ("other", "Other"),
    # Added for real agency exports (issue 13); appended so stored codes keep their meaning.
    ("reference_number", "Reference number (unlabelled key)"),
    ("neighborhood", "Neighbourhood"),
    ("city", "City"),
    ("state", "State"),
    ("premise_type", "Type of place (premise)"),
    ("age", "Age"),
    ("sex", "Sex / gender"),
    ("race", "Race / ethnicity"),
]
ROLES = [code for code, _ in ROLE_CHOICES]

# The roles grouped as a data admin looks for them in the role picker: every role once
# (tests/received/test_admin_feedback.py checks it).
ROLE_GROUPS = {
    "Identifiers": [
        "record_id",
        "event_number",
        "report_number",
        "arrest_number",
        "case_number",
        "booking_number",
        "reference_number",
    ],
    "When": ["timestamp", "date", "time", "year", "month", "weekday"],
    "Where": [
        "address",
        "block",
        "latitude",
        "longitude",
        "x_coordinate",
        "y_coordinate",
        "beat",
        "district",
        "ward",
        "community_area",
        "neighborhood",
        "zip_code",
        "city",
        "state",
        "premise_type",
    ],
    "What happened": ["event_type", "offense_type", "disposition", "sentence", "count"],
    "Who (demographics)": ["age", "sex", "race"],
    "People (personal data)": ["person_name", "date_of_birth"],
    "Other": ["other"],
}

# Roles that identify a record and may be shared with another pipeline stage.
LINK_KEY_ROLES = [
    "event_number",
    "report_number",
    "arrest_number",
    "case_number",
    "booking_number",
    "reference_number",  # a unique code found from values in a file with no header
]
ID_ROLES = ["record_id", *LINK_KEY_ROLES]
PERSONAL_ROLES = ["person_name", "date_of_birth"]

GRANULARITY_CHOICES = [("record", "Record-level"), ("aggregate", "Aggregated only")]

# Finest first.
TIME_RESOLUTION_CHOICES = [
    ("timestamp", "Date and time"),
    ("date", "Date"),
    ("month", "Month"),
    ("year", "Year"),
    ("weekday", "Day of week only"),
    ("none", "No time"),
]
GEO_RESOLUTION_CHOICES = [
    ("point", "Point (latitude/longitude)"),
    ("address", "Street address"),
    ("block", "Block"),
    ("beat", "Beat"),
    ("district", "District / ward / area"),
    ("city", "Whole jurisdiction"),
    ("none", "No location"),
]

SEVERITY_CHOICES = [("high", "High"), ("medium", "Medium"), ("low", "Low")]

FLAG_CHOICES = [
    ("NO_RECORD_ID", "No record ID"),
    ("NO_INCIDENT_LINK", "No ID that another stage uses"),
    ("NO_LOCATION", "No location"),
    ("COARSE_LOCATION", "Coarse location"),
    ("AGGREGATED_ONLY", "Aggregated only"),
    ("COARSE_TIME", "Coarse time"),
    ("MISSING_PERIODS", "Missing periods"),
    ("MISSING_AREAS", "Missing areas"),
    ("HIGH_NULL_KEY", "Key column mostly empty"),
    ("DUPLICATE_IDS", "Duplicate IDs"),
    ("REDACTED_FIELDS", "Redacted fields"),
    ("PERSONAL_DATA", "Personal data present"),
    ("UNPARSEABLE", "Could not be read"),
    ("SUSPECT_DATES", "Dates far outside the rest"),
    ("SPARSE_LOCATION", "Location mostly missing"),
    ("AREA_PERIOD_HOLES", "Areas missing in some periods"),
    # Raised by a delivery comparison, not by the audit of one table (issue 19).
    ("DEGRADED_DELIVERY", "Worse than the previous delivery"),
    ("RECORDS_SHORTFALL", "Fewer records than the agency's own count"),
]
FLAG_CODES = [code for code, _ in FLAG_CHOICES]
