"""The audit's public functions: list_tables, audit_table, audit_path, read_frame."""

import os
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import (
    call_times,
    cleaning,
    columnar,
    demographics,
    distinct,
    findings,
    flags,
    holes,
    readers,
    reading,
    roles,
    wide,
)
from .distinct import EXACT_LIMIT, ID_EXACT_LIMIT
from .errors import UnreadableFileError
from .profiling import ColumnProfiler
from .results import TableAudit, TableSource
from .tables import list_sheets, list_tables

__all__ = ["audit_path", "audit_table", "list_sheets", "list_tables", "read_frame"]

Progress = Callable[[int, float], None]
# Column work is pyarrow/numpy/DuckDB code that releases the GIL, so two threads use two cores.
_POOL = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1))


class _Scan:
    """Consumes batches: drops non-data rows, feeds the column profilers."""

    def __init__(
        self, progress: Progress | None, copy: columnar.ColumnarCopy | None = None
    ) -> None:
        self.progress = progress
        self.copy = copy
        self.table = None
        self.profilers: dict[str, ColumnProfiler] = {}
        self.dropped: dict[str, int] = {}
        self.rows_read = 0
        self.dictionary: dict[str, bool] = {}

    def start(self, table) -> None:
        """Begin (or, after an encoding restart, begin again) with fresh profilers."""
        self.table = table
        self.profilers = {name: _profiler_for(name) for name in table.names}
        reading.start(self.profilers)
        self.cross = holes.AreaPeriodCounter.for_names(table.names)
        self.dropped, self.rows_read, self.dictionary = {}, 0, {}
        self.placeholders: dict[str, int] = {}
        if self.copy is not None:
            self.copy.start(table.names)

    def prepare(self, table, batch: pa.RecordBatch) -> list[cleaning.ColumnChunk]:
        """Encode a batch's columns (runs in the read-ahead thread, one batch ahead)."""
        if table is not self.table:
            self.start(table)
        return self._encode(batch)

    def __call__(
        self, table, batch: pa.RecordBatch, chunks: list[cleaning.ColumnChunk], is_last: bool
    ) -> None:
        keep = _keep_rows(table.names, chunks, is_last, self.dropped)
        hashes = _row_hashes(chunks, list(self.profilers.values()))
        work = zip(self.profilers.values(), chunks, range(len(chunks)), strict=True)
        list(_POOL.map(lambda item: item[0].add(item[1], keep, hashes.get(item[2])), work))
        _count_placeholders(table.names, chunks, keep, self.placeholders)
        self.cross.add(chunks, keep, self.profilers)
        if self.copy is not None:
            self.copy.write(chunks, keep)
        self.rows_read += batch.num_rows
        if self.progress:
            self.progress(self.rows_read, min(table.bytes_read / max(table.total_bytes, 1), 1.0))

    def _encode(self, batch: pa.RecordBatch) -> list[cleaning.ColumnChunk]:
        for name, column in zip(self.table.names, batch.columns, strict=True):
            if name not in self.dictionary:
                self.dictionary[name] = _worth_encoding(column)

        def encode(item) -> cleaning.ColumnChunk:
            name, column = item
            numeric = _numeric_mode(self.profilers[name])
            return cleaning.encode_column(column, dictionary=self.dictionary[name], numeric=numeric)

        return list(_POOL.map(encode, zip(self.table.names, batch.columns, strict=True)))


def audit_table(
    path: str,
    source: TableSource,
    *,
    role_overrides: dict[str, str] | None = None,
    jurisdiction: str | None = None,
    progress: Progress | None = None,
    parquet_path: str | None = None,
) -> TableAudit:
    """Read one table in bounded memory and return its profile, findings and flags. A notes
    sheet or a pivot of data held on another sheet comes back as "not a table".

    With parquet_path the cleaned rows are also written there as Parquet in the same read
    (columnar.py), replacing any earlier copy atomically once the audit has succeeded;
    audit.columnar_bytes then holds the copy's size."""
    if source.kind in ("notes", "pivot"):
        return _not_a_table(source)
    copy = columnar.ColumnarCopy(parquet_path) if parquet_path else None
    try:
        audit = _audit_table(path, source, role_overrides, jurisdiction, progress, copy)
    except BaseException:
        if copy is not None:
            copy.abort()
        raise
    return audit


