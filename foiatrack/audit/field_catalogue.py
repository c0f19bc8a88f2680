"""The fields a request can ask for, per pipeline stage, each mapped to audit column roles.

Plain data (issue 9): the request form offers these fields, letters list them by label, and
the asked-vs-received comparison looks for a column with one of the field's roles in what
came back. A field with `needs_all` is delivered only when every role is present (a point
needs both latitude and longitude).
"""

from dataclasses import dataclass

from .vocabulary import ROLES


@dataclass(frozen=True)
class CatalogueField:
    code: str
    label: str
    roles: tuple[str, ...]
    needs_all: bool = False


FIELDS: dict[str, CatalogueField] = {
    field.code: field
    for field in [
        CatalogueField("event_number", "Event / CAD number", ("event_number",)),
        CatalogueField("report_number", "Report (RD) number", ("report_number",)),
        CatalogueField("arrest_number", "Arrest (CB) number", ("arrest_number",)),
        CatalogueField("booking_number", "Booking number", ("booking_number",)),
        CatalogueField("case_number", "Case number", ("case_number",)),
        CatalogueField("record_id", "Record ID", ("record_id",)),
        CatalogueField("timestamp", "Date and time", ("timestamp", "date")),
        CatalogueField("address", "Address or block", ("address", "block")),
        CatalogueField(
            "latitude_longitude", "Latitude / longitude", ("latitude", "longitude"), True
        ),
        CatalogueField(
            "beat_district", "Beat / district", ("beat", "district", "ward", "community_area")
        ),
        CatalogueField("event_type", "Call / event type", ("event_type",)),
        CatalogueField("offense_code", "Offense / charge code", ("offense_type",)),
        CatalogueField("disposition", "Disposition", ("disposition",)),
        CatalogueField("sentence", "Sentence", ("sentence",)),
    ]
}

# What each stage usually holds, in the order a letter lists them.
STAGE_FIELDS: dict[str, list[str]] = {
    "call": [
        "event_number",
        "timestamp",
        "address",
        "latitude_longitude",
        "beat_district",
        "event_type",
        "disposition",
        "report_number",
    ],
    "report": [
        "report_number",
        "event_number",
        "timestamp",
        "address",
        "latitude_longitude",
        "beat_district",
        "offense_code",
    ],
    "arrest": [
        "arrest_number",
        "report_number",
        "timestamp",
        "address",
        "beat_district",
        "offense_code",
    ],
    "charge": ["case_number", "arrest_number", "timestamp", "offense_code", "disposition"],
    "court": ["case_number", "timestamp", "offense_code", "disposition", "sentence"],
    "jail": ["booking_number", "case_number", "timestamp", "offense_code"],
    "sentence": ["case_number", "timestamp", "offense_code", "sentence"],
}

FIELD_CHOICES = [(field.code, field.label) for field in FIELDS.values()]


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


def check_catalogue() -> None:
    """Raise ValueError if a field names a role the audit does not know (run by tests)."""
    for field in FIELDS.values():
        unknown = [role for role in field.roles if role not in ROLES]
        if unknown:
            raise ValueError(f"{field.code}: unknown roles {unknown}")
    for stage, codes in STAGE_FIELDS.items():
        missing = [code for code in codes if code not in FIELDS]
        if missing:
            raise ValueError(f"{stage}: unknown fields {missing}")
