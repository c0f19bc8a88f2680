"""Holes in area × period: an area present in some years (or months) and absent in others.

A district with 300 rows a year that has none in 2014 is a missing area for 2014, even
when every district appears somewhere in the file. An absence is reported only when it
cannot be chance: the area's expected rows in that period (its share of all rows × the
period's rows) are at least MIN_EXPECTED, so a zero would happen by chance less than
e^-MIN_EXPECTED (under 1 %) of the time. Periods are years when the dates span two years
or more, else months.
"""

from collections.abc import Callable

import pandas as pd

from . import areas
from .profiling import ColumnProfiler

MIN_EXPECTED = 5.0
AREA_ROLES = ["district", "ward", "community_area", "beat", "neighborhood"]
MAX_AREAS = 500  # more distinct values than this is not a set of areas


def area_period_holes(
    roles: dict[str, str],
    profilers: dict[str, ColumnProfiler],
    period_column: str | None,
    read_columns: Callable[[list[str]], pd.DataFrame],
) -> dict:
    """{"column", "period_column", "unit", "holes": [{"area", "periods"}]} or {}."""
    area_column = _area_column(roles, profilers)
    if area_column is None or period_column is None:
        return {}
    frame = read_columns([area_column, period_column])
    periods, unit = _periods(frame[period_column], roles[period_column], profilers[period_column])
    table = pd.DataFrame({"area": frame[area_column], "period": periods}).dropna()
    if table.empty or table["period"].nunique() < 2:
        return {}
    counts = table.groupby(["area", "period"]).size().unstack(fill_value=0)
    expected = pd.DataFrame(
        [[a * p / counts.values.sum() for p in counts.sum(axis=0)] for a in counts.sum(axis=1)],
        index=counts.index,
        columns=counts.columns,
    )
    holes = []
    for area in sorted(counts.index, key=_sort_key):
        missing = [
            str(period)
            for period in counts.columns
            if counts.at[area, period] == 0 and expected.at[area, period] >= MIN_EXPECTED
        ]
        if missing:
            holes.append({"area": str(area), "periods": missing})
    if not holes:
        return {}
    return {"column": area_column, "period_column": period_column, "unit": unit, "holes": holes}


def _area_column(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> str | None:
    for role in AREA_ROLES:
        for name, column_role in roles.items():
            counts = profilers[name].value_counts()
            if column_role == role and counts and 2 <= len(counts) <= MAX_AREAS:
                return name
    return None


def _periods(values: pd.Series, role: str, profiler: ColumnProfiler) -> tuple[pd.Series, str]:
    if role == "year":
        return pd.to_numeric(values, errors="coerce").astype("Int64").astype("string"), "year"
    fmt = profiler.types.datetime_format
    times = pd.to_datetime(values, format=fmt, errors="coerce") if fmt else pd.Series([pd.NaT])
    years = times.dt.year
    if years.nunique() >= 2:
        return years.astype("Int64").astype("string"), "year"
    return times.dt.strftime("%Y-%m"), "month"


def _sort_key(area: str):
    normalised = areas.normalise_area(str(area))
    return (0, int(normalised), "") if normalised else (1, 0, str(area))
