"""Compare one delivery of a table with the next: columns added, dropped and renamed (by
role and values, not only by name), fill-rate, role and redaction changes, periods and areas
lost, rows per period, flags added and cleared. Pure Python over the audits'
TableAudit.to_dict() and one streaming count of rows by period and area per side.

    diff = compare_tables(TableSide(old_path, old_source, old_audit),
                          TableSide(new_path, new_source, new_audit))
    degradations(diff, asked_roles={"address", "district"})  # what DEGRADED_DELIVERY cites
"""

import pyarrow as pa
import pyarrow.compute as pc

from . import readers
from .dimensions import NoSharedDimensionError, TableSide, find_columns, period_role
from .grouping import Dimension, count_groups, period_sort_key, unit_of_role
from .roles import normalise_name

__all__ = ["compare_tables", "degradations"]

RENAME_OVERLAP = 0.5  # share of the smaller value set two columns must share to be one
VALUE_SAMPLE = 5_000  # distinct values kept per column for rename matching
CHANGE_POINTS = 0.01  # a fill or redaction rate moving by less is no change
FEWER_ROWS_SHARE = 0.05  # a period whose rows fell by more than this is "fewer rows"


def compare_tables(old: TableSide, new: TableSide) -> dict:
    """The changes from old to new (see the module docstring for the keys)."""
    pairs, added, dropped = _match_by_name(old, new)
    if added and dropped:
        renamed = _renames(old, new, dropped, added)
        pairs.update(renamed)
        added = [c for c in added if c not in renamed.values()]
        dropped = [c for c in dropped if c not in renamed]
    else:
        renamed = {}
    if not pairs:
        raise NoSharedDimensionError(
            f"{old.label} and {new.label} have no column in common, by name, role or values"
        )
    counts = _period_area_counts(old, new, pairs)
    old_columns, new_columns = _columns(old), _columns(new)
    result = {
        "columns_added": [_column_facts(new_columns[c]) for c in added],
        "columns_dropped": [_column_facts(old_columns[c]) for c in dropped],
        "columns_renamed": [
            {"old": o, "new": n, "role": new_columns[n]["role"]} for o, n in renamed.items()
        ],
        "fill_changes": _rate_changes(old_columns, new_columns, pairs, "fill"),
        "redaction_changes": _rate_changes(old_columns, new_columns, pairs, "redacted"),
        "role_changes": [
            {
                "old": o,
                "new": n,
                "old_role": old_columns[o]["role"],
                "new_role": new_columns[n]["role"],
            }
            for o, n in pairs.items()
            if old_columns[o]["role"] != new_columns[n]["role"]
        ],
        **counts,
        "flags_added": _flag_codes(new) - _flag_codes(old),
        "flags_cleared": _flag_codes(old) - _flag_codes(new),
        "rows": {"old": old.audit.get("rows", 0), "new": new.audit.get("rows", 0)},
    }
    result["flags_added"] = sorted(result["flags_added"])
    result["flags_cleared"] = sorted(result["flags_cleared"])
    return result


def _columns(side: TableSide) -> dict[str, dict]:
    return {column["name"]: column for column in side.audit.get("columns", [])}


def _column_facts(column: dict) -> dict:
    return {"column": column["name"], "role": column["role"], "fill": _fill(column)}


def _fill(column: dict) -> float:
    return round(1 - float(column.get("null_rate") or 0), 6)


def _match_by_name(old: TableSide, new: TableSide) -> tuple[dict[str, str], list, list]:
    """Columns whose normalised names agree ("RD #" = "rd_no"), then those left over."""
    new_by_name = {normalise_name(name): name for name in _columns(new)}
    pairs = {}
    for name in _columns(old):
        match = new_by_name.pop(normalise_name(name), None)
        if match is not None:
            pairs[name] = match
    dropped = [name for name in _columns(old) if name not in pairs]
    added = [name for name in _columns(new) if name not in pairs.values()]
    return pairs, added, dropped


def _renames(old: TableSide, new: TableSide, dropped: list, added: list) -> dict[str, str]:
    """A dropped and an added column are one renamed column when their values overlap, or
    when they are the only dropped and added columns of the same (known) role."""
    old_columns, new_columns = _columns(old), _columns(new)
    old_values = _value_sets(old, dropped)
    new_values = _value_sets(new, added)
    candidates = []
    for o in dropped:
        for n in added:
            overlap = _overlap(old_values[o], new_values[n])
            same_role = old_columns[o]["role"] == new_columns[n]["role"] != "other"
            if overlap >= RENAME_OVERLAP or (
                same_role and _only_pair(o, n, old_columns, new_columns, dropped, added)
            ):
                candidates.append((same_role, overlap, o, n))
    renamed: dict[str, str] = {}
    for _same, _overlap_value, o, n in sorted(candidates, reverse=True):
        if o not in renamed and n not in renamed.values():
            renamed[o] = n
    return renamed


def _only_pair(o, n, old_columns, new_columns, dropped, added) -> bool:
    role = old_columns[o]["role"]
    return (
        sum(1 for c in dropped if old_columns[c]["role"] == role) == 1
        and sum(1 for c in added if new_columns[c]["role"] == role) == 1
    )


def _overlap(left: set, right: set) -> float:
    if not left or not right:
        return 0.0
    return len(left & right) / min(len(left), len(right))


