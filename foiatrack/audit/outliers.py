"""Dates that do not belong: a thin tail far from the bulk of a date column.

One record dated 1899 or 2099 in a file of 2012 calls is a typing slip or a placeholder, not
a century of coverage. The period is taken from the robust core of the dates: the days
inside the interquartile fences (FENCE_IQRS interquartile ranges, at least MIN_FENCE_DAYS,
beyond the quartiles). Rows outside are suspect only if they are few (at most TAIL_SHARE
of the dated rows); a long tail is data, so then nothing is set aside.
"""

from dataclasses import dataclass, field

import numpy as np

FENCE_IQRS = 3.0
MIN_FENCE_DAYS = 60
TAIL_SHARE = 0.005
_EPOCH = np.datetime64("1970-01-01", "D")


@dataclass
class DateCore:
    """The core period of a date column and the stray rows left out of it."""

    start: str  # ISO date
    end: str
    months: set[int]  # yyyymm of the core days
    suspect_rows: int = 0
    suspect_range: tuple[str, str] | None = None
    suspect_days: list[str] = field(default_factory=list)  # up to 10, earliest first
    dated_rows: int = 0


def robust_core(day_counts: dict[int, int]) -> DateCore | None:
    """The core of a {day since 1970: rows} distribution, or None when it is empty."""
    if not day_counts:
        return None
    days = np.array(sorted(day_counts), dtype=np.int64)
    counts = np.array([day_counts[day] for day in days], dtype=np.int64)
    total = int(counts.sum())
    cumulative = np.cumsum(counts)
    q1 = days[np.searchsorted(cumulative, 0.25 * total)]
    q3 = days[min(np.searchsorted(cumulative, 0.75 * total), len(days) - 1)]
    fence = max(FENCE_IQRS * (q3 - q1), MIN_FENCE_DAYS)
    inside = (days >= q1 - fence) & (days <= q3 + fence)
    outside_rows = int(counts[~inside].sum())
    if outside_rows > TAIL_SHARE * total:
        inside = np.ones_like(inside)
        outside_rows = 0
    core_days = days[inside]
    core = DateCore(
        start=_iso(core_days[0]),
        end=_iso(core_days[-1]),
        months={_yyyymm(day) for day in np.unique(core_days // 1).tolist()},
        dated_rows=total,
    )
    if outside_rows:
        stray = days[~inside]
        core.suspect_rows = outside_rows
        core.suspect_range = (_iso(stray[0]), _iso(stray[-1]))
        core.suspect_days = [_iso(day) for day in stray[:10]]
    return core


def _iso(day: int) -> str:
    return str(_EPOCH + np.timedelta64(int(day), "D"))


def _yyyymm(day: int) -> int:
    date = _EPOCH + np.timedelta64(int(day), "D")
    year, month = str(date)[:4], str(date)[5:7]
    return int(year) * 100 + int(month)
