"""Dates and times as agencies write them: one format chosen per column from a sample, then
applied to whole batches (pyarrow), never guessed row by row.

A format is a key string: a strptime format ("%m/%d/%Y %I:%M %p"), the same prefixed with
"~" (fractional seconds and a zone suffix such as "Z", "+00" or "+05:30" are cut before
parsing: the local clock time is kept), or one of the special keys below.
"""

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ISO_WEEK = "iso_week"  # 2018-W27
QUARTER = "quarter"  # 2017 Q1, 2017-Q1, Q1 2017
EXCEL = "excel_serial"  # 40909 = 2012-01-01 (days since 1899-12-30)
EPOCH_S = "epoch_s"
EPOCH_MS = "epoch_ms"
SPECIAL = (ISO_WEEK, QUARTER, EXCEL, EPOCH_S, EPOCH_MS)

_TIMESTAMPS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %I:%M:%S %p",
    "%d/%m/%Y %I:%M %p",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m%d%Y %H%M%S",
]
_DATES = [
    "%Y-%m-%d",
    "%m/%d/%Y",
    "%d/%m/%Y",
    "%m/%d/%y",
    "%d/%m/%y",
    "%Y/%m/%d",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%m-%d-%Y",
]
COMPACT_DATES = ["%m%d%Y", "%Y%m%d"]  # tried only when every sampled value is 8 digits
_MONTHS = ["%Y-%m", "%b %Y", "%B %Y", "%b-%Y", "%b-%y", "%m/%Y", "%Y/%m"]
TIME_OF_DAY = ["%H:%M:%S", "%H:%M", "%I:%M:%S %p", "%I:%M %p", "%H%M%S", "%H%M"]
ALL_FORMATS = _TIMESTAMPS + _DATES + _MONTHS
MONTH_FORMATS = set(_MONTHS)
# Day-first twins of month-first formats: which one a column uses is decided from its values.
_DAY_FIRST = {f: f.replace("%m/%d", "%d/%m", 1) for f in ALL_FORMATS if f.startswith("%m/%d")}
_SUFFIX = r"^(.*?\d:\d\d(?::\d\d)?)(\.\d{1,9})?\s?(Z|UTC|[+-]\d\d(:?\d\d)?)?$"
_WEEK = r"^(\d{4})-?W(\d{1,2})$"
_QUARTER = r"^(?:(\d{4})\s*[-/ ]?\s*Q([1-4])|Q([1-4])\s*[-/ ]?\s*(\d{4}))$"
PLACEHOLDER_DAYS = np.array(
    ["1899-12-30", "1899-12-31", "1900-01-01", "9999-12-31"], dtype="datetime64[D]"
)
_COMPACT = re.compile(r"^\d{6}$|^\d{8}$")
_TIME_HEADER = re.compile(r"(date|time|day|when|stamp|occurred|reported|epoch|created)", re.I)
PROBE = 200
_COMPACT_CLOCK = {"%H%M%S": 6, "%H%M": 4}
_EARLIEST = int(np.datetime64("1800-01-01", "s").astype(np.int64))
_LATEST = int(np.datetime64("2200-01-01", "s").astype(np.int64))
_FIRST_PLACEHOLDER = int(np.datetime64("1900-01-02", "s").astype(np.int64))
_LAST_PLACEHOLDER = int(np.datetime64("9999-12-31", "s").astype(np.int64))
_LAST_DAY = int(np.datetime64("9999-12-31", "D").astype(np.int64))


def has_time_of_day(key: str) -> bool:
    """True when the format carries a clock time (a timestamp, not just a date)."""
    return key in (EPOCH_S, EPOCH_MS) or any(t in key for t in ("%H", "%I"))


def resolution(key: str | None) -> str | None:
    """ "timestamp", "date", "week", "month" or "quarter" for a format key."""
    if key is None:
        return None
    if key == ISO_WEEK:
        return "week"
    if key == QUARTER:
        return "quarter"
    if key.lstrip("~") in MONTH_FORMATS:
        return "month"
    return "timestamp" if has_time_of_day(key) else "date"


