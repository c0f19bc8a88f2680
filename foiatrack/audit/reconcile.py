"""Reconcile an aggregate's stated counts with the records received for the same agency,
stage and period. Pure Python over the streaming group counts (audit.grouping).

    result = reconcile_tables(TableSide(agg_path, agg_source, agg_audit),
                              TableSide(rec_path, rec_source, rec_audit))
    result["cells"]  # [{"period", "area", "type", "stated", "received", "missing"}, ...]

Dimensions are matched by role (period, area, type), or named by an admin in each side's
overrides; the period is compared at the coarser resolution of the two. Types and areas are
matched on normalised labels. Only the aggregate's periods that the records' span covers
are compared (a 2008-2011 count table against 2011 records compares 2011); the rest are
listed in unmatched. A cell's missing is stated - received (negative: more records than
the count); received_total is the records that fall in a cell of the aggregate, and
unmatched.records_without_cell counts the others.
"""

from .dimensions import NoSharedDimensionError, TableSide, find_columns, shared_dimensions
from .grouping import Grouped, count_groups, period_sort_key

__all__ = ["NoSharedDimensionError", "TableSide", "reconcile_counts", "reconcile_tables"]


def reconcile_tables(aggregate: TableSide, records: TableSide) -> dict:
    """Read both tables (streaming) and reconcile them."""
    count_column = find_columns(aggregate)["count"]
    if not count_column:
        raise NoSharedDimensionError(
            f"{aggregate.label} has no count column; name it with --count-column"
        )
    agg_dims, rec_dims = shared_dimensions(aggregate, records)
    stated = count_groups(aggregate.path, aggregate.source, agg_dims, count_column)
    received = count_groups(records.path, records.source, rec_dims, None)
    result = reconcile_counts(stated, received)
    result["dimensions"] = {
        d.kind: {"aggregate": d.column, "records": r.column, **({"unit": d.unit} if d.unit else {})}
        for d, r in zip(agg_dims, rec_dims, strict=True)
    }
    result["dimensions"]["count"] = {"aggregate": count_column}
    return result


def reconcile_counts(stated: Grouped, received: Grouped) -> dict:
    """Cells, per-period and per-area totals and what does not match, from two groupings
    over the same dimensions."""
    kinds = [d.kind for d in stated.dimensions]
    in_scope = _scope(kinds, stated, received)
    cells = []
    outside_periods: set[str] = set()
    for key in sorted(stated.counts, key=lambda k: tuple(period_sort_key(v) for v in k)):
        if not in_scope(key):
            outside_periods.add(key[kinds.index("period")])
            continue
        got = received.counts.get(key, 0)
        cells.append(_cell(kinds, key, stated.counts[key], got))
    stated_total = sum(c["stated"] for c in cells)
    received_total = sum(c["received"] for c in cells)
    return {
        "periods": _totals(cells, "period") if "period" in kinds else [],
        "cells": cells,
        "stated_total": stated_total,
        "received_total": received_total,
        "missing_total": stated_total - received_total,
        "areas": _totals(cells, "area") if "area" in kinds else [],
        "unmatched": _unmatched(kinds, stated, received, in_scope, outside_periods),
        "rows": {"aggregate": stated.rows, "records": received.rows},
        "uncounted_aggregate_rows": stated.uncounted_rows,
    }


def _scope(kinds: list[str], stated: Grouped, received: Grouped):
    """A predicate: is this aggregate key inside the records' period span?"""
    if "period" not in kinds:
        return lambda key: True
    at = kinds.index("period")
    periods = [k[at] for k in received.counts if k[at] is not None]
    if not periods:
        return lambda key: key[at] is not None
    first, last = min(periods), max(periods)
    return lambda key: key[at] is not None and first <= key[at] <= last


def _cell(kinds: list[str], key: tuple, stated: int, received: int) -> dict:
    cell = {
        kind: key[kinds.index(kind)] if kind in kinds else None
        for kind in ("period", "area", "type")
    }
    cell.update(stated=stated, received=received, missing=stated - received)
    cell["missing_share"] = round((stated - received) / stated, 6) if stated else None
    return cell


def _totals(cells: list[dict], kind: str) -> list[dict]:
    """stated/received/missing per value of one dimension."""
    totals: dict = {}
    for cell in cells:
        row = totals.setdefault(cell[kind], {kind: cell[kind], "stated": 0, "received": 0})
        row["stated"] += cell["stated"]
        row["received"] += cell["received"]
    ordered = sorted(totals.values(), key=lambda r: period_sort_key(r[kind]))
    for row in ordered:
        row["missing"] = row["stated"] - row["received"]
        row["missing_share"] = round(row["missing"] / row["stated"], 6) if row["stated"] else None
    return ordered


def _unmatched(kinds, stated: Grouped, received: Grouped, in_scope, outside: set) -> dict:
    """Labels one side has and the other lacks, and records that fall in no stated cell."""
    stated_keys = {k for k in stated.counts if in_scope(k)}
    result: dict = {"periods_outside_records": sorted(outside)}
    for i, kind in enumerate(kinds):
        ours = {k[i] for k in stated_keys}
        theirs: dict = {}
        for key, count in received.counts.items():
            if in_scope(key) or kind == "period":
                theirs[key[i]] = theirs.get(key[i], 0) + count
        only_records = sorted((v for v in theirs if v not in ours), key=period_sort_key)
        result[f"{kind}s_only_in_aggregate"] = sorted(
            (v for v in ours if v not in theirs and v is not None), key=period_sort_key
        )
        result[f"{kind}s_only_in_records"] = [
            {kind: value, "records": theirs[value]} for value in only_records
        ]
    without = {k: n for k, n in received.counts.items() if k not in stated_keys}
    result["records_without_cell"] = sum(without.values())
    result["cells_only_in_records"] = len(without)
    result["cells_without_records"] = sum(1 for k in stated_keys if k not in received.counts)
    return result
