"""The fields a request can ask for, per pipeline stage, each mapped to audit column roles.

Plain data, no Django. Each field has a code (stored on requests: never rename one), a label
in plain words, the stages whose records carry it, the column roles that deliver it and
whether it is personal (names, exact home address, dates of birth, personal ID numbers), so
that publication rules can follow it. The request form offers these fields grouped by stage,
letters list them by label, and the asked-vs-received comparison, the availability tiers and
the follow-up letters look for a column with one of the field's roles in what came back. A
field with `needs_all` is delivered only when every role is present (a point needs both
latitude and longitude).

The fields follow what the advocates' own inventories list per stage (Smart Chicago's "Crime
and Punishment in Chicago": calls, incident reports, arrests, court, jail, prison).
"""

from dataclasses import dataclass

from .vocabulary import ROLES

CALL, REPORT, ARREST, CHARGE, COURT, JAIL, SENTENCE, PRISON = (
    "call",
    "report",
    "arrest",
    "charge",
    "court",
    "jail",
    "sentence",
    "prison",
)


@dataclass(frozen=True)
class CatalogueField:
    code: str
    label: str
    roles: tuple[str, ...]
    stages: tuple[str, ...] = ()
    personal: bool = False
    needs_all: bool = False


def _field(code, label, roles, stages, *, personal=False, needs_all=False) -> CatalogueField:
    roles = (roles,) if isinstance(roles, str) else tuple(roles)
    return CatalogueField(code, label, roles, tuple(stages), personal, needs_all)


# In the order a letter lists them within a stage: identifiers, time, place, what, who.
_FIELD_LIST: list[CatalogueField] = [
    # --- Identifiers that link one stage to the next -------------------------------------
    _field("event_number", "Event / CAD number", "event_number", [CALL, REPORT]),
    _field("report_number", "Report (RD) number", "report_number", [CALL, REPORT, ARREST]),
    _field("arrest_number", "Arrest (CB) number", "arrest_number", [ARREST, CHARGE, JAIL]),
    _field("booking_number", "Booking number", "booking_number", [JAIL]),
    _field(
        "case_number",
        "Case number",
        "case_number",
        [CHARGE, COURT, JAIL, SENTENCE, PRISON],
    ),
    _field("record_id", "Record ID", "record_id", []),
    _field(
        "inmate_number",
        "Inmate (department of corrections) number",
        "inmate_number",
        [PRISON],
        personal=True,
    ),
    # --- Time ----------------------------------------------------------------------------
    _field(
        "timestamp",
        "Date and time",
        ("timestamp", "date"),
        [CALL, REPORT, ARREST, CHARGE, COURT, JAIL, SENTENCE],
    ),
    _field("time_dispatched", "Time a unit was dispatched", "dispatch_time", [CALL]),
    _field("time_arrived", "Time a unit arrived", "arrival_time", [CALL]),
    _field("time_cleared", "Time the call was cleared", "clear_time", [CALL]),
    _field(
        "response_time",
        "Response time (received to arrival)",
        ("response_time", "arrival_time"),
        [CALL],
    ),
    _field("arrest_datetime", "Date and time of arrest", "arrest_time", [JAIL]),
    _field("admission_date", "Admission date", "admission_date", [PRISON]),
    _field("projected_release_date", "Projected release date", "release_date", [PRISON]),
    _field("parole_date", "Parole date", "parole_date", [PRISON]),
    _field("discharge_date", "Discharge date", "discharge_date", [PRISON]),
    # --- Place ---------------------------------------------------------------------------
    _field("address", "Address or block", ("address", "block"), [CALL, REPORT, ARREST]),
    _field("cross_street", "Cross street and location remarks", "cross_street", [CALL]),
    _field(
        "latitude_longitude",
        "Latitude / longitude",
        ("latitude", "longitude"),
        [CALL, REPORT],
        needs_all=True,
    ),
    _field(
        "beat_district",
        "Beat / district",
        ("beat", "district", "ward", "community_area"),
        [CALL, REPORT, ARREST],
    ),
    _field("service_beat", "Beat of the unit that served the call", "service_beat", [CALL]),
    _field("ward", "Ward", "ward", [REPORT]),
    _field("community_area", "Community area", "community_area", [REPORT]),
    _field("location_description", "Kind of place (street, residence…)", "premise_type", [REPORT]),
    _field("housing_division", "Jail housing division", "housing", [JAIL]),
    _field("commitment_county", "County that committed the person", "county", [PRISON]),
    # --- What happened -------------------------------------------------------------------
    _field("event_type", "Call / event type", "event_type", [CALL]),
    _field("priority", "Call priority", "priority", [CALL]),
    _field("call_source", "How the call came in (911, alarm, officer…)", "call_source", [CALL]),
    _field("anonymous_caller", "Whether the caller was anonymous", "anonymous_caller", [CALL]),
    _field("fire_responding", "Whether fire or EMS also responded", "fire_responding", [CALL]),
    _field("actions", "Actions the units took", "action_taken", [CALL]),
    _field("remarks", "Call remarks (narrative)", "remarks", [CALL], personal=True),
    _field(
        "offense_code",
        "Offense / charge code",
        ("offense_type", "charge_code"),
        [REPORT, ARREST, CHARGE, COURT, JAIL, SENTENCE],
    ),
    _field(
        "offense_description",
        "Offense / charge description",
        "charge_description",
        [ARREST, CHARGE, COURT],
    ),
    _field("fbi_code", "FBI (UCR) offense code", "fbi_code", [REPORT]),
    _field("arrest_made", "Whether an arrest was made", "arrest_made", [REPORT]),
    _field("domestic", "Whether the incident was domestic", "domestic", [REPORT]),
    _field("weapon", "Weapon", "weapon", [REPORT]),
    _field("injury", "Injury", "injury", [REPORT]),
    _field("complainant_count", "Number of complainants / victims", "victim_count", [REPORT]),
    _field("offender_count", "Number of offenders", "offender_count", [REPORT]),
    _field("witness_count", "Number of witnesses", "witness_count", [REPORT]),
    _field(
        "disposition",
        "Disposition / clearance code",
        ("disposition", "clearance_code"),
        [CALL, CHARGE, COURT],
    ),
    _field(
        "charge_sequence",
        "Charge sequence (which charge of the case)",
        "charge_sequence",
        [CHARGE, COURT],
    ),
    _field(
        "charge_class",
        "Charge class (felony class, misdemeanour)",
        "charge_class",
        [CHARGE, COURT, PRISON],
    ),
    _field("initial_charge", "Initial charge", "initial_charge", [CHARGE, COURT]),
    _field("amended_charge", "Amended charge", "amended_charge", [COURT]),
    _field("disposition_date", "Disposition date", "disposition_date", [COURT]),
    _field("offense_count", "Number of counts", "charge_count", [PRISON]),
    _field("case_status", "Current case status", "case_status", [COURT]),
    _field("latest_appearance", "Latest court appearance", "appearance_date", [COURT]),
    _field("arresting_agency", "Arresting agency", "arresting_agency", [COURT]),
    _field("judge", "Judge", "judge", [COURT]),
    _field("bond", "Bond type and amount", "bond", [JAIL, COURT]),
    _field("custody_status", "Custody status (sentenced, pretrial)", "custody_status", [JAIL]),
    _field("prisoner_type", "Prisoner type", "prisoner_type", [JAIL]),
    _field("custody_level", "Custody (security) level", "custody_level", [JAIL, PRISON]),
    _field("sentence", "Sentence", "sentence", [COURT, SENTENCE, PRISON]),
    _field("sentence_minimum", "Minimum sentence imposed", "sentence_minimum", [SENTENCE]),
    _field("sentence_maximum", "Maximum sentence imposed", "sentence_maximum", [SENTENCE]),
    _field("fine", "Fine imposed", "fine", [SENTENCE]),
    # --- Who: the people in the record ---------------------------------------------------
    _field("subject_race", "Race of the person", "race", [ARREST, JAIL, COURT, PRISON]),
    _field("subject_ethnicity", "Ethnicity of the person", "ethnicity", [ARREST, JAIL]),
    _field("subject_sex", "Sex / gender of the person", "sex", [ARREST, JAIL, COURT, PRISON]),
    _field("subject_age", "Age of the person", ("age", "age_range"), [ARREST, JAIL, COURT, PRISON]),
    _field("complainant_race", "Complainant's race", "victim_race", [REPORT]),
    _field("complainant_sex", "Complainant's sex / gender", "victim_sex", [REPORT]),
    _field("complainant_age", "Complainant's age", "victim_age", [REPORT]),
    _field("officer_race", "Responding officers' race", "officer_race", [REPORT, ARREST]),
    _field("officer_sex", "Responding officers' sex / gender", "officer_sex", [REPORT, ARREST]),
    _field("officer_age", "Responding officers' age", "officer_age", [REPORT, ARREST]),
    _field(
        "officer_assignment",
        "Responding officers' unit or assignment",
        "unit",
        [CALL, REPORT, ARREST],
    ),
    _field("person_name", "Names of the people involved", "person_name", [], personal=True),
    _field("date_of_birth", "Dates of birth", "date_of_birth", [], personal=True),
]

