"""What the public may see of a reconciliation or a delivery comparison. Pure Python.

Counts from 1 to 9 are withheld. A cell is withheld whole (stated, received and missing
together, since any two give the third), and so is every total that includes a withheld
cell (a period's, an area's, the grand total): no withheld number can be recovered by
subtracting shown cells from a shown total.
"""

SMALL = range(1, 10)
WITHHELD = "<10"
_COUNTS = ("stated", "received", "missing")


def _small(value) -> bool:
    return isinstance(value, int) and abs(value) in SMALL


def public_reconciliation(result: dict | None) -> dict | None:
    """The result with small cells and the totals that would reveal them withheld."""
    if not result:
        return result
    cells, withheld = [], []
    for cell in result.get("cells", []):
        if any(_small(cell.get(k)) for k in _COUNTS):
            withheld.append(cell)
            cell = {**cell, **dict.fromkeys(_COUNTS, WITHHELD), "missing_share": None}
        cells.append(cell)
    public = {**result, "cells": cells, "cells_withheld": len(withheld)}
    for kind in ("period", "area"):
        hidden = {c[kind] for c in withheld}
        public[f"{kind}s"] = [
            _withhold(row) if row[kind] in hidden or _triple_small(row) else row
            for row in result.get(f"{kind}s", [])
        ]
    if withheld or any(_small(result.get(f"{k}_total")) for k in _COUNTS):
        public.update({f"{k}_total": WITHHELD for k in _COUNTS})
    public["unmatched"] = _public_unmatched(result.get("unmatched", {}))
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
