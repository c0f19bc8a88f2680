"""Count tables laid out wide: one column per period ("1986" ... "2013", "CY2007",
"2017 YTD", "Sum of 1986", "Jan" ... "Dec", "Jan 2012"). Such a table is an aggregate: its
period, time resolution and totals by year come from the headers, not from a date column.
"""

import re
from dataclasses import dataclass

import pandas as pd

from .profiling import ColumnProfiler

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_AGGREGATE_PREFIX = r"(?:(?:sum|count|total|number)\s+of\s+)?"
_YEAR_HEADER = re.compile(
    rf"^{_AGGREGATE_PREFIX}(?:cy|fy|calendar\s+year\s+|year\s+)?\s*((?:19|20)\d\d)"
    r"(?:\s*(ytd|year\s+to\s+date|\(ytd\)|partial))?(?:\s+([a-z][a-z ]{0,30}))?$",
    re.IGNORECASE,
)
_MONTH_HEADER = re.compile(
    rf"^{_AGGREGATE_PREFIX}([a-z]{{3,9}})\.?(?:[\s\-/]+((?:19|20)\d\d))?$", re.IGNORECASE
)
_SUMMED = re.compile(r"^\s*(sum|count|total|number)\s+of\s+|^\s*(cy|fy)\s*\d", re.IGNORECASE)
_COUNT_TYPES = ("integer", "number", "empty")


@dataclass(frozen=True)
class PeriodHeader:
    """The period a column header names: a year, or a month (of a year when given)."""

    year: int | None
    month: int | None = None
    partial: bool = False  # "2017 YTD": the year so far
    measure: str | None = None  # "2012 Filed": one of several counts given per year


def period_header(name: str) -> PeriodHeader | None:
    """The period a header names, or None ("1986", "CY2007", "Sum of 1986", "Jan 2012")."""
    text = " ".join(name.replace("_", " ").split())
    match = _YEAR_HEADER.match(text)
    if match:
        measure = match.group(3).strip().lower() if match.group(3) else None
        return PeriodHeader(int(match.group(1)), None, bool(match.group(2)), measure)
    match = _MONTH_HEADER.match(text)
    if match and match.group(1).lower() in _MONTHS:
        year = int(match.group(2)) if match.group(2) else None
        return PeriodHeader(year, _MONTHS[match.group(1).lower()])
    return None


def period_columns(profilers: dict[str, ColumnProfiler]) -> dict[str, PeriodHeader]:
    """The count columns named by a period, when at least two stand in the table (or one
    that says it is a count: "Sum of 2015", "CY2015")."""
    found = {}
    for name, profiler in profilers.items():
        header = period_header(name)
        if header and profiler.types.inferred_type() in _COUNT_TYPES:
            found[name] = header
    if len(found) == 1 and not _SUMMED.match(next(iter(found))):
        return {}  # one bare "2015" column may be anything; "Sum of 2015" is a count
    return found


def findings(
    periods: dict[str, PeriodHeader], frame: pd.DataFrame | None, year_column: str | None = None
) -> dict:
    """Granularity, time resolution, period, missing periods and totals of a wide table.
    frame: the period columns plus the dimension columns (for the yearly sums);
    year_column: a column holding the year of month columns ("Year", "Jan" ... "Dec")."""
    years = sorted({p.year for p in periods.values() if p.year is not None})
    months = [p for p in periods.values() if p.month is not None]
    result = {
        "granularity": "aggregate",
        "time_resolution": "month" if months else "year",
        "start": None,
        "end": None,
        "missing": [],
        "total_by_year": None,
        "notes": [],
        "subtotal_rows": 0,
        "carried_down": {},
    }
    if years:
        result["start"], result["end"] = f"{years[0]}-01-01", f"{years[-1]}-12-31"
        if not months:
            result["missing"] = [str(y) for y in range(years[0], years[-1] + 1) if y not in years]
    partial = sorted(p.year for p in periods.values() if p.partial and p.year)
    if partial:
        result["notes"].append(
            "year to date (partial year) in the headers: " + ", ".join(map(str, partial))
        )
    result["notes"].append(
        f"count table laid out wide: {len(periods)} period columns "
        f"({next(iter(periods))} … {list(periods)[-1]}); period taken from the headers"
    )
    if frame is not None:
        result["carried_down"] = carried_down(frame[[c for c in frame.columns if c not in periods]])
    measures = sorted({p.measure for p in periods.values() if p.measure})
    if len(measures) > 1:
        result["notes"].append(
            f"several counts per period ({', '.join(measures)}): no single total per year"
        )
    elif frame is not None and (years or year_column):
        result["total_by_year"], result["subtotal_rows"] = _totals(periods, frame, year_column)
    return result


def carried_down(dimensions: pd.DataFrame) -> dict[str, int]:
    """Blank cells of a label written once per block ("1, Escambia" then blanks below): a
    blank under a filled cell, in a row whose later labels are filled. Such cells are
    filled (they carry the label above), so they are not counted as missing."""
    carried = {}
    columns = list(dimensions.columns)
    for position, name in enumerate(columns[:-1]):
        later = dimensions[columns[position + 1 :]].notna().any(axis=1)
        column = dimensions[name]
        blank_under_value = column.isna() & column.ffill().notna()
        count = int((blank_under_value & later).sum())
        if count:
            carried[name] = count
    return carried


def _totals(
    periods: dict[str, PeriodHeader], frame: pd.DataFrame, year_column: str | None
) -> tuple[dict, int]:
    """Each year's sum over the rows; rows whose dimension cells are all blank are
    subtotals (left out and counted)."""
    dimensions = [c for c in frame.columns if c not in periods and c != year_column]
    keep = pd.Series(True, index=frame.index)
    if dimensions:
        keep = frame[dimensions].notna().any(axis=1)
    totals: dict[str, int] = {}
    row_years = None
    if year_column is not None:
        row_years = pd.to_numeric(frame.loc[keep, year_column], errors="coerce")
    for name, header in periods.items():
        text = frame.loc[keep, name].str.replace(",", "", regex=False)
        values = pd.to_numeric(text, errors="coerce")
        if header.year is not None:
            sums = {header.year: values.sum(min_count=1)}
        elif row_years is not None:
            sums = values.groupby(row_years).sum(min_count=1).to_dict()
        else:
            continue
        for year, value in sums.items():
            if pd.notna(value) and pd.notna(year):
                key = str(int(year))
                totals[key] = totals.get(key, 0) + int(value)
    return dict(sorted(totals.items())), int((~keep).sum())
