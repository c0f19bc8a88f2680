"""Infer a column's type from its text values, with explicit date formats (no per-row guessing)."""

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import times

INTEGER_PATTERN = r"^[+-]?\d{1,18}$"
NUMBER_PATTERN = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
BOOLEAN_VALUES = ["true", "false", "yes", "no", "y", "n", "t", "f"]
THOUSANDS_PATTERN = r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$"
_WHOLE_PATTERN = r"^[+-]?(\d{1,3}(,\d{3})+|\d{1,18})$"
TYPE_SHARE = 0.95  # share of non-missing values a type must explain
_FORMAT_PROBE = 200


@dataclass
class TypeEvidence:
    """Running counts of how many non-missing values parse as each type."""

    present: int = 0
    integer: int = 0
    number: int = 0
    boolean: int = 0
    datetime: int = 0
    has_time_of_day: bool = False
    number_min: float | None = None
    number_max: float | None = None
    time_min: np.datetime64 | None = None
    time_max: np.datetime64 | None = None
    text_min: str | None = None
    text_max: str | None = None
    months: set[int] = field(default_factory=set)  # yyyymm
    datetime_format: str | None = None
    number_ruled_out: bool = False
    datetime_ruled_out: bool = False
    time_hint: bool = False  # the header names a date or time (numbers may be dates then)
    placeholders: int = 0  # rows holding a placeholder date (1899-12-30, 9999-12-31 ...)
    datetime_note: str | None = None  # how an ambiguous day/month order was decided
    time_of_day_format: str | None = None  # a column of clock times ("23:47", "003837")
    time_of_day: int = 0
    zeros: int = 0  # rows holding 0 under a date header (Excel's empty date, day 0)
    positive_min: float | None = None  # the least non-zero number under a date header

    def add(self, values: pa.Array, counts: np.ndarray) -> tuple[str, pa.Array] | None:
        """Account for non-missing values of one batch (distinct or not) and their row counts.

        Returns (kind, parsed values) when the whole batch parsed as one kind ("integer",
        "number" or "time"), so callers can reuse the parse (e.g. to hash numbers cheaply).
        """
        if len(values) == 0:
            return None
        total = int(counts.sum())
        self.present += total
        self._add_time_of_day(values, counts)
        if self.datetime_format is None and not self.datetime_ruled_out and _compact(values):
            parsed_rows, parsed = self._add_datetimes(values, counts)
            if parsed_rows == total:
                self.number_ruled_out = True
                return "time", parsed
        # Fast paths: a whole batch that casts cleanly needs no per-value pattern matching.
        parsed = self._all_cast(values, pa.int64(), total, integer=True)
        if parsed is not None:
            self._note_zeros(parsed, counts)
            return "integer", parsed
        parsed = self._all_cast(values, pa.float64(), total, integer=False)
        if parsed is not None:
            self._note_zeros(parsed, counts)
            return "number", parsed
        parsed_rows, parsed = self._add_datetimes(values, counts)
        if parsed_rows == total:
            # A column of dates will not turn numeric: skip the (failing) number casts later.
            self.number_ruled_out = self.present >= 1000 and self.number < 0.05 * self.present
            return "time", parsed
        self._add_text_range(values)
        if not self.number_ruled_out and self._add_thousands(values, counts):
            return None
        if not self.number_ruled_out:
            numeric = pc.match_substring_regex(values, NUMBER_PATTERN)
            numeric = numeric.to_numpy(zero_copy_only=False)
            if numeric.any():
                self._add_numbers(values, counts, numeric)
            # A column that is mostly words will not become numeric: stop checking.
            self.number_ruled_out = self.present >= 1000 and self.number < 0.5 * self.present
        if len(values) <= 20:
            lowered = pc.utf8_lower(values)
            is_bool = pc.is_in(lowered, value_set=pa.array(BOOLEAN_VALUES))
            self.boolean += int(counts[is_bool.to_numpy(zero_copy_only=False)].sum())
        return None

    def add_parsed(self, kind: str, parsed: pa.Array, *, total: int) -> tuple[str, pa.Array]:
        """Account for a batch already cast whole to numbers ("integer" or "number")."""
        self.present += total
        self.number += total
        self.integer += total if kind == "integer" else 0
        self._widen_numbers(parsed)
        self._note_zeros(parsed, None)
        if self.time_of_day_format in ("%H%M%S", "%H%M") and kind == "integer":
            self.time_of_day += _clock_numbers(parsed, self.time_of_day_format)
        return kind, parsed

    def numeric_time_key(self) -> str | None:
        """Excel serial days or epoch time, when a numeric column's header and range say so."""
        if self.number < TYPE_SHARE * max(self.present, 1):
            return None
        low = self.positive_min if self.zeros else self.number_min
        return times.numeric_key(low, self.number_max, self.time_hint)

    def _note_zeros(self, parsed: pa.Array, counts: np.ndarray | None) -> None:
        """Under a date header, 0 is Excel's empty date: counted apart, not a 1899 date."""
        if not self.time_hint:
            return
        zero = pc.equal(parsed, 0).to_numpy(zero_copy_only=False)
        if zero.any():
            self.zeros += int(zero.sum() if counts is None else counts[zero].sum())
        positive = parsed.filter(pc.greater(parsed, 0))
        low = pc.min(positive).as_py() if len(positive) else None
        if low is not None:
            self.positive_min = low if self.positive_min is None else min(self.positive_min, low)

    def finish(self) -> None:
        """After the last batch: a numeric column read as dates gets its date range."""
        key = self.numeric_time_key()
        if key is None or self.time_min is not None:
            return
        low = self.positive_min if self.zeros else self.number_min
        bounds = times.parse(pa.array([low, self.number_max]), key).to_pylist()
        self.time_min, self.time_max = (np.datetime64(v, "s") for v in bounds)
        self.datetime_format = key
        self.datetime = self.number
        self.placeholders += self.zeros
        self.has_time_of_day = key != times.EXCEL

    def is_time_of_day(self) -> bool:
        """True for a column of clock times with no date (to combine with a date column)."""
        return self.present > 0 and self.time_of_day >= TYPE_SHARE * self.present

    def time_resolution(self) -> str | None:
        """ "timestamp", "date", "week", "month" or "quarter" of the column's date format."""
        if self.numeric_time_key():
            return "date" if self.numeric_time_key() == times.EXCEL else "timestamp"
        resolution = times.resolution(self.datetime_format)
        if resolution == "timestamp" and not self.has_time_of_day:
            return "date"
        return resolution

    def inferred_type(self) -> str:
        """One of integer, number, boolean, timestamp, date, text, empty."""
        if self.present == 0:
            return "empty"
        needed = TYPE_SHARE * self.present
        if self.numeric_time_key():
            return "timestamp" if self.time_resolution() == "timestamp" else "date"
        if self.integer >= needed:
            return "integer"
        if self.number >= needed:
            return "number"
        if self.datetime >= needed:
            return "timestamp" if self.has_time_of_day else "date"
        if self.boolean >= needed:
            return "boolean"
        return "text"

    def range_for(self, inferred_type: str) -> tuple:
        """(minimum, maximum) in the column's own type, JSON-ready."""
        if inferred_type in ("integer", "number") and self.number_min is not None:
            as_int = inferred_type == "integer"
            return _plain(self.number_min, as_int), _plain(self.number_max, as_int)
        if inferred_type in ("date", "timestamp") and self.time_min is not None:
            unit = "D" if inferred_type == "date" else "s"
            return _iso(self.time_min, unit), _iso(self.time_max, unit)
        return self.text_min, self.text_max

    def _add_text_range(self, values: pa.Array) -> None:
        bounds = pc.min_max(values)
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
        self.text_min = low if self.text_min is None else min(self.text_min, low)
        self.text_max = high if self.text_max is None else max(self.text_max, high)

    def _all_cast(
        self, values: pa.Array, target: pa.DataType, total: int, *, integer: bool
    ) -> pa.Array | None:
        if self.number_ruled_out:
            return None
        try:
            # A failed cast of a whole batch is slow (it builds an error); probe first.
            pc.cast(values.slice(0, _FORMAT_PROBE), target)
            parsed = pc.cast(values, target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        self.number += total
        self.integer += total if integer else 0
        self._widen_numbers(parsed)
        return parsed

    def _widen_numbers(self, parsed: pa.Array) -> None:
        bounds = pc.min_max(parsed)
        low, high = bounds["min"].as_py(), bounds["max"].as_py()
        if low is None:
            return
        self.number_min = low if self.number_min is None else min(self.number_min, low)
        self.number_max = high if self.number_max is None else max(self.number_max, high)

    def _add_numbers(self, values: pa.Array, counts: np.ndarray, numeric: np.ndarray) -> None:
        self.number += int(counts[numeric].sum())
        integer = pc.match_substring_regex(values, INTEGER_PATTERN).to_numpy(zero_copy_only=False)
        self.integer += int(counts[integer].sum())
        self._widen_numbers(pc.cast(values.filter(pa.array(numeric)), pa.float64()))

    def _add_datetimes(self, values: pa.Array, counts: np.ndarray) -> tuple[int, pa.Array | None]:
        """(rows whose value parses as a date, the parse); the format is chosen once.
        Placeholder dates (1899-12-30, 1900-01-01, 9999-12-31) count as parsed, but are
        counted apart and stretch neither the range nor the months."""
        if self.datetime_ruled_out:
            return 0, None
        fmt, note = (self.datetime_format, None) if self.datetime_format else times.detect(values)
        if fmt is None:
            self.datetime_ruled_out = self.present >= 1000
            return 0, None
        full = times.parse(values, fmt)
        valid = pc.is_valid(full).to_numpy(zero_copy_only=False)
        if not valid.any():
            return 0, None
        if self.datetime_format is None:
            self.datetime_format, self.datetime_note = fmt, note
        parsed_rows = int(counts[valid].sum())
        self.datetime += parsed_rows
        parsed = full.filter(pa.array(valid))
        placeholder = times.placeholder_mask(parsed)
        if placeholder is not None and placeholder.any():
            self.placeholders += int(counts[valid][placeholder].sum())
            parsed = parsed.filter(pa.array(~placeholder))
            if len(parsed) == 0:
                return parsed_rows, full
        bounds = pc.min_max(parsed)
        low = np.datetime64(bounds["min"].as_py())
        high = times.period_end(np.datetime64(bounds["max"].as_py()), fmt)
        self.time_min = low if self.time_min is None else min(self.time_min, low)
        self.time_max = high if self.time_max is None else max(self.time_max, high)
        if not self.has_time_of_day and times.has_time_of_day(fmt):
            seconds = pc.cast(parsed, pa.int64()).to_numpy() % 86400
            self.has_time_of_day = bool(seconds.any())
        self.months.update(times.months_covered(parsed, fmt))
        return parsed_rows, full

    def _add_time_of_day(self, values: pa.Array, counts: np.ndarray) -> None:
        """Count clock times ("23:47:00", "003837"); the format is chosen on the first batch."""
        if self.present - int(counts.sum()) > 0 and self.time_of_day_format is None:
            return  # not clock times in the first batch: never checked again
        if self.time_of_day_format is None:
            self.time_of_day_format = times.detect_time_of_day(values) or ""
        if not self.time_of_day_format:
            return
        parsed = pc.strptime(values, format=self.time_of_day_format, unit="s", error_is_null=True)
        self.time_of_day += int(counts[pc.is_valid(parsed).to_numpy(zero_copy_only=False)].sum())

    def _add_thousands(self, values: pa.Array, counts: np.ndarray) -> bool:
        """Counts written with thousands separators ("1,234") are numbers."""
        grouped = pc.match_substring_regex(values, THOUSANDS_PATTERN).to_numpy(zero_copy_only=False)
        if not grouped.any():
            return False
        plain = pc.match_substring_regex(values, NUMBER_PATTERN).to_numpy(zero_copy_only=False)
        numeric = grouped | plain
        self.number += int(counts[numeric].sum())
        integer = pc.match_substring_regex(values, _WHOLE_PATTERN).to_numpy(zero_copy_only=False)
        self.integer += int(counts[integer].sum())
        cleaned = pc.replace_substring(values.filter(pa.array(numeric)), ",", "")
        self._widen_numbers(pc.cast(cleaned, pa.float64()))
        return True


def parse_for_hashing(values: pa.Array, kind: str, datetime_format: str | None):
    """(mask of values that parse as kind, their keys as numpy) for hashing a batch that did
    not parse whole, so that a value gets the same hash in every batch."""
    if kind == "time":
        parsed = times.parse(values, datetime_format)
        mask = pc.is_valid(parsed).to_numpy(zero_copy_only=False)
        return mask, pc.cast(parsed.filter(pa.array(mask)), pa.int64()).to_numpy()
    integer = kind == "integer"
    pattern = INTEGER_PATTERN if integer else NUMBER_PATTERN
    mask = pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)
    target = pa.int64() if integer else pa.float64()
    return mask, pc.cast(values.filter(pa.array(mask)), target).to_numpy()


def _clock_numbers(parsed: pa.Array, fmt: str) -> int:
    """How many integers read as clock times in fmt (235959 yes, 236000 no)."""
    numbers = parsed.to_numpy(zero_copy_only=False)
    if fmt == "%H%M":
        numbers = numbers * 100
    ok = (numbers >= 0) & (numbers < 240000) & (numbers // 100 % 100 < 60) & (numbers % 100 < 60)
    return int(ok.sum())


def _compact(values: pa.Array) -> bool:
    """Every value of the batch's head is 8 digits: maybe a compact date (10062011)."""
    head = values.slice(0, 50)
    return bool(pc.all(pc.match_substring_regex(head, r"^\d{8}$")).as_py())


def _plain(value: float, as_int: bool):
    return int(value) if as_int else value


def _iso(value: np.datetime64, unit: str) -> str:
    return str(np.datetime_as_string(value, unit=unit)).replace("T", " ")
