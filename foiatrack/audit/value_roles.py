"""Roles from values, for columns whose header says nothing (`column_3`, a code, a blank).

Each test looks at a bounded sample of the column's distinct values (ColumnProfiler.sample)
and its running statistics (type, range, distinct count), never at every row. A rule claims
a column only when nearly all of its sample fits, so an unclear column stays "other".
"""

import re
from datetime import datetime

from . import demographic_values
from .distinct import HLL_RELATIVE_ERROR
from .personal import looks_like_person_names
from .profiling import ColumnProfiler

FIT_SHARE = 0.9  # share of the sample a pattern must explain
ADDRESS_SHARE = 0.75
MIN_SAMPLE = 5
_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR GU VI"
)
US_STATES = frozenset(_STATE_CODES.split())
_STREET_WORD = (
    r"(ST|AVE?|AV|BL|BLVD|RD|DR|CT|LN|WY|WAY|PL|PKWY|HWY|HY|TER|CIR|PARKWAY|STREET|AVENUE|"
    r"ROAD|DRIVE|LANE|COURT|PLACE|BOULEVARD|HIGHWAY|SQ|TRL|LOOP|ALY|RP|FWY)\.?"
)
_ADDRESS = re.compile(rf"^\d+[A-Z]?\s+([A-Z0-9.'-]+\s+)*{_STREET_WORD}(\s+[NSEW]{{1,2}})?$", re.I)
_INTERSECTION = re.compile(rf"^[^/&]*\b{_STREET_WORD}\s*(/|&| AND )\s*[^/&]+$", re.I)
_HUNDRED_BLOCK = re.compile(r"^\d+X{2,}\s+\S+|^\d+\s+BLOCK\s+OF\s+", re.I)
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_/]{3,}$")
_COMPACT_DATE_FORMATS = ("%m%d%Y", "%Y%m%d")


def role_from_values(profiler: ColumnProfiler, inferred_type: str) -> str | None:
    """The role the values show, or None when they show nothing clear."""
    sample = [value for value in profiler.sample if value]
    if inferred_type in ("date", "timestamp"):
        return inferred_type
    if profiler.present < MIN_SAMPLE or not sample:
        return None
    # Few distinct values suffice here: a two-day file has two dates, one state.
    for rule in (_compact_date, _compact_time, _state_code, *demographic_values.RULES):
        role = rule(profiler, sample, inferred_type)
        if role:
            return role
    if len(sample) < MIN_SAMPLE:
        return None
    role = _coordinate(profiler, sample, inferred_type)
    if role:
        return role
    if inferred_type == "text":
        for rule in (_block_or_address, _person_name):
            role = rule(profiler, sample, inferred_type)
            if role:
                return role
    return _identifier(profiler, sample, inferred_type)


def _fits(sample: list[str], test, share: float = FIT_SHARE) -> bool:
    return sum(1 for value in sample if test(value)) >= share * len(sample)


def _compact_date(profiler: ColumnProfiler, sample: list[str], inferred_type: str) -> str | None:
    """`10062011` (MMDDYYYY) or `20111006` (YYYYMMDD) written as eight digits."""
    if inferred_type != "integer" or not _fits(sample, lambda v: len(v) == 8):
        return None
    for fmt in _COMPACT_DATE_FORMATS:
        if _fits(sample, lambda v, fmt=fmt: _plausible_date(v, fmt)):
            return "date"
    return None


def compact_date_format(sample: list[str]) -> str | None:
    """The eight-digit date format the sample follows, if any (for callers that parse)."""
    for fmt in _COMPACT_DATE_FORMATS:
        if sample and _fits(sample, lambda v, fmt=fmt: _plausible_date(v, fmt)):
            return fmt
    return None


def _plausible_date(value: str, fmt: str) -> bool:
    try:
        return 1900 <= datetime.strptime(value, fmt).year <= 2100
    except ValueError:
        return False


def _compact_time(profiler: ColumnProfiler, sample: list[str], inferred_type: str) -> str | None:
    """`003837` (HHMMSS) or `0038` (HHMM): zero-padded, clock-shaped, some leading zero."""
    if inferred_type != "integer":
        return None
    width = len(sample[0])
    if width not in (4, 6) or not _fits(sample, lambda v: len(v) == width and _clock(v)):
        return None
    # A padded clock starts with 0 or 1 for ten hours of the day; a plain count rarely does.
    return "time" if any(value.startswith("0") for value in sample) else None


def _clock(value: str) -> bool:
    parts = [int(value[i : i + 2]) for i in range(0, len(value), 2)]
    return parts[0] < 24 and all(part < 60 for part in parts[1:])


