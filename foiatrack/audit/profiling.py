"""Per-column running statistics, fed one dictionary-encoded batch at a time."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .cleaning import ColumnChunk
from .distinct import EXACT_LIMIT, HLL_RELATIVE_ERROR, DistinctCounter, hash_values, mix64
from .parsing import TypeEvidence, parse_for_hashing
from .results import ColumnProfile
from .times import PLACEHOLDER_DAYS
from .times import parse as parse_times

_PLACEHOLDER_DAY_NUMBERS = PLACEHOLDER_DAYS.astype(np.int64)

EXAMPLES = 5
SAMPLE = 200  # distinct values kept for value-based roles; never shown to anyone
DAY_LIMIT = 100_000  # distinct days counted for the date distribution (about 270 years)
HLL_RELATIVE_ERROR_ROUNDED = round(float(HLL_RELATIVE_ERROR), 4)


class ColumnProfiler:
    """Everything the audit needs to know about one column, in bounded memory."""

    def __init__(self, name: str, *, exact_limit: int = EXACT_LIMIT) -> None:
        self.name = name
        self.rows = 0
        self.null_count = 0
        self.redacted_count = 0
        self.distinct = DistinctCounter(exact_limit)
        self.types = TypeEvidence()
        self.examples: list[str] = []
        self.sample: list[str] = []
        self.day_counts: dict[int, int] = {}  # days since 1970-01-01 -> rows (dates only)
        # The last batch's parsed times, one per value of chunk.values (or None): read once
        # more by the area × period counter instead of parsing the batch twice.
        self.last_times: pa.Array | None = None
        self.hash_mode: str | None = None  # "integer" | "number" | "time" | "text"

    def add(
        self, chunk: ColumnChunk, keep: np.ndarray | None, row_hashes: np.ndarray | None = None
    ) -> None:
        """Add one batch; keep (row mask) removes rows that are not data. row_hashes: the
        hash of each row's value, computed beforehand for columns kept unencoded."""
        counts = _value_counts(chunk, keep)
        self.last_times = None
        self.rows += int(counts.sum())
        self.null_count += int(counts[chunk.missing].sum())
        self.redacted_count += int(counts[chunk.redacted].sum())
        present = ~chunk.missing & (counts > 0)
        if not present.any():
            return
        whole = bool(present.all())
        values = chunk.values if whole else chunk.values.filter(pa.array(present))
        present_counts = counts if whole else counts[present]
        if chunk.parsed is not None and whole:
            parsed = self.types.add_parsed(*chunk.parsed, total=int(present_counts.sum()))
        else:
            parsed = self.types.add(values, present_counts)
        if chunk.indices is None:
            pre_hashed = row_hashes[present] if row_hashes is not None else None
            self.distinct.add_hashes(self._hashes(values, parsed, pre_hashed))
        else:
            self.distinct.add(values, present_counts)
        self._count_days(values, present_counts, parsed)
        if whole and parsed is not None and parsed[0] == "time":
            self.last_times = parsed[1]
        if len(self.sample) < SAMPLE:
            self._add_sample(values)
        if len(self.examples) < EXAMPLES:
            for value in values.slice(0, EXAMPLES).to_pylist():
                if value not in self.examples and len(self.examples) < EXAMPLES:
                    self.examples.append(value)

    def _add_sample(self, values: pa.Array) -> None:
        seen = set(self.sample)
        for value in values.slice(0, SAMPLE).to_pylist():
            if value not in seen and len(self.sample) < SAMPLE:
                self.sample.append(value)
                seen.add(value)

    def _count_days(self, values: pa.Array, counts: np.ndarray, parsed) -> None:
        """Rows per day of a date column, so the period can leave out a stray tail."""
        fmt = self.types.datetime_format
        if parsed is not None and parsed[0] == "time":
            times = parsed[1]
        elif fmt is not None and self.types.datetime >= 0.5 * self.types.present:
            times = parse_times(values, fmt)
        else:
            return
        if len(times) != len(counts):
            return
        days = pc.cast(pc.cast(times, pa.date32()), pa.int32()).to_numpy(zero_copy_only=False)
        # Placeholder dates (1899-12-30, 9999-12-31) are missing values, not days of the period.
        valid = ~np.isnan(days.astype("float64"))
        valid[valid] = ~np.isin(days[valid].astype(np.int64), _PLACEHOLDER_DAY_NUMBERS)
        if not valid.any():
            return
        unique, inverse = np.unique(days[valid].astype(np.int64), return_inverse=True)
        totals = np.bincount(inverse, weights=counts[valid])
        for day, total in zip(unique.tolist(), totals.tolist(), strict=True):
            if day in self.day_counts or len(self.day_counts) < DAY_LIMIT:
                self.day_counts[day] = self.day_counts.get(day, 0) + int(total)

    def _hashes(self, values: pa.Array, parsed, pre_hashed: np.ndarray | None) -> np.ndarray:
        """Hashes of a mostly-unique column's values: numbers and times by their parsed
        value (cheap), text by DuckDB; the mode is fixed by the first batch."""
        if self.hash_mode is None:
            self.hash_mode = parsed[0] if parsed is not None else "text"
        if self.hash_mode == "text":
            return pre_hashed if pre_hashed is not None else hash_values(values)
        if parsed is not None and parsed[0] == self.hash_mode:
            keys = parsed[1]
            if self.hash_mode == "time":
                keys = pc.cast(keys, pa.int64())
            return mix64(keys.to_numpy(zero_copy_only=False))
        mask, keys = parse_for_hashing(values, self.hash_mode, self.types.datetime_format)
        rest = values.filter(pa.array(~mask))
        text = hash_values(rest) if len(rest) else np.empty(0, dtype=np.uint64)
        return np.concatenate([mix64(keys), text])

    @property
    def present(self) -> int:
        return self.rows - self.null_count

    def value_counts(self) -> dict[str, int] | None:
        """Exact counts per value when the column has few distinct values, else None."""
        return self.distinct.small

    def profile(self, role: str) -> ColumnProfile:
        """The stored profile; role is decided by the caller (roles.py)."""
        inferred = self.types.inferred_type()
        minimum, maximum = self.types.range_for(inferred)
        return ColumnProfile(
            name=self.name,
            role=role,
            inferred_type=inferred,
            null_count=self.null_count,
            null_rate=_rate(self.null_count, self.rows),
            redacted_count=self.redacted_count,
            redacted_rate=_rate(self.redacted_count, self.rows),
            distinct_count=self.distinct.count(),
            distinct_is_exact=self.distinct.is_exact,
            distinct_relative_error=None if self.distinct.is_exact else HLL_RELATIVE_ERROR_ROUNDED,
            minimum=minimum,
            maximum=maximum,
            examples=list(self.examples),
        )


def _value_counts(chunk: ColumnChunk, keep: np.ndarray | None) -> np.ndarray:
    if chunk.indices is None:
        return np.ones(chunk.rows, dtype=np.int64) if keep is None else keep.astype(np.int64)
    indices = chunk.indices if keep is None else chunk.indices[keep]
    return np.bincount(indices, minlength=len(chunk.values))


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 6) if whole else 0.0
