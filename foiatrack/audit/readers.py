"""Stream one table as record batches of text columns, whatever its format.

Every value stays text here (cleaning and profiling decide what it means), so a
repeated header mid-file or a "Total" row cannot break a numeric column.
"""

import contextlib
import csv
import datetime
import io
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pacsv

from . import archives, layout
from .encoding import decode_sample, display_name, encoding_candidates
from .errors import UnreadableFileError
from .results import TableSource
from .sniff import SAMPLE_BYTES

BLOCK_SIZE = 4 * 1024**2  # bigger blocks read no faster and raise peak memory (see benchmarks)
EXCEL_BATCH_ROWS = 50_000


class EncodingMismatch(Exception):
    """The chosen encoding failed part-way through; read again with the next one."""


class TextTable:
    """A CSV/TSV/TXT table (file or archive member): layout found once, batches on demand."""

    def __init__(self, path: str, source: TableSource, encoding: str | None = None) -> None:
        self.path, self.source = path, source
        with self._open() as stream:
            sample = stream.read(SAMPLE_BYTES)
            self.total_bytes = source.size_bytes or _size_of(stream, len(sample))
        if not sample.strip():
            raise UnreadableFileError(f"{source.name} is empty: it holds no data at all.")
        self.encodings = encoding_candidates(sample)
        self.encoding = encoding or self.encodings[0]
        truncated = len(sample) == SAMPLE_BYTES
        text = decode_sample(sample, self.encoding)
        if truncated and "\n" not in text and "\r" not in text:
            raise UnreadableFileError(
                f"{source.name} has no line break in its first {SAMPLE_BYTES:,} bytes: "
                "it is not a table of rows."
            )
        self._find_layout(text, truncated)
        self._quoted_newlines = '"' in text
        self.ragged_rows = 0
        self.ragged_texts: list[tuple[str, int, int]] = []  # (text, fields, fields expected)
        self.bytes_read = 0

    def _find_layout(self, text: str, truncated: bool) -> None:
        """Delimiter, header line, column names and how many lines to skip before data."""
        self.delimiter = layout.detect_delimiter(text, truncated=truncated)
        rows = layout.sample_rows(text, self.delimiter, truncated=truncated)
        if not rows:
            raise UnreadableFileError(f"{self.source.name} holds no rows of data.")
        first, width, header_rows = layout.find_header_rows(rows)
        self._skip = _physical_row_index(text, self.delimiter, rows[first])
        self.header_row = self._skip if header_rows else -1  # the header's line, from 0
        self.names = _names(rows, first, width, header_rows)
        self._skip += header_rows
        self.header_rows = header_rows

    def next_encoding(self) -> str | None:
        """The encoding to try after the current one failed, if any is left."""
        position = self.encodings.index(self.encoding) if self.encoding in self.encodings else -1
        rest = self.encodings[position + 1 :]
        return rest[0] if rest else None

    def batches(self) -> Iterator[pa.RecordBatch]:
        """Record batches of text columns named self.names; counts rows skipped as ragged."""
        with self._open() as raw:
            stream = _CountingStream(raw, self)
            try:
                reader = pacsv.open_csv(
                    stream,
                    read_options=self._read_options(),
                    parse_options=pacsv.ParseOptions(
                        delimiter=self.delimiter,
                        newlines_in_values=self._quoted_newlines,
                        invalid_row_handler=self._on_ragged_row,
                    ),
                    convert_options=pacsv.ConvertOptions(
                        column_types={name: pa.string() for name in self.names},
                        strings_can_be_null=False,
                        quoted_strings_can_be_null=False,
                    ),
                )
                yield from reader
            except (pa.ArrowInvalid, UnicodeError) as error:
                self._raise_read_error(error)

    def _read_options(self) -> pacsv.ReadOptions:
        return pacsv.ReadOptions(
            column_names=self.names,
            skip_rows=self._skip,
            block_size=BLOCK_SIZE,
            encoding="utf8" if self.encoding == "utf-8" else self.encoding,
        )

    def _on_ragged_row(self, row) -> str:
        self.ragged_rows += 1
        if len(self.ragged_texts) < 1000:
            self.ragged_texts.append((row.text or "", row.actual_columns, row.expected_columns))
        return "skip"

    def _raise_read_error(self, error: Exception) -> None:
        message = str(error)
        if isinstance(error, UnicodeError) or "UTF8" in message or "UTF-8" in message:
            raise EncodingMismatch(message) from error
        if "straddling" in message or "block size" in message:
            raise UnreadableFileError(
                f"{self.source.name} has a row longer than {BLOCK_SIZE // 1024**2} MB; "
                "it is not a table of rows."
            ) from error
        raise UnreadableFileError(
            f"{self.source.name} could not be read as a table: {message.splitlines()[0][:200]}"
        ) from error

    @contextmanager
    def _open(self) -> Iterator[BinaryIO]:
        if self.source.member:
            stream = archives.open_member(self.path, self.source.member, self.source.name)
        else:
            stream = open(self.path, "rb")  # noqa: SIM115 - closed below
        try:
            yield stream
        except archives.DAMAGED_MEMBER_ERRORS as error:
            raise UnreadableFileError(
                f"{self.source.name} is damaged inside its archive and cannot be read to the end."
            ) from error
        finally:
            stream.close()