def _audit_table(path, source, role_overrides, jurisdiction, progress, copy) -> TableAudit:
    scan = _Scan(progress, copy)
    table = readers.scan(path, source, scan, prepare=scan.prepare)
    if scan.table is None:  # no data rows at all: profile the header alone
        scan.start(table)
    dropped = _dropped_counts(scan.dropped, table)
    profilers = scan.profilers
    placeholders = _merge_counts(scan.placeholders, reading.finish(profilers))
    rows = next(iter(profilers.values())).rows if profilers else 0
    inferred = roles.infer_roles(profilers)
    inferred, notes = reading.combine_date_time(inferred, profilers)
    final_roles = roles.apply_overrides(inferred, role_overrides)
    audit = _findings(path, source, table, profilers, final_roles, rows, jurisdiction, scan.cross)
    audit.dropped_rows = _merge_counts(dropped, audit.dropped_rows)
    audit.reading_notes = reading.format_notes(profilers) + notes + audit.reading_notes
    audit.header_rows = getattr(table, "header_rows", 1)
    audit.table_kind, audit.hidden = source.kind, source.hidden
    for column in audit.columns:
        column.role_was_corrected = bool(role_overrides) and column.name in role_overrides
        column.placeholder_count = placeholders.get(column.name, 0)
    audit.flags.extend(_read_problem_flags(rows, dropped, table))
    if copy is not None:
        audit.columnar_bytes = copy.finish(columnar.known_types(final_roles, profilers))
    return audit


def audit_path(path: str, *, include_hidden: bool = False, **kwargs) -> list[TableAudit]:
    """list_tables + audit_table for each; an unreadable table gets one UNPARSEABLE flag.
    Hidden sheets are audited only with include_hidden (and marked hidden); a notes sheet
    comes back as "not a table"; a pivot sheet is left out when the workbook holds data."""
    audits = []
    original_name = kwargs.pop("original_name", None)
    for source in list_tables(path, original_name, include_hidden=include_hidden):
        try:
            audits.append(audit_table(path, source, **kwargs))
        except UnreadableFileError as error:
            audits.append(_unreadable(source, str(error)))
    return audits


def read_frame(path: str, source: TableSource, *, columns: list[str] | None = None) -> pd.DataFrame:
    """The cleaned table: text values (trimmed), missing and redacted tokens as NA, non-data
    rows dropped. columns limits which columns are returned."""
    parts: list[pa.Table] = []
    holder: dict = {}

    def collect(table, batch: pa.RecordBatch, _prepared, is_last: bool) -> None:
        if holder.get("table") is not table:  # first batch, or an encoding restart
            parts.clear()
            holder["table"] = table
            holder["encode"] = [_worth_encoding(column) for column in batch.columns]
        wanted = columns or table.names
        _check_columns(wanted, table.names)
        chunks = [
            cleaning.encode_column(column, dictionary=encode)
            for column, encode in zip(batch.columns, holder["encode"], strict=True)
        ]
        keep = _keep_rows(table.names, chunks, is_last, {})
        arrays = {}
        for name, chunk in zip(table.names, chunks, strict=True):
            if name in wanted:
                arrays[name] = _cleaned(chunk, keep)
        parts.append(pa.table([arrays[n] for n in wanted], names=list(wanted)))

    table = readers.scan(path, source, collect)
    _check_columns(columns or [], table.names)
    names = list(columns or table.names)
    if not parts:
        return pd.DataFrame({name: pd.Series([], dtype="string") for name in names})
    combined = pa.concat_tables(parts)
    return combined.to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get)


