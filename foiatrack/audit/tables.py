"""Find the tables inside an uploaded file: the file itself, its sheets or its archive members."""

import os
import posixpath
from collections.abc import Callable

from . import archives
from .errors import UnreadableFileError
from .results import TableSource
from .sniff import sniff_stream

_SEPARATOR = " › "
WORKBOOK_FORMATS = ("xlsx", "xls")


def _no_heartbeat() -> None:
    return None


def list_tables(
    path: str,
    original_name: str | None = None,
    *,
    include_hidden: bool = False,
    defer_workbooks: bool = False,
) -> list[TableSource]:
    """The tables in a file, checked by content (see the package docstring). Hidden sheets
    are listed only with include_hidden (then marked hidden: never to be published).

    With defer_workbooks a workbook (the file, or a member of an archive) is not opened:
    it comes back as one source with no sheet, to be listed later by list_sheets() (in a
    worker, where its memory and time do not hold a web request)."""
    tables = _all_tables(path, original_name, defer_workbooks)
    return [t for t in tables if include_hidden or not t.hidden]


def list_sheets(
    path: str,
    workbook: TableSource,
    *,
    include_hidden: bool = False,
    heartbeat: Callable[[], None] = _no_heartbeat,
) -> list[TableSource]:
    """The sheets of a workbook that list_tables(defer_workbooks=True) left unopened; a
    member of an archive is first streamed to a temporary file. heartbeat() is called
    before each sheet is loaded (a long silent phase otherwise)."""
    size = workbook.size_bytes or 0
    if workbook.member:
        with archives.member_tempfile(path, workbook.member, workbook.name) as copy:
            sheets = _sheets(copy, workbook.name, workbook.format, workbook.member, size, heartbeat)
    else:
        sheets = _sheets(path, workbook.name, workbook.format, None, size, heartbeat)
    return [t for t in sheets if include_hidden or not t.hidden]


def _all_tables(path: str, original_name: str | None, defer: bool) -> list[TableSource]:
    display = original_name or os.path.basename(path)
    size = os.path.getsize(path)
    with open(path, "rb") as stream:
        kind = sniff_stream(stream, display)
    if kind == "csv":
        return [TableSource(name=display, format="csv", size_bytes=size)]
    if kind in WORKBOOK_FORMATS:
        if defer:
            return [TableSource(name=display, format=kind, size_bytes=size)]
        return _sheets(path, display, kind, None, size)
    return _archive_tables(path, display, defer)


def _archive_tables(path: str, display: str, defer: bool) -> list[TableSource]:
    tables: list[TableSource] = []
    skipped: list[str] = []
    for info in archives.safe_members(path, display):
        name = f"{display}{_SEPARATOR}{info.filename}"
        try:
            found = _member_tables(path, info, name, display, defer)
        except archives.DAMAGED_MEMBER_ERRORS:
            skipped.append(f"{posixpath.basename(info.filename)} (damaged)")
            continue
        except _NotATable:
            skipped.append(posixpath.basename(info.filename))
            continue
        tables.extend(found)
    if not tables:
        detail = f" (skipped: {', '.join(skipped[:5])})" if skipped else ""
        raise UnreadableFileError(f"{display} holds no table files{detail}.")
    return tables


class _NotATable(Exception):
    """An archive member that is not a table file (skipped, and named in the message)."""


def _member_tables(path: str, info, name: str, display: str, defer: bool) -> list[TableSource]:
    """The tables of one archive member; a workbook member is streamed to a temporary file
    (never held whole in memory) to be sniffed and, unless deferred, listed."""
    with archives.open_member(path, info.filename, name) as stream:
        head = stream.read(8)
    if not head.startswith(b"PK"):
        try:
            with archives.open_member(path, info.filename, name) as stream:
                kind = sniff_stream(stream, name)
        except UnreadableFileError as error:
            raise _NotATable(name) from error
        if kind not in WORKBOOK_FORMATS:
            return [TableSource(name, "csv", member=info.filename, size_bytes=info.file_size)]
        if defer:
            return [TableSource(name, kind, member=info.filename, size_bytes=info.file_size)]
        with archives.member_tempfile(path, info.filename, name) as copy:
            return _sheets(copy, name, kind, info.filename, info.file_size)
    with archives.member_tempfile(path, info.filename, name) as copy:
        with open(copy, "rb") as stream:
            kind = sniff_stream(stream, name)
        if kind == "zip":
            raise UnreadableFileError(
                f"{display} contains another archive ({info.filename}); archives inside "
                "archives are not opened. Unpack it and upload the inner archive."
            )
        if defer:
            return [TableSource(name, kind, member=info.filename, size_bytes=info.file_size)]
        return _sheets(copy, name, kind, info.filename, info.file_size)


def _sheets(
    path: str,
    display: str,
    kind: str,
    member: str | None,
    size: int,
    heartbeat: Callable[[], None] = _no_heartbeat,
) -> list[TableSource]:
    """The sheets of the workbook at path; each sheet is loaded once, its rows iterated
    (never copied into one list), and let go before the next."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    try:
        heartbeat()
        workbook = CalamineWorkbook.from_path(path)
        hidden = {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
        kinds: dict[str, str] = {}
        for sheet_name in workbook.sheet_names:
            heartbeat()
            sheet = workbook.get_sheet_by_name(sheet_name)
            head = _head_rows(sheet)
            del sheet
            if head:
                kinds[sheet_name] = sheet_kind(head)
        if not any(k == "table" for n, k in kinds.items() if n not in hidden):
            # a pivot is left out only when the workbook also holds the data it sums
            kinds = {n: ("table" if k == "pivot" else k) for n, k in kinds.items()}
    except Exception as error:  # calamine raises several private error types
        raise UnreadableFileError(f"{display} could not be opened as an Excel workbook.") from error
    if not kinds:
        raise UnreadableFileError(f"{display} is a workbook with no data on any sheet.")
    return [
        TableSource(
            f"{display}{_SEPARATOR}{sheet}",
            kind,
            member=member,
            sheet=sheet,
            size_bytes=size,
            kind=sheet_kind_found,
            hidden=sheet in hidden,
        )
        for sheet, sheet_kind_found in kinds.items()
    ]


def sheet_kind(rows: list[list[str]]) -> str:
    """ "pivot" for a pivot table (Row Labels, Sum of ...), "notes" for a sheet of prose
    (one cell of sentences per row: a readme, definitions, a cover note), else "table"."""
    cells = [cell.strip() for row in rows for cell in row if cell.strip()]
    lowered = [cell.lower() for cell in cells]
    summed = any(c.startswith(("sum of ", "count of ")) for c in lowered)
    if "row labels" in lowered or (summed and "grand total" in lowered):
        return "pivot"
    single = [row for row in rows if sum(1 for c in row if c.strip()) == 1]
    if rows and len(single) >= 0.8 * len(rows):
        texts = [next(c for c in row if c.strip()).strip() for row in single]
        prose = [t for t in texts if len(t) >= 20 and " " in t]
        if len(prose) >= 0.5 * len(texts):
            return "notes"
    return "table"


def _head_rows(sheet, limit: int = 60) -> list[list[str]]:
    """The first non-empty rows of a sheet, as text (none: the sheet holds no data)."""
    rows = []
    if sheet.height == 0:
        return rows
    for row in sheet.iter_rows():
        cells = ["" if v is None else str(v) for v in row]
        if any(c.strip() for c in cells):
            rows.append(cells)
        if len(rows) >= limit:
            break
    return rows
