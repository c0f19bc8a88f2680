"""Probabilistic linkage where no key is shared: time window + place + type.

Fellegi–Sunter in DuckDB SQL, the way splink does it but with a fixed small model:
1. block: candidate pairs share a place (the coarsest shared one whose pair count fits a
   budget) and lie within the time window (time buckets of the window's width, the right
   side repeated into the neighbouring buckets, so an equi-join finds every pair once);
2. compare: each pair gets a level for time distance, place agreement and type agreement;
3. estimate: m and u probabilities by expectation maximisation over the counts of the
   few distinct comparison patterns (dozens of rows, so it runs in Python in microseconds);
4. match: one-to-one, by rounds of mutual best pairs above the threshold.
"""

# SQL here is assembled from our own table names, numbers and column names passed
# through link_sql.quote(); no data value is ever interpolated.
# ruff: noqa: S608

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import duckdb

from . import link_sql
from .link_em import (
    TIME_U,
    UNKNOWN,
    MatchModel,
    compare_dates_only,
    estimate_model,
    register_pattern_probabilities,
)
from .link_sides import LinkResult, LinkSide

# Place kinds, coarsest first; "block" comes from a block or an address column, "cell"
# from latitude and longitude (a grid of 1/200 degree, about 550 m × 410 m in Chicago).
PLACE_KINDS = ["district", "beat", "cell", "block"]
_MATCHING_ROUNDS = 4
_NO_EVIDENCE = (
    "no group of matching records: pairs close in time and place are no likelier than "
    "chance, so nothing is linked"
)
PROBABILISTIC_PAIRS_SQL = """
    SELECT left_id AS left_row, right_id AS right_row, match_probability
    FROM matches ORDER BY left_row, right_row
"""


def place_columns(side: LinkSide) -> dict[str, str]:
    """{place kind: SQL of its normalised value} for a side (a block wins over an address)."""
    places = {
        kind: f"link_code({link_sql.quote(side.places[kind])})"
        for kind in ("district", "beat")
        if kind in side.places
    }
    if "latitude" in side.places and "longitude" in side.places:
        latitude, longitude = side.places["latitude"], side.places["longitude"]
        places["cell"] = f"link_cell({link_sql.quote(latitude)}, {link_sql.quote(longitude)})"
    block = side.places.get("block") or side.places.get("address")
    if block:
        # words only here: the hundred block is cut from them once they are computed
        places["block"] = f"link_words({link_sql.quote(block)})"
    return places


def place_names(side: LinkSide) -> dict[str, str]:
    """{place kind: the column(s) it is read from}, for people."""
    names = {kind: side.places[kind] for kind in ("district", "beat") if kind in side.places}
    if "latitude" in side.places and "longitude" in side.places:
        names["cell"] = f"{side.places['latitude']} + {side.places['longitude']}"
    block = side.places.get("block") or side.places.get("address")
    if block:
        names["block"] = block
    return names


def missing_fallback(left: LinkSide, right: LinkSide) -> str | None:
    """Why the two sides cannot be linked on time + place, or None when they can."""
    if not (left.timestamp and right.timestamp):
        lacking = "either table" if not (left.timestamp or right.timestamp) else "one table"
        return f"no shared key and no time column in {lacking}, so no time+place fallback"
    if not set(place_columns(left)) & set(place_columns(right)):
        return (
            "no shared key, and the tables share no place column "
            "(district, beat, block, address, or latitude and longitude)"
        )
    return None


@dataclass
class _Plan:
    places: list[str]  # shared place kinds, coarsest first
    blocking_place: str
    window_seconds: int
    has_type: bool


def link_probabilistic(
    connection: duckdb.DuckDBPyConnection,
    left: LinkSide,
    right: LinkSide,
    *,
    time_window: timedelta,
    threshold: float,
    max_candidate_pairs: int,
) -> LinkResult:
    """Link two registered inputs without keys; see the module docstring for the steps."""

    places = [k for k in PLACE_KINDS if k in place_columns(left) and k in place_columns(right)]
    has_type = bool(left.type_column and right.type_column)
    left_has_time = _prepare(connection, "left_input", "left_prepared", left, places, has_type)
    right_has_time = _prepare(connection, "right_input", "right_prepared", right, places, has_type)
    unreadable = _side_without_times(connection, left, right)
    if unreadable:
        return _unlinkable(connection, unreadable)
    window = int(time_window.total_seconds())
    time_u = TIME_U
    if not (left_has_time and right_has_time):
        window, time_u = compare_dates_only(connection)
    blocking = _choose_blocking(connection, places, window, max_candidate_pairs)
    plan = _Plan(places, blocking, window, has_type)
    connection.execute(_candidate_pairs_sql(plan))
    patterns = connection.execute(
        "SELECT time_level, place_level, type_level, count(*) FROM candidate_pairs GROUP BY ALL"
    ).fetchall()
    model = estimate_model(patterns, connection, time_u)
    reason = None if model.shows_matches() else _NO_EVIDENCE
    register_pattern_probabilities(connection, patterns, model if reason is None else None)
    linked, mean_probability, min_probability = _match_one_to_one(connection, threshold)
    left_rows, right_rows = _row_counts(connection)
    return LinkResult(
        left_rows=left_rows,
        right_rows=right_rows,
        linked_left=linked,
        linked_right=linked,
        method="probabilistic",
        keys=_keys_used(left, right, plan),
        reason=reason,
        confidence={
            "threshold": threshold,
            "mean_match_probability": mean_probability,
            "min_match_probability": min_probability,
            "prior_match_rate": round(model.prior, 6),
        },
        details=_details(plan, patterns, model),
    )


