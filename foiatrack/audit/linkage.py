"""Link two tables of adjacent pipeline stages and measure how much of each side links.

Pure Python + DuckDB (in-process, zero-copy on Arrow), no Django. The interface:

    side = LinkSide.from_roles(table, {"RD #": "report_number", "Date": "timestamp", ...})
    result = link_tables(calls, reports)          # method="auto"
    result.to_dict()  # {"left_rows", "right_rows", "linked_left", "linked_right",
                      #  "link_rate", "method", "keys", ...}

Methods:
- "deterministic": the two sides share at least one key kind (vocabulary.LINK_KEY_ROLES);
  keys are normalised (case, spaces, punctuation, leading zeros, known labels) and a row is
  linked when any row of the other side has the same normalised key of some shared kind.
- "probabilistic": no shared key, but both sides have a timestamp and a place: candidate
  pairs are blocked on time window + place, scored Fellegi–Sunter style on time distance,
  place and type (weights estimated by EM), and matched one-to-one above a threshold.
- "none": nothing can be linked; LinkResult.reason says why.

link_rate is linked_left / left_rows: the share of the left (usually the earlier stage's)
rows that have at least one partner on the right. right_link_rate is the same for the right.
"""

# SQL here is assembled from our own table names, numbers and column names passed
# through link_sql.quote(); no data value is ever interpolated.
# ruff: noqa: S608

from datetime import timedelta
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from . import link_gaps, link_sql
from .link_deterministic import deterministic_pairs, link_deterministic
from .link_levels import Linkability, linkability_level
from .link_probabilistic import PROBABILISTIC_PAIRS_SQL, link_probabilistic, missing_fallback
from .link_sides import (
    PLACE_ROLES,
    TYPE_ROLES,
    LinkResult,
    LinkSide,
)

__all__ = [
    "LinkResult",
    "LinkSide",
    "Linkability",
    "link_tables",
    "linkability_level",
    "PLACE_ROLES",
    "TYPE_ROLES",
]


def link_tables(
    left: LinkSide,
    right: LinkSide,
    *,
    method: str = "auto",
    time_window: timedelta = timedelta(minutes=60),
    threshold: float = 0.5,
    max_candidate_pairs: int = 50_000_000,
    keep_pairs: bool = False,
    key_time_before: timedelta = link_gaps.DEFAULT_BEFORE,
    key_time_after: timedelta = link_gaps.DEFAULT_AFTER,
    refuse_far_pairs: bool = False,
    memory_limit: str | None = link_sql.DEFAULT_MEMORY_LIMIT,
    temp_directory: str | None = None,
) -> LinkResult:
    """Link `left` to `right`: on shared keys if any, else probabilistically, else "none".

    method forces "deterministic" or "probabilistic"; time_window bounds the time distance
    of probabilistic candidate pairs; threshold is the lowest match probability accepted;
    max_candidate_pairs caps blocking (a finer place is used when a coarse one would
    produce more pairs). keep_pairs fills LinkResult.pairs with the linked row pairs.
    Key-linked pairs whose times are both readable are measured: details["time_gaps"] says
    how many put the right record more than key_time_before earlier or key_time_after later
    than the left one; with refuse_far_pairs those pairs are not counted as linked.
    memory_limit and temp_directory bound DuckDB's memory (it spills beyond it). A side
    whose data is a Parquet path (the audit's columnar copy) is read by DuckDB directly.
    Raises KeyError naming a column a side lacks, and the audit's UnreadableFileError for
    a file it cannot read.
    """
    if method not in {"auto", "deterministic", "probabilistic"}:
        raise ValueError(f"unknown linkage method {method!r}")
    connection = link_sql.connect(memory_limit, temp_directory)
    try:
        _register(connection, "left_input", left)
        _register(connection, "right_input", right)
        shared_keys = [kind for kind in left.keys if kind in right.keys]
        if method == "deterministic" or (method == "auto" and shared_keys):
            if not shared_keys:
                return _nothing(connection, "no key kind is shared by the two tables")
            result = link_deterministic(connection, left, right, shared_keys)
            pairs = deterministic_pairs(connection, left, right, shared_keys)
            window = (key_time_before, key_time_after)
            _check_times(connection, result, left, right, pairs, window, refuse_far_pairs)
            if keep_pairs:
                result.pairs = pairs
        else:
            missing = missing_fallback(left, right)
            if missing:
                return _nothing(connection, missing)
            result = link_probabilistic(
                connection,
                left,
                right,
                time_window=time_window,
                threshold=threshold,
                max_candidate_pairs=max_candidate_pairs,
            )
            if keep_pairs:
                result.pairs = connection.execute(PROBABILISTIC_PAIRS_SQL).fetch_arrow_table()
        return result
    finally:
        connection.close()


