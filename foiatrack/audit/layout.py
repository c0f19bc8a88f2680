"""Find a text table's delimiter, its header row (below any title lines) and column names."""

import csv
from collections import Counter

_DELIMITERS = [",", "\t", ";", "|"]
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
    """(index of the header row, table width, has_header): the first full-width row that is
    mostly words. With no such row the table has no header: data starts at the index.

    Agency exports put title lines ("Calls for Service 2011", "Run on 3/4/2012") above
    the header; they are narrower than the table, so the header is the first row as wide
    as the table's usual width.
    """
    if not rows:
        return 0, 0, True
    widths = Counter(len(row) for row in rows[1:] or rows)
    width = max(w for w, n in widths.items() if n == max(widths.values()))
    for index, row in enumerate(rows):
        filled = [cell.strip() for cell in row if cell.strip()]
        if len(row) >= width and len(filled) >= max(1, width // 2) and _mostly_words(filled):
            return index, width, True
    for index, row in enumerate(rows):
        if len(row) >= width:
            return index, width, False
    return 0, width, False


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
