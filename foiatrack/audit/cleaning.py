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
REDACTED_PATTERN = (
    r"^(\[|\(|<)?\s*(redacted|withheld|exempt|confidential|sealed|restricted)\s*(\]|\)|>)?$"
    r"|^x{3,}$|^\*{3,}$|^#{3,}$|^\(b\)\s*\(\d"
)
TOTAL_PATTERN = r"^(grand\s+|sub\s*)?totals?\b"

DROP_REASONS = ("repeated_header", "total", "footer", "blank", "ragged")


@dataclass
class ColumnChunk:
    """One column of one batch, dictionary-encoded so text work runs once per distinct value."""

    indices: np.ndarray  # row -> position in values
    values: pa.Array  # distinct trimmed strings of this batch
    missing: np.ndarray  # per value: empty or a missing token (redacted included)
    redacted: np.ndarray  # per value: a redaction marker


def encode_column(column: pa.Array) -> ColumnChunk:
    """Dictionary-encode a text column and classify each distinct value."""
    encoded = pc.dictionary_encode(column)
    values = pc.utf8_trim_whitespace(encoded.dictionary)
    lowered = pc.utf8_lower(values)
    redacted = pc.match_substring_regex(lowered, REDACTED_PATTERN).to_numpy(zero_copy_only=False)
    missing = pc.is_in(lowered, value_set=pa.array(MISSING_TOKENS)).to_numpy(zero_copy_only=False)
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    return ColumnChunk(indices, values, missing | redacted, redacted)


def drop_masks(
    names: list[str], chunks: list[ColumnChunk], *, is_last: bool
) -> dict[str, np.ndarray]:
    """Boolean row masks of rows that are not data, by reason (first reason wins)."""
    rows = len(chunks[0].indices) if chunks else 0
    filled = np.zeros(rows, dtype=np.int32)
    for chunk in chunks:
        filled += ~chunk.missing[chunk.indices]
    masks = {
        "blank": filled == 0,
        "repeated_header": _repeated_header(names, chunks, rows),
        "total": _total_rows(chunks[:2], rows),
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
            matches += is_name[chunk.indices]
    needed = max(1, int(np.ceil(0.8 * len(names))))
    if columns_with_name < needed:
        return np.zeros(rows, dtype=bool)
    return matches >= needed


def _total_rows(chunks: list[ColumnChunk], rows: int) -> np.ndarray:
    mask = np.zeros(rows, dtype=bool)
    for chunk in chunks:
        is_total = pc.match_substring_regex(chunk.values, TOTAL_PATTERN, ignore_case=True)
        is_total = is_total.to_numpy(zero_copy_only=False)
        if is_total.any():
            mask |= is_total[chunk.indices]
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