def _check_times(connection, result, left, right, pairs, window, refuse: bool) -> None:
    """Report the time gaps of key-linked pairs; with refuse, drop the implausible ones."""
    if not (left.timestamp and right.timestamp) or not result.linked_left:
        return
    connection.register("key_pairs", pairs)
    before, after = window
    gaps = link_gaps.check_pair_times(
        connection, left, right, "key_pairs", before=before, after=after
    )
    if gaps is None:
        return
    far = gaps.pop("outside_window_pairs")
    kept_left, kept_right = gaps.pop("linked_left"), gaps.pop("linked_right")
    gaps["outside_window_pairs"], gaps["refused_pairs"] = far, far if refuse else 0
    result.details["time_gaps"] = gaps
    result.confidence["time_consistent"] = far == 0
    if not far:
        return
    result.confidence["exact_after_normalisation"] = False
    # Without refuse the pairs stay linked: reason is kept for "why nothing (more) linked".
    if refuse:
        result.linked_left, result.linked_right = kept_left, kept_right
        result.reason = (
            f"{far:,} of {gaps['pairs']:,} pairs sharing a key are too far apart in time to "
            "be one event and were refused"
        )


def _register(connection: duckdb.DuckDBPyConnection, view_name: str, side: LinkSide) -> None:
    data = side.data
    if isinstance(data, str | Path) and side.source is None and _is_parquet(Path(data)):
        try:
            link_sql.register_parquet(connection, view_name, Path(data), _columns_used(side))
        except KeyError as error:
            raise KeyError(f"{side.name or view_name} has no column {error.args[0]}") from None
        return
    if isinstance(data, str | Path):
        data = _read(Path(data), side)
    link_sql.register_input(connection, view_name, data)
    missing = [
        c for c in _columns_used(side) if c not in link_sql.column_types(connection, view_name)
    ]
    if missing:
        raise KeyError(f"{side.name or view_name} has no column {', '.join(map(repr, missing))}")


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() == ".parquet"


def _read(path: Path, side: LinkSide) -> pa.Table | pd.DataFrame:
    """Only the columns linkage uses.

    A file with a TableSource came through the audit, so the audit's reader reads it again:
    the same cleaning (repeated headers, totals and notes dropped), so row counts agree with
    the audit's. A bare CSV or Parquet path goes straight into Arrow (fast, all text); if
    that fails (not UTF-8, not comma-separated) the audit's reader sniffs it instead.
    (A Parquet path is not read here: DuckDB reads it, see _register.)
    """
    columns = _columns_used(side)
    if side.source is None and path.suffix.lower() == ".csv":
        try:
            return link_sql.read_csv_columns(path, columns)
        except (pa.ArrowInvalid, UnicodeDecodeError):
            pass
    from . import list_tables, read_frame  # the audit's cleaned reader (heavier)

    source = side.source or list_tables(str(path))[0]
    return read_frame(str(path), source, columns=columns)


def _columns_used(side: LinkSide) -> list[str]:
    columns = [*side.keys.values(), *side.places.values(), side.timestamp, side.type_column]
    columns.append(side.time_of_day)
    return list(dict.fromkeys(c for c in columns if c))


def row_count(connection: duckdb.DuckDBPyConnection, view_name: str) -> int:
    """Rows in a registered input."""
    return connection.execute(f"SELECT count(*) FROM {view_name}").fetchone()[0]


def _nothing(connection: duckdb.DuckDBPyConnection, reason: str) -> LinkResult:
    return LinkResult(
        left_rows=row_count(connection, "left_input"),
        right_rows=row_count(connection, "right_input"),
        linked_left=0,
        linked_right=0,
        method="none",
        reason=reason,
    )
