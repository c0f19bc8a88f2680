"""The match model of a probabilistic link run: Fellegi–Sunter weights estimated by
expectation–maximisation over the comparison patterns of candidate pairs (pure Python
and DuckDB).

SQL names here are fixed table names of ours; no data value is ever interpolated.
"""
# ruff: noqa: S608

import math
from dataclasses import dataclass

import duckdb
import pyarrow as pa

_EM_ITERATIONS = 200
_EM_TOLERANCE = 1e-8
UNKNOWN = -1  # a comparison level meaning "one side has no value": neither for nor against
# Time levels: 2 within a twelfth of the window, 1 within a quarter, 0 within the window.
# For non-matching pairs inside the window the gap is about uniform, so their level shares
# (u) are known without estimating them; fixing them anchors EM on "matches are close".
TIME_U = {2: 1 / 12, 1: 2 / 12, 0: 9 / 12}
# When a side has dates only, both sides are cut to the day and the window is one day
# either way: a non-matching pair within it is on the same date one time in three.
DATE_U = {2: 1 / 3, 0: 2 / 3}
# Closest-time and finest-place agreement must be at least this many bits likelier among
# matches than by chance; otherwise the tables show no group of matching records.
MIN_EVIDENCE_BITS = 1.0


@dataclass
class MatchModel:
    """Fellegi–Sunter parameters: prior match rate, m and u per comparison and level."""

    prior: float
    m: list[dict[int, float]]  # per comparison (time, place, type): level → P(level | match)
    u: list[dict[int, float]]  # level → P(level | non-match)

    def probability(self, levels: tuple[int, ...]) -> float:
        """Posterior match probability of a comparison pattern."""
        match, non_match = self.prior, 1 - self.prior
        for index, level in enumerate(levels):
            if level == UNKNOWN:
                continue
            match *= self.m[index][level]
            non_match *= self.u[index][level]
        return match / (match + non_match) if match + non_match else 0.0

    def shows_matches(self) -> bool:
        """Whether the model found a group of matches: among them, closest time and (where
        place has levels to tell apart) finest place agreement are clearly likelier than by
        chance. Unrelated tables give EM a "cluster" of coincidences that fails this."""
        for comparison in (0, 1):  # time, place; type may use other words on each side
            levels = self.m[comparison]
            if comparison == 1 and len(levels) < 2:
                continue  # only the blocking place: agreement says nothing
            if not levels:
                return False
            top = max(levels)
            bits = math.log2(levels[top] / self.u[comparison][top])
            if bits < MIN_EVIDENCE_BITS:
                return False
        return True

    def weights(self) -> dict[str, dict[str, float]]:
        """log2(m/u) per comparison level: how much each agreement counts."""
        names = ["time", "place", "type"]
        return {
            names[index]: {
                str(level): round(math.log2(self.m[index][level] / self.u[index][level]), 3)
                for level in sorted(self.m[index])
            }
            for index in range(len(names))
        }


def compare_dates_only(connection: duckdb.DuckDBPyConnection) -> tuple[int, dict[int, float]]:
    """Cut both sides' times to the day: a date-only side can only agree to the day.
    Returns the window (one day) and the time levels' u (see DATE_U)."""
    for table in ("left_prepared", "right_prepared"):
        connection.execute(f"UPDATE {table} SET event_time = date_trunc('day', event_time)")
    return 86_400, DATE_U


