"""Time gaps of key-linked pairs: a shared number is not enough when the dates disagree.

A call of 2012 and a report of 2011 that carry the same number are a reused or mistyped
number, not one event. For every pair the deterministic join found, the gap (right time −
left time) is measured; pairs outside the plausible window (the right record at most
`before` earlier and at most `after` later than the left one) are refused, and the linked
rows are counted again from the pairs that remain.
"""

# SQL here is assembled from our own table names, numbers and column names passed
# through link_sql.quote(); no data value is ever interpolated.
# ruff: noqa: S608

from datetime import timedelta
from typing import TYPE_CHECKING

import duckdb

from . import link_sql

if TYPE_CHECKING:
    from .link_sides import LinkSide

# A report may carry the occurrence time, hours before the call was logged (Reno's RMS
# reports are 0.5 to 6.5 hours before their CAD calls); a report is rarely filed months on.
DEFAULT_BEFORE = timedelta(days=1)
DEFAULT_AFTER = timedelta(days=30)
_COMPACT_DATES = ["%m%d%Y", "%Y%m%d"]


def event_time_sql(
    connection: duckdb.DuckDBPyConnection, view_name: str, side: "LinkSide"
) -> str | None:
    """SQL for a side's event time: its timestamp column, or a date column joined with a
    separate time-of-day column (`10062011` + `003837`)."""
    if not side.timestamp:
        return None
    types = link_sql.column_types(connection, view_name)
    if side.time_of_day:
        date_format = _compact_date_format(connection, view_name, side.timestamp)
        if date_format:
            date_text = f"trim(CAST({link_sql.quote(side.timestamp)} AS VARCHAR))"
            clock = f"lpad(trim(CAST({link_sql.quote(side.time_of_day)} AS VARCHAR)), 6, '0')"
            return f"try_strptime({date_text} || {clock}, '{date_format}%H%M%S')"
    sql, _has_clock = link_sql.timestamp_expression(
        connection, view_name, side.timestamp, types[side.timestamp]
    )
    if sql == "CAST(NULL AS TIMESTAMP)":
        date_format = _compact_date_format(connection, view_name, side.timestamp)
        if date_format:
            text = f"trim(CAST({link_sql.quote(side.timestamp)} AS VARCHAR))"
            return f"try_strptime({text}, '{date_format}')"
    return sql


def _compact_date_format(connection, view_name: str, column: str) -> str | None:
    text = f"trim(CAST({link_sql.quote(column)} AS VARCHAR))"
    counts = ", ".join(f"count(try_strptime(v, '{fmt}'))" for fmt in _COMPACT_DATES)
    row = connection.execute(
        f"SELECT count(v), {counts} FROM (SELECT {text} AS v FROM {view_name}"
        f" WHERE {link_sql.quote(column)} IS NOT NULL LIMIT 500)"
    ).fetchone()
    total, *parsed = row
    best = max(range(len(_COMPACT_DATES)), key=lambda i: parsed[i])
    return _COMPACT_DATES[best] if total and parsed[best] >= 0.9 * total else None


def check_pair_times(
    connection: duckdb.DuckDBPyConnection,
    left: "LinkSide",
    right: "LinkSide",
    pairs_table: str,
    *,
    before: timedelta = DEFAULT_BEFORE,
    after: timedelta = DEFAULT_AFTER,
) -> dict | None:
    """Gap statistics of the pairs in `pairs_table` (left_row, right_row) and the rows still
    linked once implausible pairs are refused; None when a side has no readable time."""
    left_time = event_time_sql(connection, "left_input", left)
    right_time = event_time_sql(connection, "right_input", right)
    if not (left_time and right_time):
        return None
    row = link_sql.ROW_COLUMN
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE pair_gaps AS
        SELECT p.left_row, p.right_row,
            epoch(r.t) - epoch(l.t) AS gap_seconds
        FROM {pairs_table} AS p
        JOIN (SELECT {link_sql.quote(row)} AS id, {left_time} AS t FROM left_input) AS l
            ON l.id = p.left_row
        JOIN (SELECT {link_sql.quote(row)} AS id, {right_time} AS t FROM right_input) AS r
            ON r.id = p.right_row
        """
    )
    low, high = -before.total_seconds(), after.total_seconds()
    stats = connection.execute(
        f"""
        SELECT count(*), count(gap_seconds), min(gap_seconds), median(gap_seconds),
            max(gap_seconds),
            count(*) FILTER (WHERE gap_seconds < {low} OR gap_seconds > {high}),
            count(DISTINCT left_row) FILTER (WHERE gap_seconds IS NULL
                OR gap_seconds BETWEEN {low} AND {high}),
            count(DISTINCT right_row) FILTER (WHERE gap_seconds IS NULL
                OR gap_seconds BETWEEN {low} AND {high})
        FROM pair_gaps
        """
    ).fetchone()
    pairs, timed, smallest, middle, largest, refused, linked_left, linked_right = stats
    if not timed:
        return None
    return {
        "pairs": int(pairs),
        "pairs_with_times": int(timed),
        "min_seconds": _number(smallest),
        "median_seconds": _number(middle),
        "max_seconds": _number(largest),
        "outside_window_pairs": int(refused),
        "window_seconds": {"before": int(before.total_seconds()), "after": int(high)},
        "linked_left": int(linked_left),
        "linked_right": int(linked_right),
    }


def _number(value) -> float | None:
    return None if value is None else round(float(value), 1)