def _state_code(profiler: ColumnProfiler, sample: list[str], inferred_type: str) -> str | None:
    if inferred_type == "text" and _fits(sample, lambda v: v.upper() in US_STATES):
        return "state"
    return None


def _coordinate(profiler: ColumnProfiler, sample: list[str], inferred_type: str) -> str | None:
    """Decimal degrees beyond ±90: a longitude (latitude alone cannot be told; see
    coordinate_pair for two columns side by side)."""
    if not degree_like(profiler, inferred_type, sample):
        return None
    low, high = profiler.types.number_min, profiler.types.number_max
    return "longitude" if 90 < max(abs(low), abs(high)) <= 180 else None


def degree_like(profiler: ColumnProfiler, inferred_type: str, sample: list[str]) -> bool:
    """Fractional numbers with four or more decimals within a few degrees of each other (a
    city spans well under a degree; counts and money do not look like this)."""
    low, high = profiler.types.number_min, profiler.types.number_max
    if inferred_type != "number" or low is None or high - low > 5 or abs(high) > 180:
        return False
    return _fits(sample, lambda v: "." in v and len(v.split(".")[-1]) >= 4)


def coordinate_pair(first: ColumnProfiler, second: ColumnProfiler) -> tuple[str, str] | None:
    """Roles of two adjacent degree columns: the one beyond ±90 is the longitude; else, in
    the Americas north of the equator, latitude is positive and longitude negative."""
    ranges = [(p.types.number_min, p.types.number_max) for p in (first, second)]
    if any(low is None for low, _high in ranges):
        return None
    beyond = [max(abs(low), abs(high)) > 90 for low, high in ranges]
    if beyond[0] != beyond[1]:
        return ("longitude", "latitude") if beyond[0] else ("latitude", "longitude")
    positive = [low > 0 for low, _high in ranges]
    negative = [high < 0 for _low, high in ranges]
    if positive[0] and negative[1]:
        return ("latitude", "longitude")
    if negative[0] and positive[1]:
        return ("longitude", "latitude")
    return None


def _block_or_address(profiler: ColumnProfiler, sample: list[str], inferred_type: str):
    if _fits(sample, lambda v: bool(_HUNDRED_BLOCK.match(v))):
        return "block"
    # Free-typed places (ramps, "SR 28 HY", landmarks) leave a fifth unmatched.
    if _fits(sample, lambda v: bool(_ADDRESS.match(v) or _INTERSECTION.match(v)), ADDRESS_SHARE):
        return "address"
    return None


def _person_name(profiler: ColumnProfiler, sample: list[str], inferred_type: str) -> str | None:
    return "person_name" if looks_like_person_names(sample) else None


def _identifier(profiler: ColumnProfiler, sample: list[str], inferred_type: str) -> str | None:
    """A (nearly) unique code with digits: a row counter is a record ID; any other unique
    code may be another stage's key, so it is an unlabelled reference number."""
    if inferred_type not in ("integer", "text") or not _nearly_unique(profiler):
        return None
    if not _fits(sample, lambda v: bool(_CODE.match(v)) and any(c.isdigit() for c in v)):
        return None
    if inferred_type == "integer" and _row_counter(profiler):
        return "record_id"
    # With no header at all, a unique code may be the next stage's key: linking looks for
    # shared values. Under a header that names something else, it identifies rows here.
    return "reference_number" if has_no_header_name(profiler) else "record_id"


_POSITIONAL = re.compile(r"^(column|col|field|unnamed)[ _:]?\d+$", re.I)


def has_no_header_name(profiler: ColumnProfiler) -> bool:
    """The column's name is a position (`column_9`) or reads like one of its own values
    (the first record taken for a header), so it says nothing about the column."""
    name = profiler.name.strip()
    if not name or _POSITIONAL.match(name):
        return True
    return bool(re.fullmatch(r"[0-9][0-9\-/:. ]*", name))


def _nearly_unique(profiler: ColumnProfiler) -> bool:
    if profiler.present < 20:
        return False
    slack = 0 if profiler.distinct.is_exact else 3 * HLL_RELATIVE_ERROR * profiler.present
    return profiler.distinct.count() >= 0.9 * profiler.present - slack


def _row_counter(profiler: ColumnProfiler) -> bool:
    """1, 2, 3 …: the integers fill their range (an export's row number, not a case)."""
    low, high = profiler.types.number_min, profiler.types.number_max
    return low is not None and high - low + 1 <= 1.1 * profiler.present