def header_suggests_time(name: str) -> bool:
    """A header that names a date or time: needed before numbers are read as dates."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return bool(_TIME_HEADER.search(spaced))


def parse(values: pa.Array, key: str) -> pa.Array:
    """Timestamps (unit s) for values in format key; null where a value does not fit."""
    if key == ISO_WEEK:
        return _parse_week(values)
    if key == QUARTER:
        return _parse_quarter(values)
    if key in (EXCEL, EPOCH_S, EPOCH_MS):
        return _parse_number(values, key)
    if key.startswith("~"):
        values = pc.replace_substring_regex(values, _SUFFIX, r"\1")
        key = key[1:]
    return _plausible(pc.strptime(values, format=key, unit="s", error_is_null=True))


def _plausible(parsed: pa.Array) -> pa.Array:
    """Null out parses outside 1800-2200 (a lenient parse of "667" is not year 0667), but
    keep 9999-12-31 so that it can be counted as the placeholder it is."""
    seconds = pc.cast(parsed, pa.int64())
    bounds = pc.min_max(seconds)
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    if low is None or (low >= _EARLIEST and high < _LATEST):
        return parsed  # the usual case: one cheap min/max, no masking
    keep = pc.or_(
        pc.and_(pc.greater_equal(seconds, _EARLIEST), pc.less(seconds, _LATEST)),
        pc.equal(pc.divide(seconds, 86400), _LAST_DAY),
    )
    return pc.if_else(keep, parsed, pa.scalar(None, parsed.type))


def detect(values: pa.Array) -> tuple[str | None, str | None]:
    """(format key, note) that parses most of a sample of text values, or (None, None).
    The note says how an ambiguous day/month order was decided."""
    probe = values.slice(0, PROBE)
    if len(probe) == 0:
        return None, None
    compact = _all_compact(probe)
    best, best_count = None, 0
    for key in _candidates(probe, compact):
        count = len(probe) - parse(probe, key).null_count
        if count > best_count:
            best, best_count = key, count
    if best is None or best_count < 0.5 * len(probe):
        return None, None
    return _day_month_order(values, best)


def detect_time_of_day(values: pa.Array) -> str | None:
    """The format of a column of clock times ("23:47", "003837"), or None."""
    probe = values.slice(0, PROBE)
    if len(probe) == 0:
        return None
    for fmt in TIME_OF_DAY:
        width = _COMPACT_CLOCK.get(fmt)
        if width and not pc.all(pc.match_substring_regex(probe, rf"^\d{{{width}}}$")).as_py():
            continue  # "31" (an age) is not 03:01: compact clocks are zero-padded
        parsed = pc.strptime(probe, format=fmt, unit="s", error_is_null=True)
        if parsed.null_count <= 0.05 * len(probe):
            return fmt
    return None


def numeric_key(low: float, high: float, header_hint: bool) -> str | None:
    """Excel serial days or epoch seconds/milliseconds, only under a date-like header and
    with every value in a plausible range (1954-2064); never for any integer column."""
    if not header_hint or low is None or high is None:
        return None
    if low >= 20_000 and high <= 60_000:
        return EXCEL
    if low >= 3.0e8 and high <= 3.0e9:
        return EPOCH_S
    if low >= 3.0e11 and high <= 3.0e12:
        return EPOCH_MS
    return None


def period_end(last: np.datetime64, key: str) -> np.datetime64:
    """The last second a value written in key covers: a week runs 7 days, a quarter 3
    months, a month to its end; a day or a timestamp is itself."""
    span = resolution(key)
    if span == "week":
        return last + np.timedelta64(7 * 86400 - 1, "s")
    if span in ("month", "quarter"):
        months = 3 if span == "quarter" else 1
        start = last.astype("datetime64[M]") + months
        return start.astype("datetime64[s]") - np.timedelta64(1, "s")
    return last


def months_covered(parsed: pa.Array, key: str) -> set[int]:
    """The months (yyyymm) the values cover: a quarter covers three, a week one or two."""
    span = resolution(key)
    if span not in ("quarter", "week"):
        months = pc.add(pc.multiply(pc.year(parsed), 100), pc.month(parsed))
        return set(pc.unique(months).to_pylist())
    starts = pc.unique(pc.cast(parsed, pa.int64())).to_numpy(zero_copy_only=False)
    stamps = starts.astype("datetime64[s]")
    if span == "quarter":
        firsts = stamps.astype("datetime64[M]")
        stamps = np.concatenate([firsts, firsts + 1, firsts + 2])
    else:
        stamps = np.concatenate([stamps, stamps + np.timedelta64(6 * 86400, "s")])
    months = np.unique(stamps.astype("datetime64[M]")).astype(int)
    return {int(1970 + m // 12) * 100 + int(m % 12) + 1 for m in months}


def placeholder_mask(parsed: pa.Array) -> np.ndarray | None:
    """Per value: a placeholder date (1899-12-30, 1900-01-01, 9999-12-31), not a date;
    None when the batch's range holds none (the usual case, one min/max)."""
    seconds = pc.cast(parsed, pa.int64())
    bounds = pc.min_max(seconds)
    if bounds["min"].as_py() is None:
        return None
    if bounds["min"].as_py() > _FIRST_PLACEHOLDER and bounds["max"].as_py() < _LAST_PLACEHOLDER:
        return None
    days = (seconds.to_numpy(zero_copy_only=False) // 86400).astype("datetime64[D]")
    return np.isin(days, PLACEHOLDER_DAYS)


def _candidates(probe: pa.Array, compact: bool) -> list[str]:
    if compact:  # 8 digits: a date only in compact form (numbers elsewhere are not dates)
        return COMPACT_DATES
    text = probe.slice(0, 20).to_pylist()
    keys: list[str] = []
    if any(re.match(_WEEK, v or "") for v in text):
        keys.append(ISO_WEEK)
    if any(re.match(_QUARTER, v or "", re.I) for v in text):
        keys.append(QUARTER)
    for fmt in ALL_FORMATS:
        keys.append(fmt)
        if has_time_of_day(fmt):
            keys.append("~" + fmt)
    return keys


def _all_compact(probe: pa.Array) -> bool:
    sample = [v for v in probe.slice(0, 50).to_pylist() if v]
    return bool(sample) and all(len(v) == 8 and v.isdigit() for v in sample)


def _day_month_order(values: pa.Array, key: str) -> tuple[str, str | None]:
    """A month-first format whose twin parses as well is decided from the values: a first
    number above 12 means day first, a second above 12 means month first."""
    base = key.lstrip("~")
    twin = _DAY_FIRST.get(base) or next((m for m, d in _DAY_FIRST.items() if d == base), None)
    if twin is None:
        return key, None
    month_first = base if base in _DAY_FIRST else twin
    probe = values.slice(0, 20_000)
    parts = pc.extract_regex(probe, r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/")
    first = pc.cast(pc.struct_field(parts, "a"), pa.int32(), safe=False)
    second = pc.cast(pc.struct_field(parts, "b"), pa.int32(), safe=False)
    first_big = int(pc.sum(pc.greater(first, 12)).as_py() or 0)
    second_big = int(pc.sum(pc.greater(second, 12)).as_py() or 0)
    prefix = "~" if key.startswith("~") else ""
    if second_big and not first_big:
        note = "day/month order: month first, decided from values > 12 in the second position"
        return prefix + month_first, note
    if first_big and not second_big:
        note = "day/month order: day first, decided from values > 12 in the first position"
        return prefix + _DAY_FIRST[month_first], note
    note = "day/month order: undecided from the values (no day above 12); read month first"
    return prefix + month_first, note


def _parse_week(values: pa.Array) -> pa.Array:
    parts = pc.extract_regex(values, r"^(?P<y>\d{4})-?W(?P<w>\d{1,2})$")
    year = _ints(pc.struct_field(parts, "y"))
    week = _ints(pc.struct_field(parts, "w"))
    ok = ~np.isnan(year) & ~np.isnan(week) & (week >= 1) & (week <= 53)
    years = np.where(ok, year, 1970).astype(int)
    jan4 = (np.char.add(years.astype(str), "-01-04")).astype("datetime64[D]")
    weekday = (jan4.astype(np.int64) + 3) % 7  # Monday = 0
    monday = jan4 - weekday + (np.where(ok, week, 1).astype(int) - 1) * 7
    return _to_timestamps(monday, ok)


def _parse_quarter(values: pa.Array) -> pa.Array:
    parts = pc.extract_regex(
        pc.utf8_upper(values),
        r"^(?:(?P<y>\d{4})\s*[-/ ]?\s*Q(?P<q>[1-4])|Q(?P<q2>[1-4])"
        r"\s*[-/ ]?\s*(?P<y2>\d{4}))$",
    )
    year = _ints(pc.struct_field(parts, "y"))
    quarter = _ints(pc.struct_field(parts, "q"))
    year = np.where(np.isnan(year), _ints(pc.struct_field(parts, "y2")), year)
    quarter = np.where(np.isnan(quarter), _ints(pc.struct_field(parts, "q2")), quarter)
    ok = ~np.isnan(year) & ~np.isnan(quarter)
    years = np.where(ok, year, 1970).astype(int)
    months = (np.where(ok, quarter, 1).astype(int) - 1) * 3
    first = (np.datetime64("1970-01", "M") + (years - 1970) * 12 + months).astype("datetime64[D]")
    return _to_timestamps(first, ok)


def _parse_number(values: pa.Array, key: str) -> pa.Array:
    numbers = pc.cast(values, pa.float64(), safe=False) if values.type != pa.float64() else values
    data = numbers.to_numpy(zero_copy_only=False)
    ok = ~np.isnan(data)
    if key == EXCEL:
        seconds = (data - 25_569) * 86_400  # 25569 = 1970-01-01 as an Excel serial day
        ok &= data > 0  # serial 0 is Excel's empty date (1899-12-30)
    elif key == EPOCH_MS:
        seconds = data / 1000
    else:
        seconds = data
    stamps = np.where(ok, seconds, 0).astype(np.int64)
    return pa.array(stamps, type=pa.timestamp("s"), mask=~ok)


def _ints(array: pa.Array) -> np.ndarray:
    array = pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.string()), array)
    return pc.cast(array, pa.float64(), safe=False).to_numpy(zero_copy_only=False).astype(float)


def _to_timestamps(days: np.ndarray, ok: np.ndarray) -> pa.Array:
    seconds = days.astype("datetime64[s]").astype(np.int64)
    return pa.array(np.where(ok, seconds, 0), type=pa.timestamp("s"), mask=~ok)
