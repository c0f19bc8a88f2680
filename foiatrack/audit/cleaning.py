"""What counts as missing or redacted, and which rows are not data (repeated headers,
totals, footers, blank rows)."""

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Compared after trimming and lower-casing.
MISSING_TOKENS = [
    "",
    "n/a",
    "na",
    "n.a.",
    "#n/a",
    "null",
    "(null)",
    "nil",
    "nan",
    "none",
    "-",
    "--",
    "---",
    ".",
    "?",
    "not available",
    "not recorded",
]
# Cells that say something was held back, not that it was never recorded.
REDACTED_WORDS = ["redacted", "withheld", "exempt", "confidential", "sealed", "restricted"]
REDACTED_MARKS = (
    [mark * n for mark in "x*#" for n in range(2, 21)]
    + [f"(b)({n})" for n in range(1, 10)]
    + ["(b)(7)(c)", "(b)(7)(a)", "(b)(7)(d)", "(b)(7)(e)", "(b)(7)(f)"]
)
# "Total", "Grand Total", "Citywide Total", "County Total", "Subtotal", "Total(Jan-Jun)".
# In the first two columns any cell starting so is a total; in the next two only a cell that
# is nothing but a total label.
TOTAL_PATTERN = r"^([a-z][a-z.\-]*\s+){0,2}(sub\s*)?totals?\b"
TOTAL_LABEL = r"^([a-z][a-z.\-]*\s+){0,2}(sub\s*)?totals?(\s*\(.*\)|\s*:|\s+for\s+.*|\s+\d{4})?$"
# Values standing in for an unknown value: missing, but counted apart in the evidence.
PLACEHOLDER_TOKENS = [
    "unknown",
    "unk",
    "(,)",
    "(0,0)",
    "(0, 0)",
    "(0.0,0.0)",
    "(0.0, 0.0)",
    "0,0",
    "0.0,0.0",
    "point (0 0)",
    "xx",
]

DROP_REASONS = ("repeated_header", "total", "footer", "blank", "ragged")


def _case_variants(tokens: list[str]) -> list[str]:
    # Matching exact variants with a hash lookup is far cheaper than lower-casing every cell.
    return sorted({form for t in tokens for form in (t, t.upper(), t.title(), t.capitalize())})


_REDACTED_TOKENS = _case_variants(
    [*REDACTED_WORDS, *REDACTED_MARKS]
    + [f"{a}{w}{b}" for w in REDACTED_WORDS for a, b in ("[]", "()", "<>", "**")]
)
_PLACEHOLDER_TOKENS = _case_variants([t for t in PLACEHOLDER_TOKENS if t != "xx"])
_MISSING_TOKENS = _case_variants(MISSING_TOKENS) + _PLACEHOLDER_TOKENS
REDACTED_SET = pa.array(_REDACTED_TOKENS)
PLACEHOLDER_SET = pa.array(_PLACEHOLDER_TOKENS)
MISSING_SET = pa.array(sorted(set(_MISSING_TOKENS) | set(_REDACTED_TOKENS)))


@dataclass
class ColumnChunk:
    """One column of one batch. Usually dictionary-encoded, so text work runs once per
    distinct value; a column of mostly unique values is kept as it is (indices None)."""

    indices: np.ndarray | None  # row -> position in values; None: values are the rows
    values: pa.Array  # trimmed strings
    missing: np.ndarray  # per value: empty or a missing token (redacted included)
    redacted: np.ndarray  # per value: a redaction marker
    parsed: tuple[str, pa.Array] | None = None  # (kind, numbers) when the column cast whole
    placeholder: np.ndarray | None = None  # per value: "UNKNOWN", "(,)", "0,0" (also missing)

    def per_row(self, per_value: np.ndarray) -> np.ndarray:
        """A per-value array spread to one entry per row."""
        return per_value if self.indices is None else per_value[self.indices]

    @property
    def rows(self) -> int:
        return len(self.values) if self.indices is None else len(self.indices)