class ExcelTable:
    """One sheet of an XLSX/XLS workbook, read with python-calamine."""

    encoding = None
    delimiter = None

    def __init__(self, path: str, source: TableSource, encoding: str | None = None) -> None:
        self.path, self.source = path, source
        self.ragged_rows = 0
        self.ragged_texts: list[tuple[str, int, int]] = []
        self.encodings = [None]
        sheet = _open_sheet(path, source)
        # Rows are pulled lazily, so only one batch of Python values exists at a time.
        merged = _MergedCells(sheet)
        numbered = ((i, merged.fill(i, _excel_row(row))) for i, row in enumerate(sheet.iter_rows()))
        filled = (pair for pair in numbered if _has_text(pair[1]))
        sample = [pair for _, pair in zip(range(layout.SAMPLE_ROWS), filled, strict=False)]
        if not sample:
            raise UnreadableFileError(f"{source.name} is an empty sheet.")
        first, width, header_rows = layout.find_header_rows([row for _, row in sample])
        self.names = _names([row for _, row in sample], first, width, header_rows)
        self.header_row = sample[first][0] if header_rows else -1  # the sheet's row, from 0
        self.header_rows = header_rows
        rest = sample[first + header_rows :]
        self._buffered = [row for _, row in rest]
        self._rows = (row for _, row in filled)
        self.total_bytes = max(sheet.height, 1)  # progress is counted in rows for workbooks
        self.bytes_read = 0

    def next_encoding(self) -> None:
        return None

    def batches(self) -> Iterator[pa.RecordBatch]:
        """Record batches of text columns; short rows are padded, long rows cut."""
        pending, self._buffered = self._buffered, []
        for row in self._rows:
            pending.append(row)
            if len(pending) >= EXCEL_BATCH_ROWS:
                yield self._batch(pending)
                pending = []
        if pending:
            yield self._batch(pending)

    def _batch(self, rows: list[list[str]]) -> pa.RecordBatch:
        self.bytes_read += len(rows)
        width = len(self.names)
        columns = [[(row[i] if i < len(row) else "") for row in rows] for i in range(width)]
        return pa.RecordBatch.from_arrays(
            [pa.array(values, type=pa.string()) for values in columns], names=self.names
        )


def encoding_name(table) -> str | None:
    """The table's encoding as shown to people (None for workbooks)."""
    return display_name(table.encoding) if table.encoding else None


def open_table(path: str, source: TableSource, encoding: str | None = None):
    """A TextTable or ExcelTable for source (raises UnreadableFileError)."""
    if source.format in ("xlsx", "xls"):
        return ExcelTable(path, source)
    return TextTable(path, source, encoding)


def scan(
    path: str, source: TableSource, consume: Callable, prepare: Callable | None = None
) -> object:
    """Feed every batch to consume(table, batch, prepared, is_last); restart with the next
    encoding on a mid-file decoding failure. prepare(table, batch), if given, runs in the
    read-ahead thread, so its work on the next batch overlaps consume's work on this one;
    its result is passed as prepared. Returns the table reader that succeeded."""
    table = open_table(path, source)
    while True:
        try:
            _feed(table, consume, prepare)
            return table
        except EncodingMismatch as error:
            encoding = table.next_encoding()
            if encoding is None:
                raise UnreadableFileError(
                    f"{source.name} uses a text encoding that could not be recognised."
                ) from error
            table = open_table(path, source, encoding)


def _feed(table, consume: Callable, prepare: Callable | None) -> None:
    # Hold one batch back so the last one is known: footers live only there.
    pending = None
    batches = (batch for batch in table.batches() if batch.num_rows)
    for batch, prepared in _read_ahead(batches, lambda batch: _prepare(table, batch, prepare)):
        if pending is not None:
            consume(table, *pending, False)
        pending = (batch, prepared)
    if pending is not None:
        consume(table, *pending, True)