FIELDS: dict[str, CatalogueField] = {field.code: field for field in _FIELD_LIST}
STAGE_ORDER = [CALL, REPORT, ARREST, CHARGE, COURT, JAIL, SENTENCE, PRISON]
# What each stage usually holds, in the order a letter lists them.
STAGE_FIELDS: dict[str, list[str]] = {
    stage: [field.code for field in _FIELD_LIST if stage in field.stages] for stage in STAGE_ORDER
}
FIELD_CHOICES = [(field.code, field.label) for field in _FIELD_LIST]
PERSONAL_FIELDS = [field.code for field in _FIELD_LIST if field.personal]


def fields_for_stages(stages: list[str]) -> list[str]:
    """The catalogue's fields for these stage codes, each once, in stage order."""
    found: list[str] = []
    for stage in stages:
        for code in STAGE_FIELDS.get(stage, []):
            if code not in found:
                found.append(code)
    return found


def field_label(code: str) -> str:
    """A field's label; an unknown code is shown as given rather than dropped."""
    field = FIELDS.get(code)
    return field.label if field else code


def fields_for_role(role: str) -> list[str]:
    """The codes of the fields that a column with this role delivers."""
    return [field.code for field in _FIELD_LIST if role in field.roles]


def catalogue_as_dict() -> dict:
    """The catalogue as `manage.py field_catalogue --json` prints it, stage by stage."""
    return {
        "stages": {
            stage: [
                {
                    "code": code,
                    "label": FIELDS[code].label,
                    "roles": list(FIELDS[code].roles),
                    "personal": FIELDS[code].personal,
                }
                for code in codes
            ]
            for stage, codes in STAGE_FIELDS.items()
        }
    }


def check_catalogue() -> None:
    """Raise ValueError if a field names a role or stage the audit does not know."""
    for field in FIELDS.values():
        unknown = [role for role in field.roles if role not in ROLES]
        if unknown:
            raise ValueError(f"{field.code}: unknown roles {unknown}")
        strange = [stage for stage in field.stages if stage not in STAGE_ORDER]
        if strange:
            raise ValueError(f"{field.code}: unknown stages {strange}")
