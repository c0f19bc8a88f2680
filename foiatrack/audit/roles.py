"""Infer each column's role from its header name, then check and refine it with its values."""

import re

from . import demographic_values, personal, value_roles
from .header_roles import header_words, role_from_words
from .profiling import ColumnProfiler
from .vocabulary import ID_ROLES, LINK_KEY_ROLES, ROLES

RD_NUMBER = re.compile(r"^[A-Za-z]{1,2}-?\d{5,6}$")
POINT_TEXT = re.compile(r"^(\(|point\s*\(|\{)", re.IGNORECASE)
_LOCATION_ROLES = ("address", "block")
_FLAG_ROLES = ("arrest_made", "domestic", "anonymous_caller", "fire_responding")
_COUNT_ROLES = ("victim_count", "offender_count", "witness_count", "charge_count")
CODE_TEXT = re.compile(r"^(?=.*\d)[0-9A-Za-z][0-9A-Za-z .()/\-]{0,14}$")
ID_TEXT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/]{3,}$")


def normalise_name(name: str) -> str:
    """The header as lower-case words (CamelCase, snake case and punctuation split)."""
    return header_words(name)


def role_from_name(name: str) -> str | None:
    """The role a header name suggests, or None."""
    return role_from_words(header_words(name))


def infer_roles(profilers: dict[str, ColumnProfiler]) -> dict[str, str]:
    """Every column's role: each on its own, then what only the whole table shows (a city
    beside a state, a birth date among event dates)."""
    inferred = {name: infer_role(profiler) for name, profiler in profilers.items()}
    _city_before_state(inferred, profilers)
    _latitude_beside_longitude(inferred, profilers)
    _birth_dates(inferred, profilers)
    return inferred


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
    if role in LINK_KEY_ROLES + ["record_id"] and inferred_type in ("boolean", "empty"):
        return "other"  # Chicago's `arrest` column says whether, not which
    if role in _LOCATION_ROLES and _examples_match(profiler, POINT_TEXT):
        return "other"  # "(41.88, -87.62)" or "POINT (...)": a point written as text
    if role in _FLAG_ROLES and not demographic_values.yes_no(profiler, inferred_type):
        return "other"  # "Arrest" holding numbers or names is not a yes/no column
    if role in _COUNT_ROLES and inferred_type not in ("integer", "empty"):
        return "other"
    if role == "charge_description" and _examples_match(profiler, CODE_TEXT):
        return "charge_code"  # a bare "Charge" column of statute codes ("1 1415", "720-5/12-3")
    if role == "count" and inferred_type not in ("integer", "number", "empty"):
        return "other"
    if role == "year" and inferred_type == "integer":
        low, high = profiler.types.number_min, profiler.types.number_max
        return "year" if low is not None and low >= 1900 and high <= 2100 else "other"
    return role


def _role_from_values(profiler: ColumnProfiler, inferred_type: str) -> str:
    if _examples_match(profiler, RD_NUMBER) and _mostly_unique(profiler):
        return "report_number"
    return value_roles.role_from_values(profiler, inferred_type) or "other"


def _city_before_state(inferred: dict[str, str], profilers: dict[str, ColumnProfiler]) -> None:
    """US addresses are written street, city, state: the unlabelled words just before a
    state column, repeated from row to row, are the city."""
    names = list(inferred)
    for position, name in enumerate(names[1:], start=1):
        before = names[position - 1]
        if inferred[name] != "state" or inferred[before] != "other":
            continue
        profiler = profilers[before]
        sample = [v for v in profiler.sample if v]
        words = sample and all(re.fullmatch(r"[A-Za-z][A-Za-z .'-]*", v) for v in sample)
        if words and profiler.distinct.count() <= max(0.2 * profiler.present, 1):
            inferred[before] = "city"


def _latitude_beside_longitude(
    inferred: dict[str, str], profilers: dict[str, ColumnProfiler]
) -> None:
    """Two adjacent unlabelled degree columns (or one next to a longitude found from its
    values) are a latitude and a longitude (exports put them side by side)."""
    names = list(inferred)
    for first, second in zip(names, names[1:], strict=False):
        roles_now = (inferred[first], inferred[second])
        if not set(roles_now) <= {"other", "longitude"} or roles_now == ("longitude",) * 2:
            continue
        pair = [profilers[first], profilers[second]]
        if not all(
            value_roles.degree_like(p, p.types.inferred_type(), [v for v in p.sample if v])
            for p in pair
        ):
            continue
        roles_found = value_roles.coordinate_pair(*pair)
        if roles_found:
            inferred[first], inferred[second] = roles_found


def _birth_dates(inferred: dict[str, str], profilers: dict[str, ColumnProfiler]) -> None:
    """A date column whose dates make people 10 to 100 years old on the event dates is a
    date of birth, whatever it is called."""
    dated = [
        name
        for name, role in inferred.items()
        if role in ("date", "timestamp") and profilers[name].types.time_min is not None
    ]
    if len(dated) < 2:
        return
    latest = max(dated, key=lambda name: profilers[name].types.time_min)
    event_min = profilers[latest].types.time_min
    for name in dated:
        types = profilers[name].types
        if name == latest:
            continue
        if personal.is_birth_date_range(types.time_min, types.time_max, event_min):
            inferred[name] = "date_of_birth"


def _examples_match(profiler: ColumnProfiler, pattern: re.Pattern) -> bool:
    return bool(profiler.examples) and all(pattern.match(v) for v in profiler.examples)


def _mostly_unique(profiler: ColumnProfiler) -> bool:
    return profiler.present >= 20 and profiler.distinct.count() >= 0.9 * profiler.present


def is_id_role(role: str | None) -> bool:
    """True for roles that identify a record."""
    return role in ID_ROLES
