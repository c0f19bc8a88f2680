"""Deterministic linkage: rows that share a normalised key of a kind both tables carry.

A left row is linked when some right row has the same normalised key (and the other way
round); NULL keys, which is what empty and missing-token keys normalise to, never compare
equal, so empty keys never link. Repeated keys are counted, not hidden: a key held by 2
left rows and 3 right rows links those 5 rows through 6 pairs.
"""

# SQL here is assembled from our own table names, numbers and column names passed
# through link_sql.quote(); no data value is ever interpolated.
# ruff: noqa: S608

import duckdb
import pyarrow as pa

from . import link_sql
from .link_sides import LinkResult, LinkSide

_COUNT_NAMES = [
    "left_rows",
    "right_rows",
    "linked_left",
    "linked_right",
    "empty_left",
    "empty_right",
    "repeated_keys_left",
    "repeated_keys_right",
    "matched_keys",
    "matched_pairs",
]


def link_deterministic(
    connection: duckdb.DuckDBPyConnection,
    left: LinkSide,
    right: LinkSide,
    kinds: list[str],
) -> LinkResult:
    """Count linked rows on both sides through any of the shared key kinds."""

    # Keys are normalised once, into a temp table per side that the pairs reuse.
    left_keys = _prepare_keys(connection, "left_input", left, kinds)
    right_keys = _prepare_keys(connection, "right_input", right, kinds)
    per_key = [_key_counts(connection, left_keys, right_keys, index) for index in range(len(kinds))]
    if len(kinds) == 1:
        totals = per_key[0]
    else:
        linked = _rows_linked_by_any(connection, left, right, kinds)
        totals = dict(zip(_COUNT_NAMES[:4], linked, strict=True))
    return LinkResult(
        left_rows=totals["left_rows"],
        right_rows=totals["right_rows"],
        linked_left=totals["linked_left"],
        linked_right=totals["linked_right"],
        method="deterministic",
        keys=[{"kind": kind, "left": left.keys[kind], "right": right.keys[kind]} for kind in kinds],
        confidence={"exact_after_normalisation": True},
        details={
            "per_key": [
                {"kind": kind, **{k: v for k, v in counts.items() if k not in _COUNT_NAMES[:2]}}
                for kind, counts in zip(kinds, per_key, strict=True)
            ]
        },
    )


def _key_counts(
    connection: duckdb.DuckDBPyConnection, left_keys: str, right_keys: str, index: int
) -> dict[str, int]:
    """Rows, linked rows, empty and repeated keys and matched pairs for one key kind (the
    index-th normalised key of the prepared key tables).

    One pass per side: rows are grouped by normalised key and the two groupings joined, so
    a side's linked rows are the summed counts of the keys the other side also has.
    """
    row = connection.execute(
        f"""
        WITH left_counts AS (
            SELECT key_{index} AS key, count(*) AS n FROM {left_keys} GROUP BY 1
        ),
        right_counts AS (
            SELECT key_{index} AS key, count(*) AS n FROM {right_keys} GROUP BY 1
        ),
        both_sides AS (
            -- NULL keys never join, so each side's NULL group stays on a row of its own
            SELECT l.key AS left_key, l.n AS left_n, r.key AS right_key, r.n AS right_n,
                l.key IS NOT NULL AND r.key IS NOT NULL AS matched
            FROM left_counts AS l FULL JOIN right_counts AS r ON l.key = r.key
        )
        SELECT
            coalesce(sum(left_n), 0),
            coalesce(sum(right_n), 0),
            coalesce(sum(left_n) FILTER (WHERE matched), 0),
            coalesce(sum(right_n) FILTER (WHERE matched), 0),
            coalesce(sum(left_n) FILTER (WHERE left_key IS NULL), 0),
            coalesce(sum(right_n) FILTER (WHERE right_key IS NULL), 0),
            count(*) FILTER (WHERE left_key IS NOT NULL AND left_n > 1),
            count(*) FILTER (WHERE right_key IS NOT NULL AND right_n > 1),
            count(*) FILTER (WHERE matched),
            coalesce(sum(left_n * right_n) FILTER (WHERE matched), 0)
        FROM both_sides
        """
    ).fetchone()
    return dict(zip(_COUNT_NAMES, (int(value) for value in row), strict=True))


def _prepare_keys(
    connection: duckdb.DuckDBPyConnection, input_view: str, side: LinkSide, kinds: list[str]
) -> str:
    """Materialise row_id and one normalised key per kind (once); return the table name."""
    table = input_view.replace("_input", "_keys")
    types = link_sql.column_types(connection, input_view)
    keys = ", ".join(
        f"{link_sql.key_expression(side.keys[kind], types[side.keys[kind]])} AS key_{index}"
        for index, kind in enumerate(kinds)
    )
    connection.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {table} AS "
        f"SELECT {link_sql.row_expression(types)} AS row_id, {keys} FROM {input_view}"
    )
    return table


def _rows_linked_by_any(
    connection: duckdb.DuckDBPyConnection, left: LinkSide, right: LinkSide, kinds: list[str]
) -> tuple[int, int, int, int]:
    """Rows on each side, and rows with a partner through any kind (UNION of semi joins)."""
    left_keys = _prepare_keys(connection, "left_input", left, kinds)
    right_keys = _prepare_keys(connection, "right_input", right, kinds)

    def linked(this: str, other: str) -> str:
        return "\n            UNION\n".join(
            f"            SELECT row_id FROM {this} SEMI JOIN {other}"
            f" ON {this}.key_{index} = {other}.key_{index}"
            for index in range(len(kinds))
        )

    return connection.execute(
        f"""
        WITH left_linked AS (
{linked(left_keys, right_keys)}
        ),
        right_linked AS (
{linked(right_keys, left_keys)}
        )
        SELECT
            (SELECT count(*) FROM {left_keys}),
            (SELECT count(*) FROM {right_keys}),
            (SELECT count(*) FROM left_linked),
            (SELECT count(*) FROM right_linked)
        """
    ).fetchone()


def deterministic_pairs(
    connection: duckdb.DuckDBPyConnection, left: LinkSide, right: LinkSide, kinds: list[str]
) -> pa.Table:
    """Every (left_row, right_row) sharing a normalised key of some kind, once."""
    left_keys = _prepare_keys(connection, "left_input", left, kinds)
    right_keys = _prepare_keys(connection, "right_input", right, kinds)
    joins = "\nUNION\n".join(
        f"SELECT l.row_id AS left_row, r.row_id AS right_row"
        f" FROM {left_keys} AS l JOIN {right_keys} AS r ON l.key_{index} = r.key_{index}"
        for index in range(len(kinds))
    )
    return connection.execute(joins + "\nORDER BY left_row, right_row").fetch_arrow_table()
