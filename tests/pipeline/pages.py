"""Helpers for reading public pages and their downloads in tests."""

import csv
import io
import json
from html.parser import HTMLParser


class _Tables(HTMLParser):
    """Collects the cells of every <table class="public-table"> (or of `css_class`)."""

    def __init__(self, css_class: str):
        super().__init__()
        self.css_class = css_class
        self.tables: list[list[list[str]]] = []
        self._depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and self.css_class in (attrs.get("class") or "").split():
            self.tables.append([])
            self._depth = 1
        elif self._depth and tag == "tr":
            self._row = []
        elif self._depth and tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None
        elif tag == "table":
            self._depth = 0

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html: str, css_class: str = "public-table") -> list[list[list[str]]]:
    """Each table's rows of cell texts, header row first."""
    parser = _Tables(css_class)
    parser.feed(html)
    return parser.tables


def body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body(response))))


def json_rows(response) -> list[list[str]]:
    data = json.loads(body(response))
    keys = [column["key"] for column in data["columns"]]
    return [[_text(row[key]) for key in keys] for row in data["rows"]]


def _text(value) -> str:
    return "" if value is None else str(value)


def as_page_cells(rows: list[list[str]]) -> list[list[str]]:
    """Download cells as the page shows them: empty cells print as a dash."""
    return [[cell if cell != "" else "—" for cell in row] for row in rows]