def _side_without_times(
    connection: duckdb.DuckDBPyConnection, left: LinkSide, right: LinkSide
) -> str | None:
    """Why the time fallback cannot work: a side none of whose times could be read."""
    for name, side in (("left", left), ("right", right)):
        readable = connection.execute(f"SELECT count(event_time) FROM {name}_prepared").fetchone()[
            0
        ]
        if not readable:
            return f"no shared key, and the {name} table has no readable time in {side.timestamp!r}"
    return None


def _unlinkable(connection: duckdb.DuckDBPyConnection, reason: str) -> LinkResult:
    left_rows, right_rows = _row_counts(connection)
    return LinkResult(left_rows, right_rows, 0, 0, method="none", reason=reason)


def _row_counts(connection: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    return connection.execute(
        "SELECT (SELECT count(*) FROM left_prepared), (SELECT count(*) FROM right_prepared)"
    ).fetchone()


def _details(plan: _Plan, patterns: list[tuple[int, int, int, int]], model: "MatchModel") -> dict:
    return {
        "blocking": {"place": plan.blocking_place, "time_window_seconds": plan.window_seconds},
        "candidate_pairs": sum(count for *_levels, count in patterns),
        "match_weights": model.weights(),
        "one_to_one": True,
    }


def _prepare(
    connection: duckdb.DuckDBPyConnection,
    input_view: str,
    table: str,
    side: LinkSide,
    places: list[str],
    has_type: bool,
) -> bool:
    """Materialise row_id, parsed time and normalised place/type; True if time has a clock."""
    types = link_sql.column_types(connection, input_view)
    time_sql, has_clock = link_sql.timestamp_expression(
        connection, input_view, side.timestamp, types[side.timestamp]
    )
    expressions = place_columns(side)
    place_sql = "".join(f", {expressions[kind]} AS place_{kind}" for kind in places)
    type_sql = f"link_words({link_sql.quote(side.type_column)})" if has_type else "NULL"
    replace = (
        "REPLACE (link_hundred_block(place_block) AS place_block)" if "block" in places else ""
    )
    connection.execute(
        f"""
        CREATE TEMP TABLE {table} AS
        WITH normalised AS (
            SELECT {link_sql.row_expression(types)} AS row_id, {time_sql} AS event_time
                {place_sql}, {type_sql} AS event_type
            FROM {input_view}
        )
        SELECT * {replace} FROM normalised
        """
    )
    return has_clock


def _blocked_sides_sql(place: str, window_seconds: int) -> str:
    """CTEs left_blocked and right_blocked: rows with a time and a place, in time buckets."""
    bucket = f"CAST(floor(epoch(event_time) / {window_seconds}) AS BIGINT)"
    return f"""
        left_blocked AS (
            SELECT *, {bucket} AS bucket
            FROM left_prepared
            WHERE event_time IS NOT NULL AND place_{place} IS NOT NULL
        ),
        right_blocked AS (
            -- each right row in its bucket and both neighbours: a pair within the window
            -- then shares exactly one bucket, so an equi-join finds it once
            SELECT right_prepared.*, {bucket} + shift AS bucket
            FROM right_prepared CROSS JOIN (VALUES (-1), (0), (1)) AS shifts(shift)
            WHERE event_time IS NOT NULL AND place_{place} IS NOT NULL
        )"""


def _choose_blocking(
    connection: duckdb.DuckDBPyConnection, places: list[str], window: int, budget: int
) -> str:
    """The coarsest shared place whose blocked pair count fits the budget (else the smallest)."""
    estimates: dict[str, int] = {}
    for place in places:
        estimates[place] = connection.execute(
            f"""
            WITH {_blocked_sides_sql(place, window)},
            left_cells AS (
                SELECT place_{place} AS place, bucket, count(*) AS n FROM left_blocked GROUP BY ALL
            ),
            right_cells AS (
                SELECT place_{place} AS place, bucket, count(*) AS n FROM right_blocked GROUP BY ALL
            )
            SELECT coalesce(sum(left_cells.n * right_cells.n), 0)
            FROM left_cells JOIN right_cells USING (place, bucket)
            """
        ).fetchone()[0]
        if estimates[place] <= budget:
            return place
    return min(estimates, key=estimates.get)


def _candidate_pairs_sql(plan: _Plan) -> str:
    """Create candidate_pairs: blocked pairs within the window with their comparison levels."""
    window = plan.window_seconds
    # Finest agreeing place wins: block 3, beat 2, district 1 (only kinds both sides have).
    place_cases = " ".join(
        f"WHEN l.place_{kind} = r.place_{kind} THEN {PLACE_KINDS.index(kind) + 1}"
        for kind in reversed(plan.places)
    )
    type_level = (
        f"""CASE WHEN l.event_type IS NULL OR r.event_type IS NULL THEN {UNKNOWN}
                WHEN l.event_type = r.event_type THEN 2
                WHEN split_part(l.event_type, ' ', 1) = split_part(r.event_type, ' ', 1) THEN 1
                ELSE 0 END"""
        if plan.has_type
        else str(UNKNOWN)
    )
    return f"""
        CREATE OR REPLACE TEMP TABLE candidate_pairs AS
        WITH {_blocked_sides_sql(plan.blocking_place, window)},
        paired AS (
            SELECT l.row_id AS left_id, r.row_id AS right_id,
                abs(epoch(l.event_time) - epoch(r.event_time)) AS time_gap,
                CASE {place_cases} ELSE 0 END AS place_level,
                {type_level} AS type_level
            FROM left_blocked AS l
            JOIN right_blocked AS r
                ON l.place_{plan.blocking_place} = r.place_{plan.blocking_place}
                AND l.bucket = r.bucket
        )
        SELECT left_id, right_id, time_gap, place_level, type_level,
            CASE WHEN time_gap <= {window / 12} THEN 2
                WHEN time_gap <= {window / 4} THEN 1
                ELSE 0 END AS time_level
        FROM paired
        WHERE time_gap <= {window}
    """


def _match_one_to_one(
    connection: duckdb.DuckDBPyConnection, threshold: float
) -> tuple[int, float | None, float | None]:
    """Accept mutual best pairs above the threshold, in rounds; (pairs, mean p, min p).

    Each round keeps a pair when it is the best for both of its rows among the rows not
    matched yet (ties broken by time distance, then row order), so no row links twice.
    """
    connection.execute(
        f"""
        CREATE TEMP TABLE scored AS
        SELECT c.left_id, c.right_id, c.time_gap, p.match_probability
        FROM candidate_pairs AS c JOIN pattern_probabilities AS p
            USING (time_level, place_level, type_level)
        WHERE p.match_probability >= {float(threshold)};
        CREATE TEMP TABLE matches (left_id BIGINT, right_id BIGINT, match_probability DOUBLE);
        """
    )
    for _round in range(_MATCHING_ROUNDS):
        added = connection.execute(_mutual_best_round_sql()).fetchone()[0]
        if not added:
            break
    count, mean, minimum = connection.execute(
        "SELECT count(*), avg(match_probability), min(match_probability) FROM matches"
    ).fetchone()
    return count, _rounded(mean), _rounded(minimum)


def _mutual_best_round_sql() -> str:
    return """
        INSERT INTO matches
        WITH open_pairs AS (
            SELECT * FROM scored
            WHERE left_id NOT IN (SELECT left_id FROM matches)
                AND right_id NOT IN (SELECT right_id FROM matches)
        ),
        ranked AS (
            SELECT *,
                row_number() OVER (PARTITION BY left_id
                    ORDER BY match_probability DESC, time_gap, right_id) AS left_rank,
                row_number() OVER (PARTITION BY right_id
                    ORDER BY match_probability DESC, time_gap, left_id) AS right_rank
            FROM open_pairs
        )
        SELECT left_id, right_id, match_probability
        FROM ranked
        WHERE left_rank = 1 AND right_rank = 1
    """


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _keys_used(left: LinkSide, right: LinkSide, plan: _Plan) -> list[dict[str, Any]]:
    left_places, right_places = place_names(left), place_names(right)
    keys: list[dict[str, Any]] = [
        {"kind": "time", "left": left.timestamp, "right": right.timestamp},
    ]
    keys += [
        {"kind": f"place:{kind}", "left": left_places[kind], "right": right_places[kind]}
        for kind in plan.places
    ]
    if plan.has_type:
        keys.append({"kind": "type", "left": left.type_column, "right": right.type_column})
    return keys
