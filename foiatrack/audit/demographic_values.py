"""Demographic roles from values, for columns whose header says nothing: a column of `M`/`F`,
of race words (`BLACK`, `WHITE HISPANIC`), or of age bands (`25-34`, `65+`).

Each rule reads the bounded sample of distinct values (ColumnProfiler.sample), and claims a
column only when every sampled value fits and the column has the handful of values such
categories have.
"""

import re

from .profiling import ColumnProfiler

MIN_ROWS = 20  # a column this short says too little to be read as a category
MAX_CATEGORIES = 30
SEX_VALUES = frozenset(
    ["m", "f", "u", "x", "male", "female", "unknown", "unk", "non-binary", "nonbinary"]
    + ["non binary", "other", "not reported", "n/a"]
)
_RACE_TEXT = (
    "white black asian hispanic latino latina latinx american indian alaska alaskan native "
    "pacific islander hawaiian other unknown multiracial multi-racial biracial two or more "
    "races african amer am ind api aapi middle eastern north arab / - and not reported"
)
RACE_WORDS = frozenset(_RACE_TEXT.split())
_RACE_CORE = frozenset(["white", "black", "asian", "hispanic", "latino", "indian", "islander"])
AGE_RANGE = re.compile(
    r"^\s*(\d{1,2}\s*(-|–|to)\s*\d{1,3}|(under|<|less than|below)\s*\d{1,2}|"
    r"\d{1,2}\s*(\+|and (over|older|up)|or (over|older))|(over|>)\s*\d{1,2})(\s*years?)?\s*$",
    re.I,
)
_YES_NO = frozenset(["y", "n", "yes", "no", "true", "false", "t", "f", "0", "1"])


def _categories(profiler: ColumnProfiler, sample: list[str]) -> bool:
    return profiler.present >= MIN_ROWS and profiler.distinct.count() <= MAX_CATEGORIES


def _sex(profiler: ColumnProfiler, sample: list[str], inferred_type: str) -> str | None:
    if inferred_type != "text" or not _categories(profiler, sample):
        return None
    values = {value.strip().lower() for value in sample}
    if values <= SEX_VALUES and ({"m", "f"} <= values or {"male", "female"} <= values):
        return "sex"
    return None


def _race(profiler: ColumnProfiler, sample: list[str], inferred_type: str) -> str | None:
    if inferred_type != "text" or not _categories(profiler, sample):
        return None
    words = [set(re.split(r"[\s/,-]+", value.strip().lower())) - {""} for value in sample]
    if not all(value_words <= RACE_WORDS for value_words in words):
        return None
    core = set().union(*words) & _RACE_CORE
    return "race" if len(core) >= 2 else None


def _age_range(profiler: ColumnProfiler, sample: list[str], inferred_type: str) -> str | None:
    if inferred_type != "text" or not _categories(profiler, sample) or len(sample) < 2:
        return None
    return "age_range" if all(AGE_RANGE.match(value) for value in sample) else None


RULES = (_sex, _race, _age_range)


def yes_no(profiler: ColumnProfiler, inferred_type: str) -> bool:
    """The column holds yes/no answers (true/false, Y/N, 1/0) or nothing."""
    if inferred_type in ("boolean", "empty"):
        return True
    values = {value.strip().lower() for value in profiler.sample if value}
    return bool(values) and values <= _YES_NO
