"""Infer each column's role from its header name, then check and refine it with its values."""

import re

from .distinct import HLL_RELATIVE_ERROR
from .profiling import ColumnProfiler
from .vocabulary import ID_ROLES, ROLES

# First match wins, so specific names come before general ones ("date of birth" before "date").
_NAME_RULES: list[tuple[str, str]] = [
    (r"^(dob|date of birth|birth ?date|birth dt|birthday)$", "date_of_birth"),
    (
        r"^((first|last|middle|full|given|sur|defendant|inmate|arrestee|offender|subject|person|"
        r"victim)( ?name)?|name|surname|defendant|inmate name)$",
        "person_name",
    ),
    (
        r"^(rd|rd no|rd number|rd num|report no|report number|report num|police report( number)?"
        r"|report id)$",
        "report_number",
    ),
    (
        r"^(cb|cb no|cb number|arrest no|arrest number|arrest id|central booking number)$",
        "arrest_number",
    ),
    (
        r"^(event|event no|event number|event num|event id|cad|cad no|cad number|cad event"
        r"( number)?|incident no|incident number|incident num|incident id|inci no|call no|"
        r"call number|call id|cfs no|cfs number)$",
        "event_number",
    ),
    (
        r"^(booking|booking no|booking number|booking id|book no|booking num|jail booking number)$",
        "booking_number",
    ),
    (
        r"^(case|case no|case number|case num|case id|docket|docket no|docket number|"
        r"court case number)$",
        "case_number",
    ),
    (
        r"^(id|record id|row id|objectid|object id|unique id|uid|(case )?participant id|"
        r"person id|charge id)$",
        "record_id",
    ),
    (r"^(.* )?(datetime|date time|date and time|timestamp|date ?/ ?time)$", "timestamp"),
    (r"^(.* )?(date|dt)$|^date( .*)?$", "date"),
    (r"^(.* )?time$", "time"),
    (r"^(year|yr|calendar year|fiscal year|(.* )year)$", "year"),
    (r"^(month|mo|(.* )month)$", "month"),
    (r"^(weekday|day of week|dow|day of the week|day)$", "weekday"),
    (r"^(latitude|lat|(.* )latitude)$", "latitude"),
    (r"^(longitude|lon|long|lng|(.* )longitude)$", "longitude"),
    (r"^(x|x coordinate|x coord|xcoord)$", "x_coordinate"),
    (r"^(y|y coordinate|y coord|ycoord)$", "y_coordinate"),
    (r"^((.* )?block|hundred block|block address)$", "block"),
    (r"^((.* )?address|addr|street|location|incident location|call location)$", "address"),
    (r"^((police )?beat|beat of occurrence)$", "beat"),
    (r"^(community area|community area number|community)$", "community_area"),
    (r"^((.* )?ward)$", "ward"),
    (
        r"^((police )?district|dist|precinct|police area|aldermanic district|sector|"
        r"district number)$",
        "district",
    ),
    (r"^(zip|zip code|zipcode|postal code)$", "zip_code"),
    (
        r"^(count|counts|calls|number of calls|total|total calls|n|frequency|incidents|sum|"
        r"events|number of events|(.* )count|count of .*|(.* )calls)$",
        "count",
    ),
    (
        r"^(primary type|offense|offense type|offense description|iucr|fbi code|charge|"
        r"charges|charge description|statute|offense category|primary charge|crime type|"
        r"(.* )charge|(.* )offense( title| category)?|updated offense category)$",
        "offense_type",
    ),
    (
        r"^(type|event type|call type|nature|nature of call|final call type|initial type|"
        r"initial call type|incident type|event description|call description|type description|"
        r"type code|event code|call nature)$",
        "event_type",
    ),
    (r"^((.* )?disposition( .*)?)$", "disposition"),
    (r"^((.* )?sentence( .*)?|commitment (term|type|unit))$", "sentence"),
]
_COMPILED = [(re.compile(pattern), role) for pattern, role in _NAME_RULES]
RD_NUMBER = re.compile(r"^[A-Za-z]{1,2}-?\d{5,6}$")
POINT_TEXT = re.compile(r"^(\(|point\s*\()", re.IGNORECASE)
ID_TEXT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/]{3,}$")


def normalise_name(name: str) -> str:
    """Lower case, "#" read as "no", punctuation and underscores as spaces."""
    text = name.lower().replace("#", " no ")
    text = re.sub(r"[^a-z0-9/]+", " ", text)
    return " ".join(text.split())


def role_from_name(name: str) -> str | None:
    """The role a header name suggests, or None."""
    normalised = normalise_name(name)
    for pattern, role in _COMPILED:
        if pattern.match(normalised):
            return role
    return None


def infer_role(profiler: ColumnProfiler) -> str:
    """The column's role: its name's suggestion, checked against its values."""
    inferred_type = profiler.types.inferred_type()
    role = role_from_name(profiler.name)
    if role is None:
        return _role_from_values(profiler, inferred_type)
    return _checked(role, profiler, inferred_type)


def apply_overrides(inferred: dict[str, str], overrides: dict[str, str] | None) -> dict[str, str]:
    """Inferred roles with an admin's corrections applied (unknown roles are refused)."""
    roles = dict(inferred)
    for column, role in (overrides or {}).items():
        if role not in ROLES:
            raise ValueError(f"Unknown role {role!r} for column {column!r}.")
        if column in roles:
            roles[column] = role
    return roles


def _checked(role: str, profiler: ColumnProfiler, inferred_type: str) -> str:
    if role in ("date", "timestamp") and inferred_type in ("date", "timestamp"):
        return inferred_type
    if role == "case_number" and _examples_match(profiler, RD_NUMBER):
        return "report_number"
    if role == "address" and _examples_match(profiler, POINT_TEXT):
        return "other"  # "(41.88, -87.62)" or "POINT (...)": a point written as text
    if role == "count" and inferred_type not in ("integer", "number", "empty"):
        return "other"
    if role == "year" and inferred_type == "integer":
        low, high = profiler.types.number_min, profiler.types.number_max
        return "year" if low is not None and low >= 1900 and high <= 2100 else "other"
    return role


def _role_from_values(profiler: ColumnProfiler, inferred_type: str) -> str:
    if inferred_type in ("date", "timestamp"):
        return inferred_type
    if _examples_match(profiler, RD_NUMBER) and _mostly_unique(profiler):
        return "report_number"
    if inferred_type in ("integer", "text") and _is_id_like(profiler):
        return "record_id"
    return "other"


def _examples_match(profiler: ColumnProfiler, pattern: re.Pattern) -> bool:
    return bool(profiler.examples) and all(pattern.match(v) for v in profiler.examples)


def _mostly_unique(profiler: ColumnProfiler) -> bool:
    return profiler.present >= 20 and profiler.distinct.count() >= 0.9 * profiler.present


def _is_id_like(profiler: ColumnProfiler) -> bool:
    if profiler.present < 20 or profiler.null_count > profiler.present:
        return False
    # An estimated count (past the exact bound) is only within its error of the truth.
    slack = 0 if profiler.distinct.is_exact else 3 * HLL_RELATIVE_ERROR * profiler.present
    if profiler.distinct.count() < profiler.present - slack:
        return False
    return _examples_match(profiler, ID_TEXT) and any(
        any(c.isdigit() for c in value) for value in profiler.examples
    )


def is_id_role(role: str | None) -> bool:
    """True for roles that identify a record."""
    return role in ID_ROLES
