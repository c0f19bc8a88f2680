"""Pure audit code: read what agencies send back, profile it, flag what cannot be linked.

Imports nothing from Django, so it runs in a notebook, a test, a benchmark or
`manage.py audit_file` alike. The public interface:

    list_tables(path, original_name=None, *, include_hidden=False) -> list[TableSource]
    list_sheets(path, workbook, *, heartbeat=...) -> list[TableSource]  (defer_workbooks=True)
        The tables in a file, checked by content: one for CSV/TSV/TXT, one per
        non-empty sheet of an Excel workbook (hidden sheets only with include_hidden;
        notes and pivot sheets marked by TableSource.kind), one per ZIP member.
        Raises UnreadableFileError (message fit to show a person).

    audit_table(path, source, *, role_overrides=None, jurisdiction=None, progress=None)
        -> TableAudit
        Reads one table in bounded memory, profiles its columns, infers roles
        (role_overrides: {column name: role} from an admin wins), computes
        granularity, time/geo resolution, periods, areas (against the known areas
        of `jurisdiction`, a slug such as "chicago") and gap flags. progress, if
        given, is called as progress(rows_read, fraction_done) every few chunks.
        Raises UnreadableFileError when nothing can be read.

    audit_path(path, *, include_hidden=False, **kwargs) -> list[TableAudit]
        list_tables + audit_table for each; a table that cannot be read comes back
        as a TableAudit holding a single UNPARSEABLE flag.

    read_frame(path, source, *, columns=None) -> pandas.DataFrame
        The cleaned table (text values, trimmed; missing and redaction tokens as NA;
        repeated headers, totals and footers dropped), for the linkage code.

TableAudit.to_dict() is the JSON that `audit_file --json` prints per table.
"""

from .api import audit_path, audit_table, list_sheets, list_tables, read_frame
from .errors import UnreadableFileError
from .results import ColumnProfile, Flag, TableAudit, TableSource

__all__ = [
    "ColumnProfile",
    "Flag",
    "TableAudit",
    "TableSource",
    "UnreadableFileError",
    "audit_path",
    "audit_table",
    "list_sheets",
    "list_tables",
    "read_frame",
]
