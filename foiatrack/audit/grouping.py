"""Count rows by dimension keys in one streaming pass: the shared engine of reconciliation
and delivery comparison. Pure pyarrow, no Django.

A table is read batch by batch through the audit's reader and cleaning (repeated headers,
totals and footers dropped, missing and redaction tokens as null), each batch's dimension
values are normalised into keys (period at a unit, area, type label) and grouped; partial
groups are merged as they grow, so memory is bounded by the number of distinct keys, never
by the rows (a 6.6M-row calls file is never a pandas frame).
"""

from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import cleaning, readers, times
from .api import _cleaned, _keep_rows, _worth_encoding
from .results import TableSource

PERIOD_UNITS = ["date", "month", "year"]  # finest first
_STRFTIME = {"year": "%Y", "month": "%Y-%m", "date": "%Y-%m-%d"}
_MERGE_ROWS = 200_000  # merge partial groups when they pass this many rows
_AREA_PREFIX = r"^(DISTRICT|DIST\.?|AREA|PRECINCT|SECTOR|ZONE|WARD|COUNTY)\s+"


@dataclass
class Dimension:
    """One grouping key: a column, what it is ("period", "area", "type") and, for a period,
    its role ("year", "month", "date", "timestamp") and the unit to count at."""

    kind: str
    column: str
    role: str | None = None
    unit: str | None = None
    companion_year: str | None = None  # a month-name column is read with its year column


@dataclass
class Grouped:
    """Rows (or summed counts) per key tuple, in the order of the dimensions."""

    dimensions: list[Dimension]
    counts: dict[tuple, int] = field(default_factory=dict)
    rows: int = 0
    uncounted_rows: int = 0  # aggregate rows whose count was not a number


def count_groups(
    path: str, source: TableSource | None, dimensions: list[Dimension], count_column: str | None
) -> Grouped:
    """Rows per key (or the sum of count_column per key, for an aggregate), streaming."""
    state = _GroupState(dimensions, count_column)
    columns = _columns(dimensions, count_column)
    if source is None and str(path).lower().endswith(".parquet"):
        for batch in pq.ParquetFile(path).iter_batches(columns=columns):
            state.add(pa.Table.from_batches([batch]))
    else:
        readers.scan(path, source, lambda t, b, _p, last: state.consume(t, b, last, columns))
    return state.result()


def _columns(dimensions: list[Dimension], count_column: str | None) -> list[str]:
    names = [d.column for d in dimensions] + [d.companion_year for d in dimensions]
    return list(dict.fromkeys(n for n in [*names, count_column] if n))


class _GroupState:
    def __init__(self, dimensions: list[Dimension], count_column: str | None) -> None:
        self.dimensions = dimensions
        self.count_column = count_column
        self.reader = None
        self.encode: list[bool] = []
        self.formats: dict[str, str | None] = {}
        self.parts: list[pa.Table] = []
        self.part_rows = 0
        self.rows = 0
        self.uncounted = 0

    def consume(self, table, batch: pa.RecordBatch, is_last: bool, columns: list[str]) -> None:
        """One batch from the audit's reader: clean it as read_frame does, then group."""
        if self.reader is not table:  # first batch, or an encoding restart: start again
            self.__init__(self.dimensions, self.count_column)
            self.reader = table
            self.encode = [_worth_encoding(column) for column in batch.columns]
        missing = [c for c in columns if c not in table.names]
        if missing:
            raise KeyError(f"No such column(s): {', '.join(missing)}")
        chunks = [
            cleaning.encode_column(column, dictionary=encode)
            for column, encode in zip(batch.columns, self.encode, strict=True)
        ]
        keep = _keep_rows(table.names, chunks, is_last, {})
        arrays = {
            name: _cleaned(chunk, keep)
            for name, chunk in zip(table.names, chunks, strict=True)
            if name in columns
        }
        self.add(pa.table(arrays))

    def add(self, data: pa.Table) -> None:
        """Group one cleaned batch and keep its partial counts."""
        keys = {f"k{i}": self._key(data, d) for i, d in enumerate(self.dimensions)}
        self.rows += data.num_rows
        if self.count_column:
            counts = parse_counts(data.column(self.count_column))
            self.uncounted += counts.null_count
            value = pc.fill_null(counts, 0)
        else:
            value = pa.array(np.ones(data.num_rows, dtype=np.int64))
        grouped = _group(pa.table({**keys, "n": value}), list(keys))
        self.parts.append(grouped)
        self.part_rows += grouped.num_rows
        if self.part_rows > _MERGE_ROWS:
            merged = _group(pa.concat_tables(self.parts), list(keys))
            self.parts, self.part_rows = [merged], merged.num_rows

    def _key(self, data: pa.Table, dimension: Dimension) -> pa.Array:
        values = data.column(dimension.column).combine_chunks()
        if dimension.kind == "area":
            return normalise_areas(values)
        if dimension.kind == "type":
            return normalise_labels(values)
        if dimension.companion_year:
            year = data.column(dimension.companion_year).combine_chunks()
            values = pc.binary_join_element_wise(values, year, " ")
        if dimension.column not in self.formats:
            self.formats[dimension.column] = _period_format(values, dimension)
        return period_keys(values, dimension, self.formats[dimension.column])

    def result(self) -> Grouped:
        names = [f"k{i}" for i in range(len(self.dimensions))]
        grouped = Grouped(self.dimensions, rows=self.rows, uncounted_rows=self.uncounted)
        if not self.parts:
            return grouped
        merged = _group(pa.concat_tables(self.parts), names).to_pydict()
        for i, total in enumerate(merged["n"]):
            key = tuple(merged[name][i] for name in names)
            grouped.counts[key] = int(total)
        return grouped


