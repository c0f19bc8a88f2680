"""What the public may see of a reconciliation or a delivery comparison. Pure Python.

Counts from 1 to 9 are withheld. A cell or total is withheld whole (stated, received and
missing together, since any two give the third), and so is every figure from which a
withheld one could be recovered by subtracting shown figures from a shown total.
"""

SMALL = range(1, 10)
WITHHELD = "<10"
_COUNTS = ("stated", "received", "missing")


def _small(value) -> bool:
    return isinstance(value, int) and abs(value) in SMALL


def public_reconciliation(result: dict | None) -> dict | None:
    """The result with small counts, and every figure that would reveal one, withheld.

    Cells are shown only when none is small; otherwise the public sees the totals per
    period and per area (cells withheld, their number said). A small period total withholds
    the grand total and every area total (either would give it back by subtraction), and
    the other way round."""
    if not result:
        return result
    cells = result.get("cells", [])
    small_cells = sum(1 for cell in cells if _triple_small(cell))
    public = {**result, "cells": [] if small_cells else cells, "cells_withheld": small_cells}
    if small_cells:
        public["cells_withheld"] = len(cells)
    margins = {
        kind: [dict(row) for row in result.get(f"{kind}s", [])] for kind in ("period", "area")
    }
    hidden = {kind: any(_triple_small(row) for row in rows) for kind, rows in margins.items()}
    for kind, rows in margins.items():
        other = "area" if kind == "period" else "period"
        withhold_all = hidden[other]
        public[f"{kind}s"] = [
            _withhold(row) if withhold_all or _triple_small(row) else row for row in rows
        ]
    grand_small = any(_small(result.get(f"{k}_total")) for k in _COUNTS)
    if grand_small or hidden["period"] or hidden["area"]:
        public.update({f"{k}_total": WITHHELD for k in _COUNTS})
    public["unmatched"] = _public_unmatched(result.get("unmatched", {}))
    if public["stated_total"] == WITHHELD:
        # The table's row count is public: with it, records outside the cells would give
        # back the received total.
        public["unmatched"]["records_without_cell"] = WITHHELD
    for key in ("rows", "uncounted_aggregate_rows", "dimensions"):
        public.pop(key, None)  # raw row counts; column names may say what was asked
    public.pop("dimensions", None)  # column names may carry what a request asked privately
    return public


def _triple_small(row: dict) -> bool:
    return any(_small(row.get(k)) for k in _COUNTS)


def _withhold(row: dict) -> dict:
    return {**row, **dict.fromkeys(_COUNTS, WITHHELD), "missing_share": None}


def _public_unmatched(unmatched: dict) -> dict:
    public, any_hidden = {}, False
    for key, value in unmatched.items():
        if isinstance(value, list) and value and isinstance(value[0], dict):
            rows = []
            for row in value:
                if _small(row.get("records")):
                    any_hidden = True
                    row = {**row, "records": WITHHELD}
                rows.append(row)
            public[key] = rows
        else:
            public[key] = value
    if any_hidden or _small(unmatched.get("records_without_cell")):
        public["records_without_cell"] = WITHHELD
    return public


def public_changes(result: dict | None) -> dict | None:
    """A comparison for the public: rows per period with small counts withheld (a period's
    change too, since old and new give it); column facts are rates, shown as they are."""
    if not result:
        return result
    rows = []
    for row in result.get("rows_per_period", []):
        if _small(row["old"]) or _small(row["new"]) or _small(row["change"]):
            row = {**row, "old": WITHHELD, "new": WITHHELD, "change": WITHHELD}
        rows.append(row)
    public = {**result, "rows_per_period": rows}
    hidden = any(r["old"] == WITHHELD for r in rows)
    if hidden or any(_small(v) for v in result.get("rows", {}).values()):
        public["rows"] = {"old": WITHHELD, "new": WITHHELD}
    return public
