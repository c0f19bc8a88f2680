"""Infer a column's type from its text values, with explicit date formats (no per-row guessing)."""

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

INTEGER_PATTERN = r"^[+-]?\d{1,18}$"
NUMBER_PATTERN = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
BOOLEAN_VALUES = ["true", "false", "yes", "no", "y", "n", "t", "f"]
TIMESTAMP_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
]
DATE_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y", "%Y/%m/%d", "%d-%b-%Y", "%d-%b-%y", "%Y-%m"]
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

    def add(self, values: pa.Array, counts: np.ndarray) -> tuple[str, pa.Array] | None:
        """Account for non-missing values of one batch (distinct or not) and their row counts.

        Returns (kind, parsed values) when the whole batch parsed as one kind ("integer",
        "number" or "time"), so callers can reuse the parse (e.g. to hash numbers cheaply).
        """
        if len(values) == 0:
            return None
        total = int(counts.sum())
        self.present += total
        # Fast paths: a whole batch that casts cleanly needs no per-value pattern matching.
        parsed = self._all_cast(values, pa.int64(), total, integer=True)
        if parsed is not None:
            return "integer", parsed
        parsed = self._all_cast(values, pa.float64(), total, integer=False)
        if parsed is not None:
            return "number", parsed
        parsed_rows, parsed = self._add_datetimes(values, counts)
        if parsed_rows == total:
            # A column of dates will not turn numeric: skip the (failing) number casts later.
            self.number_ruled_out = self.present >= 1000 and self.number < 0.05 * self.present
            return "time", parsed
        self._add_text_range(values)
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
        return kind, parsed

    def inferred_type(self) -> str:
        """One of integer, number, boolean, timestamp, date, text, empty."""
        if self.present == 0:
            return "empty"
        needed = TYPE_SHARE * self.present
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
        """(rows whose value parses as a date, the parse); the format is chosen once."""
        if self.datetime_ruled_out:
            return 0, None
        fmt = self.datetime_format or _best_format(values)
        if fmt is None:
            self.datetime_ruled_out = self.present >= 1000
            return 0, None
        full = pc.strptime(values, format=fmt, unit="s", error_is_null=True)
        valid = pc.is_valid(full).to_numpy(zero_copy_only=False)
        if not valid.any():
            return 0, None
        self.datetime_format = fmt
        parsed_rows = int(counts[valid].sum())
        self.datetime += parsed_rows
        parsed = full.filter(pa.array(valid))
        bounds = pc.min_max(parsed)
        low = np.datetime64(bounds["min"].as_py())
        high = np.datetime64(bounds["max"].as_py())
        self.time_min = low if self.time_min is None else min(self.time_min, low)
        self.time_max = high if self.time_max is None else max(self.time_max, high)
        if not self.has_time_of_day and fmt in TIMESTAMP_FORMATS:
            seconds = pc.cast(parsed, pa.int64()).to_numpy() % 86400
            self.has_time_of_day = bool(seconds.any())
        months = pc.add(pc.multiply(pc.year(parsed), 100), pc.month(parsed))
        self.months.update(pc.unique(months).to_pylist())
        return parsed_rows, full


def parse_for_hashing(values: pa.Array, kind: str, datetime_format: str | None):
    """(mask of values that parse as kind, their keys as numpy) for hashing a batch that did
    not parse whole, so that a value gets the same hash in every batch."""
    if kind == "time":
        parsed = pc.strptime(values, format=datetime_format, unit="s", error_is_null=True)
        mask = pc.is_valid(parsed).to_numpy(zero_copy_only=False)
        return mask, pc.cast(parsed.filter(pa.array(mask)), pa.int64()).to_numpy()
    integer = kind == "integer"
    pattern = INTEGER_PATTERN if integer else NUMBER_PATTERN
    mask = pc.match_substring_regex(values, pattern).to_numpy(zero_copy_only=False)
    target = pa.int64() if integer else pa.float64()
    return mask, pc.cast(values.filter(pa.array(mask)), target).to_numpy()


def _best_format(values: pa.Array) -> str | None:
    probe = values.slice(0, _FORMAT_PROBE)
    best, best_count = None, 0
    for fmt in TIMESTAMP_FORMATS + DATE_FORMATS:
        parsed = pc.strptime(probe, format=fmt, unit="s", error_is_null=True)
        count = len(probe) - parsed.null_count
        if count > best_count:
            best, best_count = fmt, count
    return best


def _plain(value: float, as_int: bool):
    return int(value) if as_int else value


def _iso(value: np.datetime64, unit: str) -> str:
    return str(np.datetime_as_string(value, unit=unit)).replace("T", " ")
