"""Table-level reading decisions made once every batch is in: numbers read as dates under
a date header, placeholder dates made missing, a date column and a time column of the
same event read as one timestamp, and notes saying how each decision was made."""

import re

from . import times
from .profiling import ColumnProfiler

_TIME_WORD = re.compile(r"(date|time|dt|tm)", re.IGNORECASE)


def start(profilers: dict[str, ColumnProfiler]) -> None:
    """Before the first batch: tell each column whether its header names a date or time."""
    for name, profiler in profilers.items():
        profiler.types.time_hint = times.header_suggests_time(name)


def finish(profilers: dict[str, ColumnProfiler]) -> dict[str, int]:
    """After the last batch. Returns the placeholder dates found per column, which are
    counted as missing from here on."""
    placeholders = {}
    for name, profiler in profilers.items():
        profiler.types.finish()
        found = profiler.types.placeholders
        if found:
            profiler.null_count += found
            placeholders[name] = found
    return placeholders


def combine_date_time(
    roles: dict[str, str], profilers: dict[str, ColumnProfiler]
) -> tuple[dict[str, str], list[str]]:
    """A date column followed by a clock-time column (ArrestDate + ArrestTime, or a
    headerless MMDDYYYY column next to HHMMSS) is one timestamp: the date column takes the
    role "timestamp" and the time column the role "time"."""
    roles = dict(roles)
    notes = []
    names = list(profilers)
    for position, name in enumerate(names):
        types = profilers[name].types
        if types.inferred_type() != "date" or types.time_min is None:
            continue
        partner = _time_partner(names, position, profilers)
        if partner is None:
            continue
        roles[name], roles[partner] = "timestamp", "time"
        fmt = profilers[partner].types.time_of_day_format
        unit = "second" if "%S" in fmt else "minute"
        notes.append(
            f"date and time of the same event combined: {name} + {partner} "
            f"(time resolution: {unit})"
        )
    return roles, notes


def format_notes(profilers: dict[str, ColumnProfiler]) -> list[str]:
    """How each date column was read (format, day/month order, numbers read as dates)."""
    notes = []
    for name, profiler in profilers.items():
        types = profiler.types
        if types.inferred_type() not in ("date", "timestamp") or not types.datetime_format:
            continue
        key = types.datetime_format
        if key in (times.EXCEL, times.EPOCH_S, times.EPOCH_MS):
            notes.append(f"{name}: numbers read as dates ({key.replace('_', ' ')})")
        if types.datetime_note:
            notes.append(f"{name}: {types.datetime_note}")
        if types.placeholders:
            notes.append(
                f"{name}: {types.placeholders:,} placeholder dates "
                "(1899-12-30, 1900-01-01, 9999-12-31 or Excel day 0) counted as missing"
            )
    return notes


def _time_partner(names: list[str], position: int, profilers) -> str | None:
    """The clock-time column next to a date column: adjacent, and either its header speaks
    of a time or neither has a header of its own (column_N)."""
    for other in (position + 1, position - 1):
        if not 0 <= other < len(names):
            continue
        candidate = names[other]
        types = profilers[candidate].types
        if not types.is_time_of_day() or types.inferred_type() in ("date", "timestamp"):
            continue
        if _TIME_WORD.search(candidate):
            return candidate
        # Without headers: only the column right after the date, and only a clock that a
        # 4-digit number cannot mimic (HHMMSS or hh:mm), since IDs like 1001 read as 10:01.
        headerless = _positional(names[position], candidate) and other == position + 1
        if headerless and types.time_of_day_format != "%H%M":
            return candidate
    return None


def _positional(*names: str) -> bool:
    return all(re.fullmatch(r"column_\d+", name) for name in names)
