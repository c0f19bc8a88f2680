"""Which key columns two tables really share: by their values, not only their roles.

Two columns both called "case number" that share no value are not a link; a headerless
file's unlabelled reference numbers are a link once their values are found in the other
file. Values are normalised as link_sql's link_key does for digits and letters (upper case,
punctuation and leading zeros dropped) before they are compared.
"""

import re

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .vocabulary import LINK_KEY_ROLES

_NOT_KEY = re.compile(r"[^A-Z0-9]")


def normalised_keys(values: "pd.Series | pa.Array | pa.ChunkedArray") -> set[str]:
    """The set of a column's normalised non-empty keys (an Arrow column is normalised
    in Arrow, its distinct values first, never through pandas object columns)."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return _arrow_keys(values)
    text = values.dropna().astype(str).str.upper().str.replace(_NOT_KEY, "", regex=True)
    text = text.str.replace(r"^([A-Z]*)0+(\d)", r"\1\2", regex=True)
    text = text.str.replace(r"\.0$", "", regex=True)
    return set(text[text != ""])


def _arrow_keys(values: "pa.Array | pa.ChunkedArray") -> set[str]:
    if pa.types.is_floating(values.type):  # 123.0 reads as 123
        values = pc.cast(pc.cast(values, pa.int64(), safe=False), pa.string())
    text = pc.unique(pc.drop_null(pc.cast(values, pa.string())))
    text = pc.replace_substring_regex(pc.utf8_upper(text), "[^A-Z0-9]", "")
    text = pc.replace_substring_regex(text, r"^([A-Z]*)0+(\d)", r"\1\2")
    text = pc.unique(text)
    return set(text.filter(pc.not_equal(text, "")).to_pylist())


def key_candidates(roles: dict[str, str]) -> list[str]:
    """Columns whose role makes them a possible key of another stage."""
    return [name for name, role in roles.items() if role in LINK_KEY_ROLES]


# Columns of different (or unlabelled) kinds must share this many values, and this share
# of the smaller column's values, before their overlap is taken for a link, not a chance.
MIN_SHARED_VALUES = 3
MIN_SHARED_SHARE = 0.01


def shared_key_pairs(
    left: "pd.DataFrame | pa.Table",
    right: "pd.DataFrame | pa.Table",
    left_columns: list[str],
    right_columns: list[str],
    same_kind: set[tuple[str, str]] | None = None,
) -> list[dict]:
    """(left column, right column) pairs that share normalised values, most shared first;
    each column used in one pair at most. Pairs not in same_kind (both columns of one
    named kind) need MIN_SHARED_VALUES and MIN_SHARED_SHARE."""
    left_sets = {name: normalised_keys(left[name]) for name in left_columns}
    right_sets = {name: normalised_keys(right[name]) for name in right_columns}
    scored = [
        {"left": l_name, "right": r_name, "shared_values": len(l_set & r_set)}
        for l_name, l_set in left_sets.items()
        for r_name, r_set in right_sets.items()
        if (l_name, r_name) in (same_kind or set())
        or _beyond_chance(len(l_set & r_set), min(len(l_set), len(r_set)))
    ]
    scored.sort(key=lambda pair: -pair["shared_values"])
    chosen, used_left, used_right = [], set(), set()
    for pair in scored:
        fresh = pair["left"] not in used_left and pair["right"] not in used_right
        if pair["shared_values"] and fresh:
            chosen.append(pair)
            used_left.add(pair["left"])
            used_right.add(pair["right"])
    return chosen


def _beyond_chance(shared: int, smaller: int) -> bool:
    return shared >= MIN_SHARED_VALUES and shared >= MIN_SHARED_SHARE * smaller


def overlap(left, right) -> int:
    """Normalised values two columns both hold."""
    return len(normalised_keys(left) & normalised_keys(right))
