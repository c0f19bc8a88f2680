"""A dataset's month-by-month strip: one bar per month of its period, missing months
marked. Pure Python, from the stored findings only (period and missing periods).

The audit stores which months hold no rows, not how many rows each month holds, so every
month with data gets a full bar: the strip shows presence and gaps, never counts (which
also keeps small monthly counts off the public page).
"""

from datetime import date

# Longer periods are drawn a bar per year: 20 years of months would be hairlines.
MAX_MONTHS = 240


def _month(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    try:
        day = date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
    return day.year, day.month


def _missing_sets(missing: list) -> tuple[set[str], set[int]]:
    months, years = set(), set()
    for item in missing or []:
        text = str(item)
        if len(text) == 7 and text[4] == "-":
            months.add(text)
        elif len(text) == 4 and text.isdigit():
            years.add(int(text))
    return months, years


def month_strip(period_start: str | None, period_end: str | None, missing: list) -> dict:
    """{"bars": [{"label", "missing", "x"}], "unit": "month"|"year", "width", "first",
    "last", "missing_labels"}; no bars when the period is unknown or backwards."""
    start, end = _month(period_start), _month(period_end)
    empty = {"bars": [], "unit": "month", "width": 0, "missing_labels": []}
    if start is None or end is None or end < start:
        return empty
    missing_months, missing_years = _missing_sets(missing)
    count = (end[0] - start[0]) * 12 + end[1] - start[1] + 1
    if count > MAX_MONTHS:
        labels = [(str(y), y in missing_years) for y in range(start[0], end[0] + 1)]
        unit = "year"
    else:
        labels = []
        year, month = start
        for _ in range(count):
            label = f"{year}-{month:02d}"
            labels.append((label, label in missing_months or year in missing_years))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        unit = "month"
    bars = [
        {"label": label, "missing": gap, "x": index * 10}
        for index, (label, gap) in enumerate(labels)
    ]
    return {
        "bars": bars,
        "unit": unit,
        "width": len(bars) * 10,
        "first": labels[0][0],
        "last": labels[-1][0],
        "missing_labels": [label for label, gap in labels if gap],
    }
