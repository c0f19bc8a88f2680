"""What a file says about the people in it: each demographic column's fill rate and its
categories with their counts, for the public gap report ("race is present and 97 % filled").

Counts come from the profiler's exact value counts, which exist only for columns with few
distinct values (bounded memory); a column with more has its fill rate and no categories.
Ages are put into the usual bands. The counts here are raw: publication suppresses small
cells (see pipeline/selectors/demographics.py). Personal roles are never profiled here.
"""

from .profiling import ColumnProfiler
from .vocabulary import DEMOGRAPHIC_ROLES, PERSONAL_ROLES

MAX_CATEGORIES = 40  # the rest are folded into one "other values" row
OTHER_VALUES = "(other values)"
AGE_ROLES = ("age", "victim_age", "officer_age")
AGE_BANDS = [
    (0, 17, "under 18"),
    (18, 24, "18-24"),
    (25, 34, "25-34"),
    (35, 44, "35-44"),
    (45, 54, "45-54"),
    (55, 64, "55-64"),
    (65, 200, "65 and over"),
]


def demographic_profiles(roles: dict[str, str], profilers: dict[str, ColumnProfiler]) -> list:
    """One entry per demographic column, in file order."""
    return [
        _profile(name, role, profilers[name])
        for name, role in roles.items()
        if role in DEMOGRAPHIC_ROLES and role not in PERSONAL_ROLES and name in profilers
    ]


def _profile(name: str, role: str, profiler: ColumnProfiler) -> dict:
    counts = profiler.value_counts()
    if counts is not None and role in AGE_ROLES:
        counts = age_bands(counts)
    return {
        "column": name,
        "role": role,
        "rows": profiler.rows,
        "present": profiler.present,
        "filled_rate": round(profiler.present / profiler.rows, 6) if profiler.rows else 0.0,
        "categories": None if counts is None else _categories(counts),
    }


def age_bands(counts: dict[str, int]) -> dict[str, int]:
    """Whole-number ages counted by band; values that are not ages (bands already, text)
    are kept as they are."""
    banded: dict[str, int] = {}
    for value, count in counts.items():
        label = _band(value)
        banded[label] = banded.get(label, 0) + count
    order = [label for _low, _high, label in AGE_BANDS]
    return dict(sorted(banded.items(), key=lambda kv: _band_order(kv[0], order)))


def _band(value: str) -> str:
    try:
        age = float(value)
    except (TypeError, ValueError):
        return value
    if age != int(age) or not 0 <= age <= 120:
        return value
    return next(label for low, high, label in AGE_BANDS if low <= age <= high)


def _band_order(label: str, order: list[str]) -> tuple[int, str]:
    return (order.index(label), "") if label in order else (len(order), label)


def _categories(counts: dict[str, int]) -> list[dict]:
    ordered = list(counts.items())
    if not any(label in {band for *_r, band in AGE_BANDS} for label, _count in ordered):
        ordered.sort(key=lambda kv: (-kv[1], kv[0]))
    if len(ordered) > MAX_CATEGORIES:
        rest = sum(count for _value, count in ordered[MAX_CATEGORIES - 1 :])
        ordered = [*ordered[: MAX_CATEGORIES - 1], (OTHER_VALUES, rest)]
    return [{"value": value, "count": count} for value, count in ordered]
