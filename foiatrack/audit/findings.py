"""Table-level findings: granularity, time and place resolution, periods, areas, totals."""

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import areas, outliers, times
from .profiling import ColumnProfiler
from .vocabulary import ID_ROLES

_TIME_ORDER = ["timestamp", "date", "month", "year", "weekday"]
LOCATION_ROLES = ["latitude", "longitude", "x_coordinate", "y_coordinate", "address", "block"]
# A location column filled (not missing, redacted or a placeholder) in fewer rows than this
# share gives no usable location; below SPARSE_SHARE it is flagged as mostly missing.
USABLE_SHARE = 0.2
SPARSE_SHARE = 0.5


def usable_share(profiler: ColumnProfiler) -> float:
    """Share of rows whose value is really there (not missing, redacted or placeholder)."""
    return profiler.present / profiler.rows if profiler.rows else 0.0


def columns_with(roles: dict[str, str], profilers: dict[str, ColumnProfiler], *wanted: str):
    """Names of non-empty columns whose role is one of wanted, in table order."""
    return [name for name, role in roles.items() if role in wanted and profilers[name].present]


def granularity(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> str:
    """aggregate when a count column stands with no record ID, else record."""
    has_count = bool(columns_with(roles, profilers, "count"))
    has_id = bool(columns_with(roles, profilers, *ID_ROLES))
    return "aggregate" if has_count and not has_id else "record"


def aggregate_dimensions(roles: dict[str, str]) -> list[str]:
    """The columns an aggregate is broken down by (everything but its counts)."""
    return [name for name, role in roles.items() if role != "count"]


def time_resolution(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> str:
    """The finest time resolution present (vocabulary.TIME_RESOLUTION_CHOICES)."""
    for resolution in _TIME_ORDER:
        if columns_with(roles, profilers, resolution):
            return resolution
    return "none"


def geo_resolution(
    roles: dict[str, str], profilers: dict[str, ColumnProfiler], table_granularity: str
) -> str:
    """The finest place resolution present (vocabulary.GEO_RESOLUTION_CHOICES)."""

    def has(*wanted: str) -> bool:
        names = columns_with(roles, profilers, *wanted)
        return any(
            roles[name] not in LOCATION_ROLES or usable_share(profilers[name]) >= USABLE_SHARE
            for name in names
        )

    if (has("latitude") and has("longitude")) or (has("x_coordinate") and has("y_coordinate")):
        return "point"
    for resolution in ("address", "block", "beat"):
        if has(resolution):
            return resolution
    if has("district", "ward", "community_area", "zip_code"):
        return "district"
    return "city" if table_granularity == "aggregate" else "none"


def period(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> dict:
    """{"start", "end", "missing", "unit"} from the main date column, else the year column."""
    dated = _dated_columns(roles, profilers)
    core = outliers.robust_core(profilers[dated[0]].day_counts) if dated else None
    # The robust core differs from the whole range only when it set stray dates aside.
    if core is not None and core.suspect_rows and roles[dated[0]] != "month":
        return {"start": core.start, "end": core.end, "missing": _missing_months(core.months)}
    if dated:
        evidence = profilers[dated[0]].types
        start = str(np.datetime_as_string(evidence.time_min, unit="D"))
        end = str(np.datetime_as_string(evidence.time_max, unit="D"))
        if roles[dated[0]] == "month":  # "2011-12" covers the whole of December
            last_day = evidence.time_max.astype("datetime64[M]") + 1 - np.timedelta64(1, "D")
            end = str(np.datetime_as_string(last_day.astype("datetime64[D]"), unit="D"))
        return {"start": start, "end": end, "missing": _missing_months(evidence.months)}
    years = _year_values(roles, profilers)
    if years:
        missing = [str(y) for y in range(min(years), max(years) + 1) if y not in years]
        return {"start": f"{min(years)}-01-01", "end": f"{max(years)}-12-31", "missing": missing}
    return {"start": None, "end": None, "missing": []}


def suspect_dates(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> dict:
    """{"column", "rows", "dated_rows", "range", "days"} of the stray dates left out of the
    period of the main date column, or {} when there are none."""
    dated = _dated_columns(roles, profilers)
    core = outliers.robust_core(profilers[dated[0]].day_counts) if dated else None
    if core is None or not core.suspect_rows:
        return {}
    return {
        "column": dated[0],
        "rows": core.suspect_rows,
        "dated_rows": core.dated_rows,
        "range": list(core.suspect_range),
        "days": core.suspect_days,
        "period": {"start": core.start, "end": core.end},
    }


def sparse_locations(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> dict:
    """{column: usable share} of the location columns filled in under SPARSE_SHARE of rows."""
    return {
        name: round(usable_share(profilers[name]), 4)
        for name, role in roles.items()
        if role in LOCATION_ROLES
        and profilers[name].rows
        and usable_share(profilers[name]) < SPARSE_SHARE
    }


def area_coverage(
    roles: dict[str, str],
    profilers: dict[str, ColumnProfiler],
    jurisdiction: str | None,
    period_end: str | None,
) -> dict:
    """{"role", "column", "covered", "missing", "known"} for the first area column, or {}."""
    for role in areas.AREA_ROLES:
        for name in columns_with(roles, profilers, role):
            value_counts = profilers[name].value_counts()
            if value_counts is None:
                continue
            covered = {areas.normalise_area(v) for v in value_counts} - {None}
            known = areas.known_areas(jurisdiction, role, period_end)
            missing = [a for a in known if a not in covered] if known else []
            return {
                "role": role,
                "column": name,
                "covered": sorted(covered, key=areas.area_sort_key),
                "missing": missing,
                "known": known,
            }
    return {}


def total_by_year(
    roles: dict[str, str],
    profilers: dict[str, ColumnProfiler],
    read_columns: Callable[[list[str]], pd.DataFrame],
) -> dict[str, int] | None:
    """An aggregate's count column summed per year (a second, narrow read of the table)."""
    counts = columns_with(roles, profilers, "count")
    year_columns = columns_with(roles, profilers, "year")
    dated = _dated_columns(roles, profilers)
    if not counts or not (year_columns or dated):
        return None
    time_column = year_columns[0] if year_columns else dated[0]
    frame = read_columns([time_column, counts[0]])
    values = pd.to_numeric(frame[counts[0]].str.replace(",", "", regex=False), errors="coerce")
    if year_columns:
        year = pd.to_numeric(frame[time_column], errors="coerce")
    else:
        fmt = profilers[time_column].types.datetime_format
        parsed = times.parse(pa.array(frame[time_column].astype(object), pa.string()), fmt)
        year = pd.Series(pc.year(parsed).to_pandas(), index=frame.index)
    totals = values.groupby(year).sum(min_count=1).dropna()
    return {str(int(y)): int(total) for y, total in totals.items()}


def _dated_columns(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> list[str]:
    """Columns whose values parsed as dates: timestamps, dates, or months like "2011-03"."""
    names = columns_with(roles, profilers, "timestamp", "date", "month")
    return [name for name in names if profilers[name].types.time_min is not None]


def _year_values(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> set[int]:
    for name in columns_with(roles, profilers, "year"):
        value_counts = profilers[name].value_counts() or {}
        years = {int(float(v)) for v in value_counts if v.replace(".", "", 1).isdigit()}
        if years:
            return years
    return set()


def _missing_months(months: set[int]) -> list[str]:
    if not months:
        return []
    first, last = min(months), max(months)
    missing = []
    year, month = divmod(first, 100)
    while year * 100 + month <= last:
        if year * 100 + month not in months:
            missing.append(f"{year:04d}-{month:02d}")
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return missing


# The dates of a record's life that can stand for its date when no column has the role
# "timestamp" or "date" (a call log with only its clearance time), most telling first.
EVENT_DATE_ROLES = [
    "clear_time",
    "arrival_time",
    "dispatch_time",
    "arrest_time",
    "disposition_date",
    "admission_date",
    "appearance_date",
]


def with_event_dates(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> dict:
    """Roles for the time findings: when no column is a timestamp or date, the first
    parsed event date (EVENT_DATE_ROLES) reads as one, by its parsed type."""
    if columns_with(roles, profilers, "timestamp", "date"):
        return roles
    for wanted in EVENT_DATE_ROLES:
        for name in columns_with(roles, profilers, wanted):
            kind = profilers[name].types.inferred_type()
            if kind in ("timestamp", "date") and profilers[name].types.time_min is not None:
                return {**roles, name: kind}
    return roles
