"""The columnar copy: the audit's cleaned table written once as Parquet, batch by batch.

The audit reads a file once; while it profiles each batch it hands the cleaned rows
(repeated headers, totals, footers and blank rows dropped; missing, redacted and
placeholder cells as null; values trimmed) to a ColumnarCopy, which appends them to a
Parquet file under a temporary name. When the audit knows the roles, finish() sets the
types it is sure of (date and time columns whose every value parsed become timestamps,
count columns whose every value is a number become numbers; everything else stays text,
so identifiers keep their leading zeros) and renames the file into place atomically, so
a reader never sees half a copy and a re-audit replaces the old copy in one step.

Pure Python + pyarrow, no Django.
"""

import os
import uuid
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from . import times
from .cleaning import ColumnChunk

TIME_ROLES = ("timestamp", "date")
COUNT_ROLES = ("count",)


class ColumnarCopy:
    """Writes one table's cleaned rows to `path` (Parquet): start, write per batch, finish."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.temp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.part")
        self.writer: pq.ParquetWriter | None = None
        self.names: list[str] = []
        self.rows = 0

    def start(self, names: list[str]) -> None:
        """Begin (or, after the reader restarted with another encoding, begin again)."""
        self._close()
        self.names = list(names)
        self.rows = 0
        schema = pa.schema([pa.field(name, pa.string()) for name in self.names])
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # The stream is written uncompressed (cheapest); finish() compresses it once.
        self.writer = pq.ParquetWriter(self.temp, schema, compression="none")

    def write(self, chunks: list[ColumnChunk], keep: np.ndarray | None) -> None:
        """Append one batch's data rows (keep: the rows that are data; None: all)."""
        arrays = [cleaned(chunk, keep) for chunk in chunks]
        batch = pa.record_batch(arrays, schema=self.writer.schema)
        if batch.num_rows:
            self.writer.write_batch(batch)
            self.rows += batch.num_rows

    def finish(self, types: dict[str, tuple[str, str | None]] | None = None) -> int:
        """Close, set the known types, move into place; returns the file's size in bytes.

        types maps a column to ("timestamp", time format key) or ("integer"|"number", None).
        """
        self._close()
        final = self.temp.with_name(self.temp.name + ".typed")
        _retype(self.temp, final, types or {})
        self.temp.unlink()
        os.replace(final, self.path)  # atomic on one file system: old copy or new, never half
        return self.path.stat().st_size

    def abort(self) -> None:
        """Drop the unfinished copy (the audit failed); an earlier copy stays as it was."""
        self._close()
        for path in (self.temp, self.temp.with_name(self.temp.name + ".typed")):
            path.unlink(missing_ok=True)

    def _close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def cleaned(chunk: ColumnChunk, keep: np.ndarray | None) -> pa.Array:
    """A chunk's values, one per data row, missing tokens as null."""
    values = pc.if_else(pa.array(chunk.missing), pa.scalar(None, pa.string()), chunk.values)
    if values.type != pa.string():
        values = values.cast(pa.string())
    if chunk.indices is None:
        return values if keep is None else values.filter(pa.array(keep))
    indices = chunk.indices if keep is None else chunk.indices[keep]
    return values.take(pa.array(indices))


def known_types(roles: dict[str, str], profilers: dict) -> dict[str, tuple[str, str | None]]:
    """Columns whose type the audit is sure of: every present value parsed as that type."""
    types: dict[str, tuple[str, str | None]] = {}
    for name, role in roles.items():
        evidence = profilers[name].types
        if not evidence.present:
            continue
        if role in TIME_ROLES:
            key = evidence.numeric_time_key() or evidence.datetime_format
            if key and evidence.datetime >= evidence.present:
                types[name] = ("timestamp", key)
        elif role in COUNT_ROLES:
            if evidence.integer >= evidence.present:
                types[name] = ("integer", None)
            elif evidence.number >= evidence.present:
                types[name] = ("number", None)
    return types


_ARROW_TYPES = {"timestamp": pa.timestamp("s"), "integer": pa.int64(), "number": pa.float64()}


def _retype(source: Path, target: Path, types: dict[str, tuple[str, str | None]]) -> None:
    """Copy source to target row group by row group, compressed, typed columns converted.
    A column that will not convert after all (a count written "1,234") stays text."""
    reader = pq.ParquetFile(source)
    fields = []
    for field in reader.schema_arrow:
        kind = types.get(field.name, (None,))[0]
        fields.append(pa.field(field.name, _ARROW_TYPES[kind]) if kind else field)
    schema = pa.schema(fields)
    try:
        with pq.ParquetWriter(target, schema, compression="zstd") as writer:
            for index in range(reader.num_row_groups):
                group = reader.read_row_group(index)
                columns = [
                    _convert(field.name, group.column(i), types.get(field.name))
                    for i, field in enumerate(reader.schema_arrow)
                ]
                writer.write_table(pa.table(columns, schema=schema))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as error:
        target.unlink(missing_ok=True)
        failed = _failed_column(error, types)
        _retype(source, target, {n: t for n, t in types.items() if n != failed})


class _ColumnError(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _failed_column(error: Exception, types: dict) -> str:
    if isinstance(error, _ColumnError):
        return error.name
    return next(iter(types))  # unexpected: give up typing one column at a time


def _convert(
    name: str, column: pa.ChunkedArray, wanted: tuple[str, str | None] | None
) -> pa.ChunkedArray:
    if wanted is None:
        return column
    kind, key = wanted
    text = column.combine_chunks()
    try:
        if kind == "timestamp":
            parsed = times.parse(text, key)
            if parsed.null_count != text.null_count:  # a value that did not parse: keep text
                raise ValueError("unparsed")
            return pa.chunked_array([parsed.cast(pa.timestamp("s"))])
        return pa.chunked_array([pc.cast(text, _ARROW_TYPES[kind])])
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as error:
        raise _ColumnError(name) from error
