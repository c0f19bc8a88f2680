"""Find the tables inside an uploaded file: the file itself, its sheets or its archive members."""

import io
import os
import posixpath

from . import archives
from .errors import UnreadableFileError
from .results import TableSource
from .sniff import sniff_stream

_SEPARATOR = " › "


def list_tables(
    path: str, original_name: str | None = None, *, include_hidden: bool = False
) -> list[TableSource]:
    """The tables in a file, checked by content (see the package docstring). Hidden sheets
    are listed only with include_hidden (then marked hidden: never to be published)."""
    tables = _all_tables(path, original_name)
    return [t for t in tables if include_hidden or not t.hidden]


def _all_tables(path: str, original_name: str | None) -> list[TableSource]:
    display = original_name or os.path.basename(path)
    size = os.path.getsize(path)
    with open(path, "rb") as stream:
        kind = sniff_stream(stream, display)
    if kind == "csv":
        return [TableSource(name=display, format="csv", size_bytes=size)]
    if kind in ("xlsx", "xls"):
        with open(path, "rb") as stream:
            return _sheets(stream, display, kind, member=None, size=size)
    return _archive_tables(path, display)


def _archive_tables(path: str, display: str) -> list[TableSource]:
    tables: list[TableSource] = []
    skipped: list[str] = []
    for info in archives.safe_members(path, display):
        name = f"{display}{_SEPARATOR}{info.filename}"
        try:
            with archives.open_member(path, info.filename, name) as stream:
                head = stream.read(8)
        except archives.DAMAGED_MEMBER_ERRORS:
            skipped.append(f"{posixpath.basename(info.filename)} (damaged)")
            continue
        if head.startswith(b"PK"):
            data = archives.read_member_bytes(path, info.filename, name)
            kind = sniff_stream(io.BytesIO(data), name)
            if kind == "zip":
                raise UnreadableFileError(
                    f"{display} contains another archive ({info.filename}); archives inside "
                    "archives are not opened. Unpack it and upload the inner archive."
                )
            tables.extend(_sheets(io.BytesIO(data), name, kind, info.filename, info.file_size))
            continue
        try:
            with archives.open_member(path, info.filename, name) as stream:
                kind = sniff_stream(stream, name)
        except UnreadableFileError:
            skipped.append(posixpath.basename(info.filename))
            continue
        except archives.DAMAGED_MEMBER_ERRORS:
            skipped.append(f"{posixpath.basename(info.filename)} (damaged)")
            continue
        if kind in ("xlsx", "xls"):
            data = archives.read_member_bytes(path, info.filename, name)
            tables.extend(_sheets(io.BytesIO(data), name, kind, info.filename, info.file_size))
        else:
            tables.append(TableSource(name, "csv", member=info.filename, size_bytes=info.file_size))
    if not tables:
        detail = f" (skipped: {', '.join(skipped[:5])})" if skipped else ""
        raise UnreadableFileError(f"{display} holds no table files{detail}.")
    return tables


def _sheets(stream, display: str, kind: str, member: str | None, size: int) -> list[TableSource]:
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(stream)
        names = [n for n in workbook.sheet_names if _has_cells(workbook, n)]
        hidden = {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
        kinds = {name: sheet_kind(_head_rows(workbook, name)) for name in names}
        if not any(k == "table" for n, k in kinds.items() if n not in hidden):
            # a pivot is left out only when the workbook also holds the data it sums
            kinds = {n: ("table" if k == "pivot" else k) for n, k in kinds.items()}
    except Exception as error:  # calamine raises several private error types
        raise UnreadableFileError(f"{display} could not be opened as an Excel workbook.") from error
    if not names:
        raise UnreadableFileError(f"{display} is a workbook with no data on any sheet.")
    return [
        TableSource(
            f"{display}{_SEPARATOR}{sheet}",
            kind,
            member=member,
            sheet=sheet,
            size_bytes=size,
            kind=kinds[sheet],
            hidden=sheet in hidden,
        )
        for sheet in names
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


def _head_rows(workbook, sheet_name: str, limit: int = 60) -> list[list[str]]:
    """The first non-empty rows of a sheet, as text."""
    rows = []
    for row in workbook.get_sheet_by_name(sheet_name).iter_rows():
        cells = ["" if v is None else str(v) for v in row]
        if any(c.strip() for c in cells):
            rows.append(cells)
        if len(rows) >= limit:
            break
    return rows


def _has_cells(workbook, sheet_name: str) -> bool:
    sheet = workbook.get_sheet_by_name(sheet_name)
    if sheet.height == 0:
        return False
    # Stops at the first filled cell, so a big sheet is not read twice.
    return any(any(cell not in (None, "") for cell in row) for row in sheet.iter_rows())
