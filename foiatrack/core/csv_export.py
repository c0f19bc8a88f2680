"""CSV downloads that spreadsheets cannot turn into formulas.

A cell starting with = + - @ (or a tab or carriage return) is run as a formula by Excel,
LibreOffice and Google Sheets; agency names and free text typed by anyone end up in our
exports, so such cells are prefixed with a single quote (OWASP's advice). Spreadsheets
also fold compatibility forms (full-width `＝ ＋ － ＠`, small `﹢ ﹣`) to their ASCII base,
so a cell is judged by the NFKC form of its first character.
"""

import csv
import unicodedata
from collections.abc import Iterable, Sequence

from django.http import StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value) -> str:
    """A cell value as text that a spreadsheet shows as text."""
    text = "" if value is None else str(value)
    if text and unicodedata.normalize("NFKC", text[0]).startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def escape_row(row: Iterable) -> list[str]:
    return [escape_cell(value) for value in row]


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Iterable]):
    """Stream header and rows as an escaped CSV attachment."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(escape_row(header))
        for row in rows:
            yield writer.writerow(escape_row(row))

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