def _prepare(table, batch: pa.RecordBatch, prepare: Callable | None):
    return batch, (prepare(table, batch) if prepare else None)


_DONE = object()


def _read_ahead(batches: Iterator[pa.RecordBatch], work: Callable) -> Iterator:
    """work(batch) for each batch, done one step ahead in a thread while the caller handles
    the previous result (pyarrow and numpy release the GIL). Errors surface in the caller;
    a caller that stops early stops the reader too."""
    ready: queue.Queue = queue.Queue(maxsize=2)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    return
                ready.put(work(batch))
            ready.put(_DONE)
        except BaseException as error:  # handed to the caller, which re-raises it
            ready.put(error)
        finally:
            batches.close()

    worker = threading.Thread(target=produce, name="audit-read-ahead", daemon=True)
    worker.start()
    try:
        while (item := ready.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.05)
        worker.join()


def _names(rows: list[list[str]], first: int, width: int, header_rows: int) -> list[str]:
    """Column names: from the header row(s), else by position (column_1 ...): a headerless
    table never takes a data value as a column name."""
    if header_rows == 0:
        return layout.column_names([], width)
    if header_rows == 2:
        return layout.column_names(
            layout.combine_header_rows(rows[first], rows[first + 1], width), width
        )
    return layout.column_names(rows[first], width)


def _physical_row_index(text: str, delimiter: str, header: list[str]) -> int:
    """How many CSV rows (blank ones included) precede the header row in the raw text."""
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    index = 0
    try:
        for row in reader:
            if row == header:
                return index
            index += 1
    except csv.Error:
        pass
    return 0


def _size_of(stream: BinaryIO, fallback: int) -> int:
    try:
        stream.seek(0, io.SEEK_END)
        return max(stream.tell(), fallback)
    except (OSError, ValueError):
        return fallback


def _open_sheet(path: str, source: TableSource):
    """The sheet, loaded by calamine from a path (a member of an archive is first streamed
    to a temporary file): the workbook's bytes are never read into Python memory."""
    try:
        if source.member:
            with archives.member_tempfile(path, source.member, source.name) as copy:
                return _sheet_from_path(copy, source)
        return _sheet_from_path(path, source)  # by content: the name may say .csv
    except UnreadableFileError:
        raise
    except Exception as error:  # calamine raises several private error types
        raise UnreadableFileError(f"{source.name} could not be read as a workbook.") from error


def _sheet_from_path(path: str, source: TableSource):
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(path)
    return workbook.get_sheet_by_name(source.sheet or workbook.sheet_names[0])


def _has_text(row: list[str]) -> bool:
    return any(cell.strip() for cell in row)


def _excel_row(row: list) -> list[str]:
    cells = [_excel_text(value) for value in row]
    while cells and not cells[-1].strip():  # sheets pad every row to the used width
        cells.pop()
    return cells


def _excel_text(value) -> str:
    """A cell as text: whole floats without ".0", times as "YYYY-MM-DD HH:MM:SS"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.date):
        # calamine gives a date for a midnight datetime: one format keeps a column uniform,
        # and a column whose times are all midnight is still inferred as dates.
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.time):
        return value.isoformat()
    return str(value)


class _MergedCells:
    """Merged cells (a label written once over a block of rows) hold their value in every
    cell they cover, so the block counts as filled."""

    def __init__(self, sheet) -> None:
        try:
            ranges = list(sheet.merged_cell_ranges or [])
        except Exception:  # noqa: BLE001 - some formats (xls) carry no merge list
            ranges = []
        self._ranges = sorted(ranges)
        self._values: dict[tuple, str] = {}

    def fill(self, index: int, row: list[str]) -> list[str]:
        for (top, left), (bottom, right) in self._ranges:
            if top > index:
                break
            if index > bottom:
                continue
            key = (top, left, bottom, right)
            if index == top:
                self._values[key] = row[left] if left < len(row) else ""
            value = self._values.get(key, "")
            if value:
                row = row + [""] * (right + 1 - len(row)) if len(row) <= right else row
                for column in range(left, right + 1):
                    row[column] = row[column] or value
        return row


class _CountingStream(io.RawIOBase):
    """Counts bytes handed to pyarrow so progress can be reported as a fraction."""

    def __init__(self, raw: BinaryIO, table: TextTable) -> None:
        self._raw, self._table = raw, table

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._table.bytes_read += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