def encode_column(
    column: pa.Array, *, dictionary: bool = True, numeric: str | None = None
) -> ColumnChunk:
    """Classify a text column's values as missing/redacted, dictionary-encoding it first
    unless told its values are mostly unique (then encoding costs more than it saves).
    numeric ("integer"/"number"): the column was numeric so far; if the whole batch still
    casts, no cell can be empty or a token, so the text work is skipped."""
    if numeric:
        parsed = _cast_whole(column, pa.int64() if numeric == "integer" else pa.float64())
        if parsed is not None:
            nothing = np.zeros(len(column), dtype=bool)
            return ColumnChunk(None, column, nothing, nothing, (numeric, parsed))
    if dictionary:
        encoded = pc.dictionary_encode(column)
        values, indices = encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False)
    else:
        values, indices = column, None
    values = pc.utf8_trim_whitespace(values)
    missing = pc.is_in(values, value_set=MISSING_SET).to_numpy(zero_copy_only=False)
    redacted = np.zeros(len(missing), dtype=bool)
    if missing.any():  # redaction markers are a subset of missing tokens: test only those
        positions = np.flatnonzero(missing)
        is_redacted = pc.is_in(values.take(pa.array(positions)), value_set=REDACTED_SET)
        redacted[positions] = is_redacted.to_numpy(zero_copy_only=False)
        placeholder = np.zeros(len(missing), dtype=bool)
        is_placeholder = pc.is_in(values.take(pa.array(positions)), value_set=PLACEHOLDER_SET)
        placeholder[positions] = is_placeholder.to_numpy(zero_copy_only=False)
        return ColumnChunk(indices, values, missing, redacted, placeholder=placeholder)
    return ColumnChunk(indices, values, missing, redacted)


def _cast_whole(column: pa.Array, target: pa.DataType) -> pa.Array | None:
    try:
        pc.cast(column.slice(0, 200), target)  # a failing cast of a whole batch is slow
        return pc.cast(column, target)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def drop_masks(
    names: list[str], chunks: list[ColumnChunk], *, is_last: bool
) -> dict[str, np.ndarray]:
    """Boolean row masks of rows that are not data, by reason (first reason wins)."""
    rows = chunks[0].rows if chunks else 0
    filled = np.zeros(rows, dtype=np.int32)
    for chunk in chunks:
        filled += chunk.per_row(~chunk.missing)
    masks = {
        "blank": filled == 0,
        "repeated_header": _repeated_header(names, chunks, rows),
        "total": _total_rows(chunks[:2], rows) | _total_rows(chunks[2:4], rows, TOTAL_LABEL),
    }
    if is_last and len(chunks) >= 3:
        masks["footer"] = _trailing_notes(filled)
    taken = np.zeros(rows, dtype=bool)
    for reason, mask in masks.items():
        masks[reason] = mask & ~taken
        taken |= mask
    return masks


def _repeated_header(names: list[str], chunks: list[ColumnChunk], rows: int) -> np.ndarray:
    matches = np.zeros(rows, dtype=np.int32)
    columns_with_name = 0
    for name, chunk in zip(names, chunks, strict=True):
        is_name = pc.equal(chunk.values, name).to_numpy(zero_copy_only=False)
        if is_name.any():
            columns_with_name += 1
            matches += chunk.per_row(is_name)
    needed = max(1, int(np.ceil(0.8 * len(names))))
    if columns_with_name < needed:
        return np.zeros(rows, dtype=bool)
    return matches >= needed


def _total_rows(chunks: list[ColumnChunk], rows: int, pattern: str = TOTAL_PATTERN) -> np.ndarray:
    mask = np.zeros(rows, dtype=bool)
    for chunk in chunks:
        if chunk.parsed is not None:  # the batch cast whole to numbers: no "Total" in it
            continue
        # Only values holding "otal" can be totals: a substring search before the regex.
        candidates = np.flatnonzero(
            pc.match_substring(chunk.values, "otal", ignore_case=True).to_numpy(
                zero_copy_only=False
            )
        )
        if len(candidates) == 0:
            continue
        matched = pc.match_substring_regex(
            chunk.values.take(pa.array(candidates)), pattern, ignore_case=True
        ).to_numpy(zero_copy_only=False)
        if matched.any():
            is_total = np.zeros(len(chunk.values), dtype=bool)
            is_total[candidates[matched]] = True
            mask |= chunk.per_row(is_total)
    return mask


def _trailing_notes(filled: np.ndarray) -> np.ndarray:
    """Rows after the last row with two or more cells: notes like "Source: CPD, run 3/4"."""
    mask = np.zeros(len(filled), dtype=bool)
    data_rows = np.flatnonzero(filled >= 2)
    if len(data_rows) == 0:
        return mask
    tail = slice(data_rows[-1] + 1, len(filled))
    mask[tail] = filled[tail] == 1
    return mask