def _group(table: pa.Table, keys: list[str]) -> pa.Table:
    """Sum n per key; null keys (a value that did not parse) form their own group."""
    grouped = table.group_by(keys, use_threads=False).aggregate([("n", "sum")])
    return grouped.select([*keys, "n_sum"]).rename_columns([*keys, "n"])


def parse_counts(values) -> pa.Array:
    """Count cells as integers: thousands separators and spaces removed; else null."""
    text = pc.cast(values, pa.string()) if values.type != pa.string() else values
    text = pc.replace_substring_regex(pc.utf8_trim_whitespace(text), r"[,\s]", "")
    numeric = pc.match_substring_regex(text, r"^[+-]?\d+(\.0*)?$")
    cleaned = pc.if_else(numeric, pc.replace_substring_regex(text, r"\.0*$", ""), None)
    return pc.cast(cleaned, pa.int64())


def normalise_labels(values) -> pa.Array:
    """Type labels compared without case, spacing or punctuation ("Alarm-Burglar" = "ALARM
    BURGLAR")."""
    text = pc.utf8_upper(pc.cast(values, pa.string()))
    text = pc.replace_substring_regex(text, r"[^0-9A-Z]+", " ")
    return _blank_as_null(pc.utf8_trim_whitespace(text))


def normalise_areas(values) -> pa.Array:
    """Area labels: case and spacing ignored, "District 05" = "5", "005" = "5"."""
    text = pc.utf8_upper(pc.utf8_trim_whitespace(pc.cast(values, pa.string())))
    text = pc.replace_substring_regex(text, _AREA_PREFIX, "")
    text = pc.replace_substring_regex(text, r"\s+", " ")
    numeric = pc.match_substring_regex(text, r"^\d+(\.0+)?$")
    stripped = pc.replace_substring_regex(
        pc.replace_substring_regex(text, r"\.0+$", ""), r"^0+(\d)", r"\1"
    )
    return _blank_as_null(pc.if_else(numeric, stripped, text))


def _blank_as_null(text: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def period_keys(values, dimension: Dimension, fmt: str | None) -> pa.Array:
    """Period labels at the dimension's unit: "2011", "2011-03" or "2011-03-04"; null when a
    value does not parse."""
    text = pc.utf8_trim_whitespace(pc.cast(values, pa.string()))
    if dimension.role == "year":
        years = pc.replace_substring_regex(text, r"^(\d{4})(\.0+)?$", r"\1")
        return pc.if_else(pc.match_substring_regex(years, r"^\d{4}$"), years, None)
    if fmt is None:
        return pa.nulls(len(text), pa.string())
    parsed = times.parse(text, fmt)
    return pc.strftime(parsed, format=_STRFTIME[dimension.unit or "month"])


def _period_format(values: pa.Array, dimension: Dimension) -> str | None:
    """The audit's date format key for a period column (chosen once per column)."""
    if dimension.role == "year":
        return None
    text = pc.utf8_trim_whitespace(pc.cast(pc.drop_null(values), pa.string()))
    key, _note = times.detect(text)
    return key


def coarser_unit(*units: str | None) -> str:
    """The coarsest of the given units ("year" beats "month" beats "date")."""
    known = [u for u in units if u in PERIOD_UNITS]
    return max(known, key=PERIOD_UNITS.index) if known else "month"


def unit_of_role(role: str) -> str:
    """The finest unit a period column of this role can be counted at."""
    return {"year": "year", "month": "month"}.get(role, "date")


def period_sort_key(value: str | None) -> tuple:
    return (value is None, value or "")
