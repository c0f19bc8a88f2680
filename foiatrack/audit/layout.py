"""Find a text table's delimiter, its header row (below any title lines) and column names."""

import csv
import re
from collections import Counter

_DELIMITERS = [",", "\t", ";", "|"]
_YEAR = re.compile(r"^(19|20)\d\d$")
_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d\d.*)?$|^\d{1,2}:\d\d")
SAMPLE_ROWS = 60


def sample_rows(text: str, delimiter: str, *, truncated: bool) -> list[list[str]]:
    """Parse up to SAMPLE_ROWS rows of sample text, dropping a row cut off at the end."""
    lines = text.splitlines(keepends=True)
    if truncated and lines:
        lines = lines[:-1]
    # A list of lines, not a stream: splitlines also ends lines at a lone CR (old Mac exports).
    reader = csv.reader(lines[: SAMPLE_ROWS * 4], delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) >= SAMPLE_ROWS:
                break
    except csv.Error:
        pass
    return rows


def detect_delimiter(text: str, *, truncated: bool) -> str:
    """The candidate that splits most sample rows into the same number (>1) of fields."""
    best, best_score = ",", 0.0
    for delimiter in _DELIMITERS:
        rows = sample_rows(text, delimiter, truncated=truncated)
        if not rows:
            continue
        width, frequency = Counter(len(row) for row in rows).most_common(1)[0]
        if width < 2:
            continue
        score = frequency / len(rows) + min(width, 50) / 1000
        if score > best_score:
            best, best_score = delimiter, score
    return best


def find_header(rows: list[list[str]]) -> tuple[int, int, bool]:
    """(index of the header row, table width, has_header). See find_header_rows."""
    first, width, header_rows = find_header_rows(rows)
    return first, width, header_rows > 0


def find_header_rows(rows: list[list[str]]) -> tuple[int, int, int]:
    """(index of the first header or data row, table width, header rows: 0, 1 or 2).

    Title lines ("Calls for Service 2011", "Run on 3/4/2012") stand above the header and
    are narrower or mostly empty, so the table starts at the first row as wide as the
    table's usual width. That row is a header when its cells' types disagree with the body
    below (a word over numbers, a year "1986" over counts); it is data when its cells have
    the body's types (a number over numbers, a date over dates) or repeat body values. A
    second row that is header-like against the rest is a second header row.
    """
    if not rows:
        return 0, 0, 1
    widths = Counter(len(row) for row in rows[1:] or rows)
    width = max(w for w, n in widths.items() if n == max(widths.values()))
    for index, row in enumerate(rows):
        filled = [cell.strip() for cell in row if cell.strip()]
        if len(row) < width or len(filled) < max(1, width // 2):
            continue
        verdict = header_verdict(row, rows[index + 1 :], width)
        if verdict is None:  # no type evidence either way: a row of words is the header
            if not _mostly_words(filled):
                continue  # e.g. a title split at a comma ("Incident reports, 2023")
        elif not verdict:
            return index, width, 0
        second = rows[index + 1] if index + 1 < len(rows) else []
        if index + 2 < len(rows) and is_header(second, rows[index + 2 :], width, strict=True):
            return index, width, 2
        if index > 0 and _group_labels(rows[index - 1], row):
            return index - 1, width, 2
        return index, width, 1
    for index, row in enumerate(rows):
        if len(row) >= width:
            return index, width, 0
    return 0, width, 0


def is_header(row: list[str], body: list[list[str]], width: int, *, strict: bool = False) -> bool:
    """Does row name the columns of body (True) or is it one more row of data (False)?
    strict: only on evidence from the cells' types (for a second header row)."""
    verdict = header_verdict(row, body, width)
    if verdict is None:
        return False if strict else _mostly_words([c.strip() for c in row if c.strip()])
    return verdict


def header_verdict(row: list[str], body: list[list[str]], width: int) -> bool | None:
    """True: the cells' types say row names the columns; False: they say it is data;
    None: they say nothing (words over words)."""
    body = [r for r in body if len(r) >= width and r != row] or body  # not repeated headers
    header_votes = data_votes = 0
    for position in range(width):
        cell = row[position].strip() if position < len(row) else ""
        column = [r[position].strip() for r in body if position < len(r) and r[position].strip()]
        if not cell or not column:
            continue
        vote = _vote(cell, column)
        header_votes += vote > 0
        data_votes += vote < 0
    if header_votes == data_votes == 0:
        return None
    return header_votes > data_votes


def _group_labels(above: list[str], header: list[str]) -> bool:
    """A sparse row of words right above the header, each label over the first of the
    columns it spans ("2012",,"2013",, over "Filed","Disposed",...): the header's top row.
    A title line has a single cell, so it is never taken for one."""
    filled = [i for i, cell in enumerate(above) if cell.strip()]
    if len(filled) < 2 or len(filled) * 2 > max(len(header), 1) + 1:
        return False
    return all(i < len(header) for i in filled) and len(above) <= len(header)


def _vote(cell: str, column: list[str]) -> int:
    """+1: cell reads as a column name over these values; -1: as one of them; 0: can't tell."""
    kind, kinds = cell_kind(cell), Counter(cell_kind(v) for v in column)
    body_kind, share = kinds.most_common(1)[0]
    if share < 0.8 * len(column):
        body_kind = "mixed"
    if cell in column and len(set(column)) < len(column):
        return -1  # a value the column repeats is a value, not its name
    if kind == "year" and body_kind in ("int", "number") and not _all_years(column):
        return 1  # "1986" over counts: a year as a column name
    if kind == "word":
        return 1 if body_kind in ("int", "number", "date", "year") else 0
    if kind == body_kind or (kind in ("int", "year") and body_kind in ("int", "year")):
        return -1
    return 0


def cell_kind(cell: str) -> str:
    """ "year", "int", "number", "date" or "word" for one cell's text."""
    text = cell.strip()
    if _YEAR.match(text):
        return "year"
    plain = text.replace(",", "")
    if plain.lstrip("+-").isdigit():
        return "int"
    if _looks_numeric(text):
        return "number"
    if _DATE.match(text):
        return "date"
    return "word"


def _all_years(column: list[str]) -> bool:
    return all(_YEAR.match(v) for v in column)


def combine_header_rows(top: list[str], bottom: list[str], width: int) -> list[str]:
    """One name per column from a two-row header: the upper label (written once over the
    columns it spans) carried right and joined to the lower one ("2012 Filed")."""
    names, label = [], ""
    for position in range(width):
        upper = top[position].strip() if position < len(top) else ""
        lower = bottom[position].strip() if position < len(bottom) else ""
        label = upper or label
        names.append(" ".join(part for part in (label, lower) if part) if lower else upper)
    return names


def column_names(header: list[str], width: int) -> list[str]:
    """Unique, non-empty names: blanks become column_N, repeats get a _2, _3 suffix."""
    names: list[str] = []
    seen: Counter = Counter()
    cells = list(header[:width]) + [""] * (width - len(header))
    for position, cell in enumerate(cells, start=1):
        name = " ".join(cell.replace("\ufeff", "").split()) or f"column_{position}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return names


def _mostly_words(cells: list[str]) -> bool:
    numeric = sum(1 for cell in cells if _looks_numeric(cell))
    return numeric * 2 < len(cells) or len(cells) == 0


def _looks_numeric(cell: str) -> bool:
    try:
        float(cell.replace(",", ""))
    except ValueError:
        return False
    return True
