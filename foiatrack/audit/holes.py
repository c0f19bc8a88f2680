"""Holes in area × period: an area present in some years (or months) and absent in others.

A district with 300 rows a year that has none in 2014 is a missing area for 2014, even
when every district appears somewhere in the file. An absence is reported only when it
cannot be chance: the area's expected rows in that period (its share of all rows × the
period's rows) are at least MIN_EXPECTED, so a zero would happen by chance less than
e^-MIN_EXPECTED (under 1 %) of the time. Periods are years when the dates span two years
or more, else months.

Counting is streamed with the audit's one pass (AreaPeriodCounter, fed each batch): rows
per (area, month), at most MAX_AREAS areas, so memory stays small whatever the file size.
The two columns are chosen from their headers before the pass; the final roles confirm.
"""

import numpy as np
import pyarrow.compute as pc

from . import areas
from .cleaning import ColumnChunk
from .header_roles import header_words, role_from_words
from .profiling import ColumnProfiler

MIN_EXPECTED = 5.0
AREA_ROLES = ["district", "ward", "community_area", "beat", "neighborhood"]
TIME_ROLES = ["timestamp", "date"]
# By header, before values are read: a time of a call's life stands in when no date is named
# (findings.with_event_dates then reads it as the table's date).
HEADER_TIME_ROLES = [*TIME_ROLES, "clear_time", "arrival_time", "dispatch_time"]
MAX_AREAS = 500  # more distinct values than this is not a set of areas
_MONTHS = 1_000_000  # area id * _MONTHS + yyyymm


class AreaPeriodCounter:
    """Rows per (area value, yyyymm) of one area column and one date column."""

    def __init__(self, area: int | None, date: int | None, names: list[str]) -> None:
        self.area, self.date, self.names = area, date, names
        self.area_ids: dict[str, int] = {}
        self.counts: dict[int, int] = {}
        self.overflow = False

    @classmethod
    def for_names(cls, names: list[str]) -> "AreaPeriodCounter":
        """The counter for a table's first area column and first date column, by header."""
        header_roles = [role_from_words(header_words(name)) for name in names]
        area = next(
            (i for role in AREA_ROLES for i, r in enumerate(header_roles) if r == role), None
        )
        date = next(
            (i for role in HEADER_TIME_ROLES for i, r in enumerate(header_roles) if r == role),
            None,
        )
        return cls(area, date, names)

    @property
    def active(self) -> bool:
        return self.area is not None and self.date is not None and not self.overflow

    def add(
        self,
        chunks: list[ColumnChunk],
        keep: np.ndarray | None,
        profilers: dict[str, ColumnProfiler],
    ) -> None:
        """Count one batch's rows (after the profilers have seen it)."""
        if not self.active:
            return
        date_profiler = profilers[self.names[self.date]]
        area_chunk, date_chunk = chunks[self.area], chunks[self.date]
        if area_chunk.indices is None:  # mostly unique values: not a set of areas
            self.overflow = True
            return
        months = _months(date_chunk, date_profiler)
        if months is None:
            return
        ids = self._area_ids(area_chunk)
        if ids is None:
            return
        rows_area, rows_month = area_chunk.per_row(ids), date_chunk.per_row(months)
        valid = (rows_area >= 0) & (rows_month >= 0)
        if keep is not None:
            valid &= keep
        combined = rows_area[valid] * _MONTHS + rows_month[valid]
        unique, counts = np.unique(combined, return_counts=True)
        for key, count in zip(unique.tolist(), counts.tolist(), strict=True):
            self.counts[key] = self.counts.get(key, 0) + count

    def _area_ids(self, chunk: ColumnChunk) -> np.ndarray | None:
        ids = np.full(len(chunk.values), -1, dtype=np.int64)
        for position, value in enumerate(chunk.values.to_pylist()):
            if chunk.missing[position] or value is None:
                continue
            if value not in self.area_ids:
                if len(self.area_ids) >= MAX_AREAS:
                    self.overflow = True
                    return None
                self.area_ids[value] = len(self.area_ids)
            ids[position] = self.area_ids[value]
        return ids

    def table(self) -> list[tuple[str, int, int]]:
        """(area value, yyyymm, rows) for every cell counted."""
        names = {index: value for value, index in self.area_ids.items()}
        return [(names[key // _MONTHS], key % _MONTHS, n) for key, n in self.counts.items()]


def _months(chunk: ColumnChunk, profiler: ColumnProfiler) -> np.ndarray | None:
    """yyyymm per value of chunk.values (-1 when missing or not a date)."""
    times = profiler.last_times
    if times is None or len(times) != len(chunk.values):
        fmt = profiler.types.datetime_format
        if fmt is None:
            return None
        times = pc.strptime(chunk.values, format=fmt, unit="s", error_is_null=True)
    months = pc.add(pc.multiply(pc.year(times), 100), pc.month(times))
    months = pc.fill_null(months, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    months[chunk.missing] = -1
    return months


def area_period_holes(roles: dict[str, str], counter: AreaPeriodCounter | None) -> dict:
    """{"column", "period_column", "unit", "holes": [{"area", "periods"}]} or {}."""
    if counter is None or not counter.active or not counter.counts:
        return {}
    area_column, date_column = counter.names[counter.area], counter.names[counter.date]
    if roles.get(area_column) not in AREA_ROLES or roles.get(date_column) not in TIME_ROLES:
        return {}
    cells = counter.table()
    years = {yyyymm // 100 for _area, yyyymm, _n in cells}
    unit = "year" if len(years) >= 2 else "month"
    grid: dict[str, dict[str, int]] = {}
    for area, yyyymm, n in cells:
        period = str(yyyymm // 100) if unit == "year" else f"{yyyymm // 100}-{yyyymm % 100:02d}"
        grid.setdefault(area, {})
        grid[area][period] = grid[area].get(period, 0) + n
    periods = sorted({period for row in grid.values() for period in row})
    if len(periods) < 2:
        return {}
    holes = _holes(grid, periods)
    if not holes:
        return {}
    return {"column": area_column, "period_column": date_column, "unit": unit, "holes": holes}


def _holes(grid: dict[str, dict[str, int]], periods: list[str]) -> list[dict]:
    total = sum(sum(row.values()) for row in grid.values())
    per_period = {p: sum(row.get(p, 0) for row in grid.values()) for p in periods}
    holes = []
    for area in sorted(grid, key=_sort_key):
        area_rows = sum(grid[area].values())
        missing = [
            period
            for period in periods
            if not grid[area].get(period) and area_rows * per_period[period] / total >= MIN_EXPECTED
        ]
        if missing:
            holes.append({"area": area, "periods": missing})
    return holes


def _sort_key(area: str):
    normalised = areas.normalise_area(str(area))
    return (0, int(normalised), "") if normalised else (1, 0, str(area))