def estimate_model(
    patterns: list[tuple[int, int, int, int]],
    connection: duckdb.DuckDBPyConnection,
    time_u: dict[int, float],
) -> MatchModel:
    """Expectation maximisation over pattern counts (levels assumed independent given match).

    The time comparison's u stays fixed (time_u); its m, the place and type m and u, and
    the prior are estimated."""
    if not patterns:
        return MatchModel(0.0, [{}, {}, {}], [{}, {}, {}])
    counts = [(tuple(p[:3]), p[3]) for p in patterns]
    total = sum(count for _levels, count in counts)
    matchable = connection.execute(
        "SELECT least(count(DISTINCT left_id), count(DISTINCT right_id)) FROM candidate_pairs"
    ).fetchone()[0]
    model = _initial_model(counts, total, matchable, time_u)
    for _iteration in range(_EM_ITERATIONS):
        posteriors = [(levels, count, model.probability(levels)) for levels, count in counts]
        updated = _maximise(posteriors, fixed_time_u=model.u[0])
        change = abs(updated.prior - model.prior)
        model = updated
        if change < _EM_TOLERANCE:
            break
    return model


def _level_frequencies(
    weighted: list[tuple[tuple[int, ...], float]], levels_seen: list[set[int]]
) -> list[dict[int, float]]:
    """P(level) per comparison from (pattern, weight) pairs, lightly smoothed (no zeros)."""
    frequencies = []
    for index, levels in enumerate(levels_seen):
        totals = dict.fromkeys(levels, 1e-6)
        for pattern, weight in weighted:
            if pattern[index] != UNKNOWN:
                totals[pattern[index]] += weight
        grand = sum(totals.values())
        frequencies.append({level: value / grand for level, value in totals.items()})
    return frequencies


def _levels_seen(patterns: list[tuple[int, ...]]) -> list[set[int]]:
    return [{p[index] for p in patterns if p[index] != UNKNOWN} for index in range(3)]


def _initial_model(
    counts: list[tuple[tuple[int, ...], int]],
    total: int,
    matchable: int,
    time_u: dict[int, float],
) -> MatchModel:
    """u from what all candidate pairs look like (nearly all are non-matches); m favours
    the best level of each comparison, so EM starts on the right side of the labels."""
    seen = _levels_seen([levels for levels, _count in counts])
    u = _level_frequencies([(levels, float(count)) for levels, count in counts], seen)
    u[0] = _fixed_time_u(seen[0], time_u)
    m = []
    for levels in seen:
        best = max(levels) if levels else None
        m.append({lv: (0.7 if lv == best else 0.3 / max(len(levels) - 1, 1)) for lv in levels})
    prior = min(max(matchable / total, 1e-6), 0.5)
    return MatchModel(prior, m, u)


def _fixed_time_u(levels: set[int], time_u: dict[int, float]) -> dict[int, float]:
    total = sum(time_u[level] for level in levels)
    return {level: time_u[level] / total for level in levels}


def _maximise(
    posteriors: list[tuple[tuple[int, ...], int, float]], *, fixed_time_u: dict[int, float]
) -> MatchModel:
    seen = _levels_seen([levels for levels, _count, _p in posteriors])
    total = sum(count for _levels, count, _p in posteriors)
    matches = sum(count * p for _levels, count, p in posteriors)
    m = _level_frequencies([(lv, count * p) for lv, count, p in posteriors], seen)
    u = _level_frequencies([(lv, count * (1 - p)) for lv, count, p in posteriors], seen)
    u[0] = fixed_time_u
    prior = min(max(matches / total, 1e-9), 1 - 1e-9)
    return MatchModel(prior, m, u)


def register_pattern_probabilities(
    connection: duckdb.DuckDBPyConnection,
    patterns: list[tuple[int, int, int, int]],
    model: MatchModel | None,
) -> None:
    """The match probability of each pattern (all 0 when there is no model to trust)."""
    rows = [(t, p, y, model.probability((t, p, y)) if model else 0.0) for t, p, y, _c in patterns]
    table = pa.table(
        {
            "time_level": [row[0] for row in rows],
            "place_level": [row[1] for row in rows],
            "type_level": [row[2] for row in rows],
            "match_probability": [row[3] for row in rows],
        },
        schema=pa.schema(
            [
                ("time_level", pa.int32()),
                ("place_level", pa.int32()),
                ("type_level", pa.int32()),
                ("match_probability", pa.float64()),
            ]
        ),
    )
    connection.register("pattern_probabilities", table)