def _merge_counts(*counts: dict[str, int]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for part in counts:
        for key, n in part.items():
            merged[key] = merged.get(key, 0) + n
    return merged


def _count_placeholders(names, chunks, keep, counts: dict[str, int]) -> None:
    """Rows per column holding a placeholder token ("UNKNOWN", "(,)", "0,0")."""
    for name, chunk in zip(names, chunks, strict=True):
        if chunk.placeholder is None or not chunk.placeholder.any():
            continue
        per_row = chunk.per_row(chunk.placeholder)
        found = int((per_row if keep is None else per_row & keep).sum())
        if found:
            counts[name] = counts.get(name, 0) + found


def _not_a_table(source: TableSource) -> TableAudit:
    kind = "notes" if source.kind == "notes" else "pivot"
    message = (
        "a notes or readme sheet: not a table, kept and shown"
        if kind == "notes"
        else "a pivot sheet (Row Labels / Sum of ...) of data held on another sheet: left out"
    )
    return TableAudit(
        name=source.name,
        rows=0,
        columns=[],
        flags=[],
        granularity="record",
        time_resolution="none",
        geo_resolution="none",
        reading_notes=[message],
        table_kind=kind,
        hidden=source.hidden,
    )


def _numeric_mode(profiler: ColumnProfiler) -> str | None:
    return profiler.hash_mode if profiler.hash_mode in ("integer", "number") else None


def _row_hashes(chunks: list[cleaning.ColumnChunk], profilers: list) -> dict[int, np.ndarray]:
    """Hashes of the mostly-unique text columns, in one DuckDB query per batch (numbers and
    times are hashed by value inside their profiler)."""
    positions = [
        i
        for i, (chunk, profiler) in enumerate(zip(chunks, profilers, strict=True))
        if chunk.indices is None and profiler.hash_mode == "text"
    ]
    if not positions:
        return {}
    hashed = distinct.hash_columns([chunks[i].values for i in positions])
    return dict(zip(positions, hashed, strict=True))


def _check_columns(wanted: list[str], names: list[str]) -> None:
    missing = [name for name in wanted if name not in names]
    if missing:
        raise KeyError(f"No such column(s): {', '.join(missing)}")


def _worth_encoding(column: pa.Array) -> bool:
    """Dictionary-encode a column unless a probe shows mostly unique values (IDs, times)."""
    probe = column.slice(0, 5000)
    return len(probe) < 1000 or pc.count_distinct(probe).as_py() < 0.5 * len(probe)


def _profiler_for(name: str) -> ColumnProfiler:
    limit = ID_EXACT_LIMIT if roles.is_id_role(roles.role_from_name(name)) else EXACT_LIMIT
    return ColumnProfiler(name, exact_limit=limit)


def _keep_rows(names, chunks, is_last: bool, dropped: dict[str, int]) -> np.ndarray | None:
    masks = cleaning.drop_masks(names, chunks, is_last=is_last)
    drop = None
    for reason, mask in masks.items():
        count = int(mask.sum())
        if count:
            dropped[reason] = dropped.get(reason, 0) + count
            drop = mask if drop is None else drop | mask
    return None if drop is None else ~drop


def _cleaned(chunk: cleaning.ColumnChunk, keep: np.ndarray | None) -> pa.Array:
    values = pc.if_else(pa.array(chunk.missing), pa.scalar(None, pa.string()), chunk.values)
    if chunk.indices is None:
        return values if keep is None else values.filter(pa.array(keep))
    indices = chunk.indices if keep is None else chunk.indices[keep]
    return values.take(pa.array(indices))


def _dropped_counts(dropped: dict[str, int], table) -> dict[str, int]:
    counts = dict(dropped)
    for text, fields, expected in table.ragged_texts:
        reason = _ragged_reason(text, fields, expected)
        counts[reason] = counts.get(reason, 0) + 1
    unseen = table.ragged_rows - len(table.ragged_texts)
    if unseen > 0:
        counts["ragged"] = counts.get("ragged", 0) + unseen
    return {reason: n for reason, n in counts.items() if n}


def _ragged_reason(text: str, fields: int, expected: int) -> str:
    """A short row is a total ("Total,1234"), a note ("Source: OEMC, 2012") or broken."""
    first = re.split(r"[,;\t|]", text.strip().strip('"'), maxsplit=1)[0].strip().strip('"')
    if re.match(cleaning.TOTAL_PATTERN, first, re.IGNORECASE):
        return "total"
    if fields < expected and fields <= max(2, expected // 2) and first[:1].isalpha():
        return "footer"
    return "ragged"


def _findings(
    path, source, table, profilers, final_roles, rows, jurisdiction, cross=None
) -> TableAudit:
    periods = wide.period_columns(profilers)
    if periods:
        return _wide_findings(
            path, source, table, profilers, final_roles, rows, periods, jurisdiction
        )
    stored_roles = final_roles
    final_roles = findings.with_event_dates(final_roles, profilers)
    granularity = findings.granularity(final_roles, profilers)
    period = findings.period(final_roles, profilers)
    coverage = findings.area_coverage(final_roles, profilers, jurisdiction, period["end"])
    dimensions = findings.aggregate_dimensions(final_roles) if granularity == "aggregate" else []
    time_resolution = _coarsest_safe(
        findings.time_resolution(final_roles, profilers), final_roles, profilers
    )
    geo_resolution = findings.geo_resolution(final_roles, profilers, granularity)
    facts = flags.TableFacts(
        rows=rows,
        roles=final_roles,
        profilers=profilers,
        granularity=granularity,
        time_resolution=time_resolution,
        geo_resolution=geo_resolution,
        missing_periods=period["missing"],
        area_coverage=coverage,
        dimensions=dimensions,
        area_periods=cross,
    )
    read = lambda cols: read_frame(path, source, columns=cols)  # noqa: E731
    people = demographics.demographic_profiles(stored_roles, profilers)
    times = call_times.call_intervals(stored_roles, read) if granularity == "record" else []
    totals = None
    if granularity == "aggregate":
        totals = findings.total_by_year(
            final_roles, profilers, lambda cols: read_frame(path, source, columns=cols)
        )
    return TableAudit(
        name=source.name,
        rows=rows,
        columns=[p.profile(stored_roles[name]) for name, p in profilers.items()],
        flags=flags.table_flags(facts) if rows else [],
        granularity=granularity,
        time_resolution=time_resolution,
        geo_resolution=geo_resolution,
        period_start=period["start"],
        period_end=period["end"],
        missing_periods=period["missing"],
        total_by_year=totals,
        aggregate_dimensions=dimensions,
        areas_covered=coverage.get("covered", []),
        missing_areas=coverage.get("missing", []),
        encoding=readers.encoding_name(table),
        delimiter=table.delimiter,
        header_row=table.header_row,
        demographics=people,
        call_times=times,
    )


def _coarsest_safe(resolution: str, final_roles, profilers) -> str:
    """Weeks and quarters written as dates ("2018-W27", "2017 Q1") are not day-level: say
    month for weeks and year for quarters (never finer than the data)."""
    if resolution != "date":
        return resolution
    dated = [n for n, r in final_roles.items() if r == "date" and profilers[n].present]
    kinds = {profilers[n].types.time_resolution() for n in dated}
    if kinds == {"quarter"}:
        return "year"
    if kinds <= {"week", "month", "quarter"} and kinds:
        return "month"
    return resolution


def _wide_findings(path, source, table, profilers, final_roles, rows, periods, jurisdiction):
    """A count table with one column per period: everything else is a dimension."""
    wide_roles = {n: ("count" if n in periods else r) for n, r in final_roles.items()}
    dimensions = [n for n in wide_roles if n not in periods]
    text_dims = [n for n in dimensions if profilers[n].types.inferred_type() == "text"]
    years = [n for n in dimensions if final_roles[n] == "year"]
    frame = read_frame(path, source, columns=text_dims + years[:1] + list(periods))
    result = wide.findings(periods, frame, years[0] if years else None)
    if result["start"] is None:  # month columns: the year stands in a column of its own
        period = findings.period(wide_roles, profilers)
        result["start"], result["end"] = period["start"], period["end"]
    coverage = findings.area_coverage(wide_roles, profilers, jurisdiction, result["end"])
    geo_resolution = findings.geo_resolution(wide_roles, profilers, "aggregate")
    rows -= result["subtotal_rows"]
    columns = [p.profile(wide_roles[name]) for name, p in profilers.items()]
    for column in columns:
        filled = result["carried_down"].get(column.name, 0)
        if filled:
            column.null_count -= filled
            column.null_rate = round(column.null_count / rows, 6) if rows else 0.0
            result["notes"].append(f"{column.name}: {filled:,} cells carry the label above")
    facts = flags.TableFacts(
        rows=rows,
        roles=wide_roles,
        profilers=profilers,
        granularity="aggregate",
        time_resolution=result["time_resolution"],
        geo_resolution=geo_resolution,
        missing_periods=result["missing"],
        area_coverage=coverage,
        dimensions=dimensions,
    )
    return TableAudit(
        name=source.name,
        rows=rows,
        columns=columns,
        flags=flags.table_flags(facts) if rows else [],
        granularity="aggregate",
        time_resolution=result["time_resolution"],
        geo_resolution=geo_resolution,
        period_start=result["start"],
        period_end=result["end"],
        missing_periods=result["missing"],
        total_by_year=result["total_by_year"],
        aggregate_dimensions=dimensions,
        areas_covered=coverage.get("covered", []),
        missing_areas=coverage.get("missing", []),
        encoding=readers.encoding_name(table),
        delimiter=table.delimiter,
        header_row=table.header_row,
        dropped_rows={"subtotal": result["subtotal_rows"]} if result["subtotal_rows"] else {},
        reading_notes=result["notes"],
    )


def _read_problem_flags(rows: int, dropped: dict[str, int], table) -> list:
    if rows == 0:
        return [
            flags.unparseable_flag(
                "The table has a header but no data rows"
                + (" (only totals, notes or blank rows)." if dropped else "."),
                {"rows": 0, "dropped_rows": dropped},
            )
        ]
    ragged = dropped.get("ragged", 0)
    if ragged:
        share = ragged / (rows + ragged)
        return [
            flags.unparseable_flag(
                f"{ragged:,} rows had the wrong number of fields and were left out ({share:.1%}).",
                {"ragged_rows": ragged, "rows": rows},
                severity="high" if share > 0.05 else "low",
            )
        ]
    return []


def _unreadable(source: TableSource, message: str) -> TableAudit:
    return TableAudit(
        name=source.name,
        rows=0,
        columns=[],
        flags=[flags.unparseable_flag(message)],
        granularity="record",
        time_resolution="none",
        geo_resolution="none",
    )
