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
    # The catalogue's richer fields (issue 22): times of a call's life, what happened, who.
    ("dispatch_time", "Time dispatched"),
    ("arrival_time", "Time arrived"),
    ("clear_time", "Time cleared"),
    ("response_time", "Response time"),
    ("arrest_time", "Date and time of arrest"),
    ("admission_date", "Admission date"),
    ("release_date", "Projected release date"),
    ("parole_date", "Parole date"),
    ("discharge_date", "Discharge date"),
    ("disposition_date", "Disposition date"),
    ("appearance_date", "Court appearance date"),
    ("cross_street", "Cross street / location remarks"),
    ("service_beat", "Service beat"),
    ("location_type", "Kind of place"),
    ("housing", "Housing division"),
    ("county", "County"),
    ("priority", "Priority"),
    ("call_source", "Call source"),
    ("anonymous_caller", "Anonymous caller"),
    ("fire_responding", "Fire / EMS responding"),
    ("action_taken", "Action taken"),
    ("remarks", "Remarks / narrative"),
    ("clearance_code", "Clearance code"),
    ("charge_code", "Charge / statute code"),
    ("charge_description", "Charge description"),
    ("charge_class", "Charge class"),
    ("charge_sequence", "Charge sequence"),
    ("charge_count", "Number of counts"),
    ("initial_charge", "Initial charge"),
    ("amended_charge", "Amended charge"),
    ("fbi_code", "FBI (UCR) code"),
    ("arrest_made", "Arrest made"),
    ("domestic", "Domestic"),
    ("weapon", "Weapon"),
    ("injury", "Injury"),
    ("victim_count", "Number of victims"),
    ("offender_count", "Number of offenders"),
    ("witness_count", "Number of witnesses"),
    ("case_status", "Case status"),
    ("arresting_agency", "Arresting agency"),
    ("judge", "Judge"),
    ("bond", "Bond"),
    ("custody_status", "Custody status"),
    ("prisoner_type", "Prisoner type"),
    ("custody_level", "Custody level"),
    ("sentence_minimum", "Minimum sentence"),
    ("sentence_maximum", "Maximum sentence"),
    ("fine", "Fine"),
    ("race", "Race"),
    ("ethnicity", "Ethnicity"),
    ("sex", "Sex / gender"),
    ("age", "Age"),
    ("age_range", "Age range"),
    ("victim_race", "Victim's race"),
    ("victim_sex", "Victim's sex / gender"),
    ("victim_age", "Victim's age"),
    ("officer_race", "Officer's race"),
    ("officer_sex", "Officer's sex / gender"),
    ("officer_age", "Officer's age"),
    ("officer", "Officer (name or star number)"),
    ("unit", "Unit / assignment"),
    ("inmate_number", "Inmate number"),
    ("other", "Other"),
    # Added for real agency exports (issue 13); appended so stored codes keep their meaning.
    ("reference_number", "Reference number (unlabelled key)"),
    ("neighborhood", "Neighbourhood"),
    ("city", "City"),
    ("state", "State"),
    ("premise_type", "Type of place (premise)"),
    # age, sex and race (issue 13) are listed with the other demographic roles above.
]
ROLES = [code for code, _ in ROLE_CHOICES]

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
PERSONAL_ROLES = ["person_name", "date_of_birth", "officer", "inmate_number", "remarks"]
# Demographic roles: profiled by category and share for the public gap report.
DEMOGRAPHIC_ROLES = [
    "race",
    "ethnicity",
    "sex",
    "age",
    "age_range",
    "victim_race",
    "victim_sex",
    "victim_age",
    "officer_race",
    "officer_sex",
    "officer_age",
]

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
]
FLAG_CODES = [code for code, _ in FLAG_CHOICES]
