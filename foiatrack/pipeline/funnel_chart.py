"""The funnel drawn as a picture: bar widths and link bands from a funnel table's public rows.

Pure Python. It reads only the figures the public table already shows (small counts hidden),
so the picture can reveal nothing the table and its download do not: a hidden count ("<10")
is drawn as a sliver marked hidden, never at its true width.
"""

from foiatrack.pipeline.plain import SMALL_CELL_TEXT

# Bars are drawn in a 0–100 wide view box; a count shown but too small to see gets a sliver.
MIN_WIDTH = 1.0


def _number(value) -> int | None:
    return value if isinstance(value, int) else None


def _width(value, scale: int) -> float:
    if value == SMALL_CELL_TEXT:
        return MIN_WIDTH
    number = _number(value)
    if not number or not scale:
        return 0.0
    return round(max(MIN_WIDTH, 100 * number / scale), 2)


def _shown(value) -> str:
    if value is None:
        return "no"
    return f"{value:,}" if isinstance(value, int) else str(value)


def chart_step(row: dict) -> dict:
    """One step's geometry and words: the from bar, the to bar, the linked part of the from
    bar and the band joining it to the to bar (measured steps only)."""
    scale = max(_number(row.get("from_records")) or 0, _number(row.get("to_records")) or 0)
    measured = bool(row.get("_measured"))
    from_width = _width(row.get("from_records"), scale)
    to_width = _width(row.get("to_records"), scale)
    linked_width = min(from_width, _width(row.get("linked"), scale)) if measured else 0.0
    summary = (
        f"{row['from']}: {_shown(row.get('from_records'))} records; "
        f"{row['to']}: {_shown(row.get('to_records'))} records. {row['explanation']}"
    )
    return {
        "from": row["from"],
        "to": row["to"],
        "from_records": _shown(row.get("from_records")),
        "to_records": _shown(row.get("to_records")),
        "from_period": row.get("from_period") or "",
        "to_period": row.get("to_period") or "",
        "from_width": from_width,
        "to_width": to_width,
        "linked_width": linked_width,
        "band_end": min(to_width, linked_width) if measured else 0.0,
        "from_hidden": row.get("from_records") == SMALL_CELL_TEXT,
        "to_hidden": row.get("to_records") == SMALL_CELL_TEXT,
        "measured": measured,
        "explanation": row["explanation"],
        "summary": summary,
    }


def chart_steps(rows: list[dict]) -> list[dict]:
    return [chart_step(row) for row in rows]