def _value_sets(side: TableSide, columns: list[str]) -> dict[str, set]:
    """Up to VALUE_SAMPLE distinct trimmed values per column, streaming."""
    from .api import _cleaned, _keep_rows, _worth_encoding  # the audit's cleaning
    from .cleaning import encode_column

    sets: dict[str, set] = {c: set() for c in columns}
    if side.source is None:
        return sets

    def consume(table, batch: pa.RecordBatch, _prepared, is_last: bool) -> None:
        chunks = [encode_column(c, dictionary=_worth_encoding(c)) for c in batch.columns]
        keep = _keep_rows(table.names, chunks, is_last, {})
        for name, chunk in zip(table.names, chunks, strict=True):
            if name in sets and len(sets[name]) < VALUE_SAMPLE:
                values = pc.unique(pc.drop_null(_cleaned(chunk, keep)))
                sets[name].update(values.slice(0, VALUE_SAMPLE).to_pylist())

    readers.scan(side.path, side.source, consume)
    return sets


def _rate_changes(old_columns, new_columns, pairs: dict, kind: str) -> list[dict]:
    changes = []
    for o, n in pairs.items():
        if kind == "fill":
            before, after = _fill(old_columns[o]), _fill(new_columns[n])
        else:
            before = float(old_columns[o].get("redacted_rate") or 0)
            after = float(new_columns[n].get("redacted_rate") or 0)
        if abs(after - before) >= CHANGE_POINTS:
            changes.append(
                {
                    "column": o,
                    "new_column": n,
                    "old": round(before, 6),
                    "new": round(after, 6),
                    "change": round(after - before, 6),
                }
            )
    return changes


def _period_area_counts(old: TableSide, new: TableSide, pairs: dict) -> dict:
    """Rows per period and the periods and areas one delivery has and the other lacks."""
    old_cols, new_cols = find_columns(old), find_columns(new)
    dims = {}
    for kind in ("period", "area"):
        o, n = old_cols.get(kind), new_cols.get(kind)
        if o and n:
            dims[kind] = (o, n)
    unit = None
    if "period" in dims:
        roles = [period_role(old, dims["period"][0]), period_role(new, dims["period"][1])]
        unit = max((unit_of_role(r) for r in roles), key=["date", "month", "year"].index)
        unit = "month" if unit == "date" else unit
    grouped = []
    for side, at in ((old, 0), (new, 1)):
        dimensions = [
            Dimension(
                kind,
                cols[at],
                role=period_role(side, cols[at]) if kind == "period" else None,
                unit=unit,
            )
            for kind, cols in dims.items()
        ]
        grouped.append(
            count_groups(side.path, side.source, dimensions, None) if dimensions else None
        )
    return _summaries(list(dims), *grouped)


def _summaries(kinds: list[str], old, new) -> dict:
    result = {
        "periods_lost": [],
        "periods_gained": [],
        "areas_lost": [],
        "areas_gained": [],
        "rows_per_period": [],
    }
    if old is None:
        return result
    for i, kind in enumerate(kinds):
        before = _totals_by(old.counts, i)
        after = _totals_by(new.counts, i)
        lost = sorted((v for v in before if v not in after and v is not None), key=period_sort_key)
        gained = sorted(
            (v for v in after if v not in before and v is not None), key=period_sort_key
        )
        result[f"{kind}s_lost"], result[f"{kind}s_gained"] = lost, gained
        if kind == "period":
            result["rows_per_period"] = [
                {
                    "period": p,
                    "old": before.get(p, 0),
                    "new": after.get(p, 0),
                    "change": after.get(p, 0) - before.get(p, 0),
                }
                for p in sorted(set(before) | set(after), key=period_sort_key)
                if p is not None
            ]
    return result


def _totals_by(counts: dict, position: int) -> dict:
    totals: dict = {}
    for key, count in counts.items():
        totals[key[position]] = totals.get(key[position], 0) + count
    return totals


def _flag_codes(side: TableSide) -> set[str]:
    return {flag["code"] for flag in side.audit.get("flags", [])}


def degradations(diff: dict, asked_roles: set[str] | None = None) -> list[dict]:
    """The ways the new delivery is worse than the old, as evidence for DEGRADED_DELIVERY.

    asked_roles: the roles of the fields the request asked for; None counts every column
    with a known role (anything but "other")."""

    def asked(role: str) -> bool:
        return role in asked_roles if asked_roles is not None else role != "other"

    found = []
    dropped = [c for c in diff["columns_dropped"] if asked(c["role"])]
    if dropped:
        found.append({"kind": "column_dropped", "columns": dropped})
    redacted = [c for c in diff["redaction_changes"] if c["change"] > 0 and c["old"] < 0.5]
    if redacted:
        found.append({"kind": "newly_redacted", "columns": redacted})
    for kind in ("periods", "areas"):
        if diff[f"{kind}_lost"]:
            found.append({"kind": f"{kind}_lost", kind: diff[f"{kind}_lost"]})
    fewer = [
        row
        for row in diff["rows_per_period"]
        if row["old"] and row["new"] and (row["old"] - row["new"]) / row["old"] > FEWER_ROWS_SHARE
    ]
    if fewer:
        found.append({"kind": "fewer_rows", "periods": fewer})
    return found
