"""Which key columns two tables really share: by their values, not only their roles.

Two columns both called "case number" that share no value are not a link; a headerless
file's unlabelled reference numbers are a link once their values are found in the other
file. Values are normalised as link_sql's link_key does for digits and letters (upper case,
punctuation and leading zeros dropped) before they are compared.
"""

# SQL here holds only our own file paths and column names, quoted; no data value.
# ruff: noqa: S608

import re

import duckdb
import pandas as pd

from .vocabulary import LINK_KEY_ROLES

_NOT_KEY = re.compile(r"[^A-Z0-9]")


def normalised_keys(values: pd.Series) -> set[str]:
    """The set of a column's normalised non-empty keys (small frames; files: key_overlaps)."""
    text = values.dropna().astype(str).str.upper().str.replace(_NOT_KEY, "", regex=True)
    text = text.str.replace(r"^([A-Z]*)0+(\d)", r"\1\2", regex=True)
    text = text.str.replace(r"\.0$", "", regex=True)
    return set(text[text != ""])


def key_candidates(roles: dict[str, str]) -> list[str]:
    """Columns whose role makes them a possible key of another stage."""
    return [name for name, role in roles.items() if role in LINK_KEY_ROLES]


# Columns of different (or unlabelled) kinds must share this many values, and this share
# of the smaller column's values, before their overlap is taken for a link, not a chance.
MIN_SHARED_VALUES = 3
MIN_SHARED_SHARE = 0.01


def shared_key_pairs(
    left: pd.DataFrame,
    right: pd.DataFrame,
    left_columns: list[str],
    right_columns: list[str],
    same_kind: set[tuple[str, str]] | None = None,
) -> list[dict]:
    """(left column, right column) pairs that share normalised values, most shared first;
    each column used in one pair at most. Pairs not in same_kind (both columns of one
    named kind) need MIN_SHARED_VALUES and MIN_SHARED_SHARE."""
    left_sets = {name: normalised_keys(left[name]) for name in left_columns}
    right_sets = {name: normalised_keys(right[name]) for name in right_columns}
    overlaps = {
        "left_sizes": {name: len(values) for name, values in left_sets.items()},
        "right_sizes": {name: len(values) for name, values in right_sets.items()},
        "shared": {
            (l_name, r_name): len(l_set & r_set)
            for l_name, l_set in left_sets.items()
            for r_name, r_set in right_sets.items()
        },
    }
    return choose_key_pairs(overlaps, same_kind)


def choose_key_pairs(overlaps: dict, same_kind: set[tuple[str, str]] | None = None) -> list[dict]:
    """shared_key_pairs' choice from counts: overlaps holds left_sizes and right_sizes
    ({column: distinct normalised keys}) and shared ({(left, right): keys both hold})."""
    scored = [
        {"left": l_name, "right": r_name, "shared_values": shared}
        for (l_name, r_name), shared in overlaps["shared"].items()
        if (l_name, r_name) in (same_kind or set())
        or _beyond_chance(
            shared,
            min(overlaps["left_sizes"][l_name], overlaps["right_sizes"][r_name]),
        )
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


# The same normalisation as normalised_keys, in DuckDB.
_KEY_SQL = (
    "nullif(regexp_replace(regexp_replace(upper(CAST({column} AS VARCHAR)), '[^A-Z0-9]', '',"
    " 'g'), '^([A-Z]*)0+([0-9])', '\\1\\2'), '')"
)


def key_overlaps(
    left_path: str, right_path: str, left_columns: list[str], right_columns: list[str]
) -> dict:
    """Distinct normalised keys per column and keys shared per column pair, computed by
    DuckDB over two Parquet files (the audit's columnar copies): choose_key_pairs' input."""
    connection = duckdb.connect(config={"memory_limit": "512MB"})
    try:
        sizes = {}
        for side, path, columns in (
            ("l", left_path, left_columns),
            ("r", right_path, right_columns),
        ):
            location = str(path).replace("'", "''")
            for index, column in enumerate(columns):
                quoted = '"' + column.replace('"', '""') + '"'
                key = _KEY_SQL.format(column=quoted)
                connection.execute(
                    f"CREATE TEMP TABLE {side}{index} AS SELECT DISTINCT {key} AS k"
                    f" FROM read_parquet('{location}') WHERE {key} IS NOT NULL"
                )
                sizes[(side, column)] = connection.execute(
                    f"SELECT count(*) FROM {side}{index}"
                ).fetchone()[0]
        shared = {
            (l_name, r_name): connection.execute(
                f"SELECT count(*) FROM l{i} SEMI JOIN r{j} USING (k)"
            ).fetchone()[0]
            for i, l_name in enumerate(left_columns)
            for j, r_name in enumerate(right_columns)
        }
    finally:
        connection.close()
    return {
        "left_sizes": {name: sizes[("l", name)] for name in left_columns},
        "right_sizes": {name: sizes[("r", name)] for name in right_columns},
        "shared": shared,
    }
