"""DuckDB plumbing for the linkage engine: a connection with normalising macros, and inputs.

Agencies spell the same identifier several ways (`HT123456`, `ht-123456`, ` HT123456 `,
`RD# HT123456`, `00123`); an unnormalised join lost 4 % of true links (FIELD-NOTES). The
macros below put keys, place codes, blocks and types into one spelling inside DuckDB, so
millions of rows are normalised in parallel without a Python loop.
"""

# SQL here is assembled from our own table names, numbers and column names passed
# through link_sql.quote(); no data value is ever interpolated.
# ruff: noqa: S608

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

# Whole values that mean "nothing here" once normalised ("N/A" → "NA", "-" → "").
_MISSING = "^(NA|N A|NAN|NULL|NONE|UNKNOWN|REDACTED|WITHHELD|X+|0+)$"

# A label in front of the number ("RD# HT123456", "CB No. 123", "#123") is not part of it.
_LABEL_PREFIX = r"^\s*((RD|CB|IR|EVENT|CASE|BOOKING|REPORT)\s*)?(#|NO\.|NO:|NO\s|NUMBER)\s*:?\s*"
# Known number prefixes written before digits only: "CB 12345678" is CB number 12345678.
# (Letters before digits are kept otherwise: "HT" in HT123456 is part of an RD number.)
_NUMBER_PREFIX = r"^(RD|CB|IR)([0-9])"
_NORMAL_KEY = r"[A-Z]{0,3}[1-9][0-9]*"

# Each macro is one expression (no subquery), so DuckDB runs it vectorised on all cores.
_MACROS = [
    # Upper case, letters and digits only, leading zeros of the numeric part dropped;
    # missing tokens, all-X redactions and all-zero placeholders become NULL, so an empty
    # key never matches another empty key.
    f"""
    CREATE OR REPLACE TEMP MACRO link_key_respelled(raw) AS nullif(regexp_replace(
        regexp_replace(regexp_replace(
            regexp_replace(
                upper(regexp_replace(CAST(raw AS VARCHAR), '{_LABEL_PREFIX}', '', 'i')),
                '[^A-Z0-9]', '', 'g'),
            '{_NUMBER_PREFIX}', '\\2'),
            '^([A-Z]*)0+([0-9])', '\\1\\2'),
        '{_MISSING}', ''), '')
    """,
    # The same, with fast paths: empty is NULL, and a key already in its normal spelling
    # (letters then digits without a leading zero, no label) is kept as it is. Most keys
    # are one or the other, and five regex rewrites per row cost more than the join.
    f"""
    CREATE OR REPLACE TEMP MACRO link_key(raw) AS CASE
        WHEN CAST(raw AS VARCHAR) = '' THEN NULL
        WHEN regexp_full_match(CAST(raw AS VARCHAR), '{_NORMAL_KEY}')
            AND NOT regexp_matches(CAST(raw AS VARCHAR), '{_NUMBER_PREFIX}')
            THEN CAST(raw AS VARCHAR)
        ELSE link_key_respelled(raw) END
    """,
    # Beat, district, ward codes: "0111" and "111", "District 1" and "1" are one code.
    f"""
    CREATE OR REPLACE TEMP MACRO link_code_respelled(raw) AS nullif(regexp_replace(
        ltrim(regexp_replace(upper(CAST(raw AS VARCHAR)),
            '^\\s*(DISTRICT|DIST|BEAT)\\.?|[^A-Z0-9]', '', 'g'), '0'),
        '{_MISSING}', ''), '')
    """,
    # Plain digits (nearly all values) only lose their leading zeros.
    """
    CREATE OR REPLACE TEMP MACRO link_code(raw) AS CASE
        WHEN regexp_full_match(CAST(raw AS VARCHAR), '[0-9]+')
            THEN nullif(ltrim(CAST(raw AS VARCHAR), '0'), '')
        ELSE link_code_respelled(raw) END
    """,
    # Text compared as words: upper case, runs of anything else become one space.
    f"""
    CREATE OR REPLACE TEMP MACRO link_words_respelled(raw) AS nullif(regexp_replace(
        trim(regexp_replace(upper(CAST(raw AS VARCHAR)), '[^A-Z0-9]+', ' ', 'g')),
        '{_MISSING}', ''), '')
    """,
    # Text already in that shape and not a missing token (most of it) is kept as it is.
    f"""
    CREATE OR REPLACE TEMP MACRO link_words(raw) AS CASE
        WHEN regexp_full_match(upper(CAST(raw AS VARCHAR)), '[A-Z0-9]+( [A-Z0-9]+)*')
            AND NOT regexp_full_match(upper(CAST(raw AS VARCHAR)), '{_MISSING[1:-1]}')
            THEN upper(CAST(raw AS VARCHAR))
        ELSE link_words_respelled(raw) END
    """,
    # A hundred block from link_words output, marked H: Chicago's "012XX W MADISON ST" and
    # the address "1234 W. Madison St" both become "H12 W MADISON ST" (and "5 W X" and
    # "000XX W X" become "H W X"). String slicing, not a capturing regex: RE2 extracts
    # submatches on its slow path, which cost seconds on a million addresses.
    """
    CREATE OR REPLACE TEMP MACRO link_hundred_block(words) AS CASE
        WHEN regexp_full_match(split_part(words, ' ', 1), '[0-9]+(XX)?')
            THEN 'H' || ltrim(left(split_part(words, ' ', 1),
                    greatest(length(split_part(words, ' ', 1)) - 2, 0)), '0')
                || substr(words, length(split_part(words, ' ', 1)) + 1)
        ELSE words END
    """,
    # A grid cell of 1/200 degree from latitude and longitude; out-of-range and 0,0
    # (a common stand-in for "no location") give NULL.
    """
    CREATE OR REPLACE TEMP MACRO link_cell(latitude, longitude) AS CASE
        WHEN TRY_CAST(latitude AS DOUBLE) BETWEEN -90 AND 90
            AND TRY_CAST(longitude AS DOUBLE) BETWEEN -180 AND 180
            AND NOT (TRY_CAST(latitude AS DOUBLE) = 0 AND TRY_CAST(longitude AS DOUBLE) = 0)
            THEN CAST(round(TRY_CAST(latitude AS DOUBLE) * 200) AS BIGINT) || ':'
                || CAST(round(TRY_CAST(longitude AS DOUBLE) * 200) AS BIGINT)
        END
    """,
    # Convenience for one-off use; prepared tables compute link_words once, then this.
    "CREATE OR REPLACE TEMP MACRO link_block(raw) AS link_hundred_block(link_words(raw))",
]

# Timestamp spellings seen in agency exports; the one that parses most of a sample wins.
TIMESTAMP_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%Y-%m-%d",
    "%m/%d/%Y",
]
_TIMESTAMP_SAMPLE = 500


DEFAULT_MEMORY_LIMIT = "512MB"


def connect(
    memory_limit: str | None = DEFAULT_MEMORY_LIMIT, temp_directory: str | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the linkage macros defined. memory_limit bounds
    DuckDB's own memory (joins and sorts beyond it spill to temp_directory, by default
    DuckDB's own `.tmp` beside the working directory)."""
    config = {"memory_limit": memory_limit} if memory_limit else {}
    if temp_directory:
        config["temp_directory"] = str(temp_directory)
    connection = duckdb.connect(config=config)
    for macro in _MACROS:
        connection.execute(macro)
    return connection


ROW_COLUMN = "__link_row"  # 0-based position of a row in its input, for LinkResult.pairs


def register_input(
    connection: duckdb.DuckDBPyConnection, view_name: str, data: pa.Table | pd.DataFrame
) -> None:
    """Make `data` queryable as `view_name` (zero-copy), its row positions in ROW_COLUMN."""
    positions = np.arange(len(data), dtype=np.int64)
    if isinstance(data, pd.DataFrame):
        connection.register(view_name, data.assign(**{ROW_COLUMN: positions}))
    else:
        connection.register(view_name, data.append_column(ROW_COLUMN, pa.array(positions)))


def register_parquet(
    connection: duckdb.DuckDBPyConnection, view_name: str, path: Path, columns: list[str]
) -> None:
    """Make some columns of a Parquet file queryable as `view_name`, read by DuckDB as
    queries need them (never loaded whole), its row positions in ROW_COLUMN."""
    available = {field.name for field in pq.read_schema(path)}
    missing = [column for column in columns if column not in available]
    if missing:
        raise KeyError(", ".join(map(repr, missing)))
    selected = ", ".join(quote(column) for column in columns)
    location = str(path).replace("'", "''")
    connection.execute(
        f"CREATE OR REPLACE TEMP VIEW {view_name} AS SELECT {selected}"
        f"{', ' if selected else ''}file_row_number AS {quote(ROW_COLUMN)}"
        f" FROM read_parquet('{location}', file_row_number = true)"
    )


def read_csv_columns(path: Path, columns: list[str]) -> pa.Table:
    """Some columns of a UTF-8 comma-separated file, all as text.

    Text keeps identifiers' leading zeros; time is parsed later with one format per column.
    Raises pyarrow.ArrowInvalid when the file is not that (another encoding or delimiter,
    a column missing).
    """
    return pa_csv.read_csv(
        path,
        convert_options=pa_csv.ConvertOptions(
            include_columns=columns,
            column_types=dict.fromkeys(columns, pa.string()),
            strings_can_be_null=True,  # an empty cell is missing, not the text ""
        ),
    )


def row_expression(types: dict[str, str]) -> str:
    """SQL for a row's 0-based position (the column register_input added)."""
    return quote(ROW_COLUMN)


def column_types(connection: duckdb.DuckDBPyConnection, view_name: str) -> dict[str, str]:
    """{column name: DuckDB type name} of a registered input."""
    rows = connection.execute(f"DESCRIBE SELECT * FROM {view_name}").fetchall()
    return {name: str(type_name) for name, type_name, *_rest in rows}


def quote(column: str) -> str:
    """A column name as a DuckDB identifier; agency headers hold spaces and '#'."""
    return '"' + column.replace('"', '""') + '"'


def key_expression(column: str, type_name: str) -> str:
    """SQL for the normalised key of `column`, whatever type the reader gave it."""
    if type_name in {"FLOAT", "DOUBLE"} or type_name.startswith("DECIMAL"):
        # pandas turns an integer column with gaps into floats: 123.0 must read as 123.
        return f"link_key(TRY_CAST({quote(column)} AS HUGEINT))"
    return f"link_key({quote(column)})"


def timestamp_expression(
    connection: duckdb.DuckDBPyConnection, view_name: str, column: str, type_name: str
) -> tuple[str, bool]:
    """SQL giving `column` as a TIMESTAMP, and whether it holds a time of day or a date only.

    Text is parsed with the format that reads most of a sample (per column, not per row:
    guessing per row is slow and US dates are ambiguous).
    """
    if type_name.startswith("TIMESTAMP"):  # typed (Parquet copy): a date only if all midnight
        clocks = connection.execute(
            f"SELECT count(*) FROM (SELECT {quote(column)} AS value FROM {view_name}"
            f" WHERE {quote(column)} IS NOT NULL LIMIT {_TIMESTAMP_SAMPLE})"
            " WHERE CAST(value AS TIME) <> TIME '00:00:00'"
        ).fetchone()[0]
        return f"CAST({quote(column)} AS TIMESTAMP)", bool(clocks)
    if type_name == "DATE":
        return f"CAST({quote(column)} AS TIMESTAMP)", False
    text = f"trim(CAST({quote(column)} AS VARCHAR))"
    sample = (
        f"(SELECT {text} AS value FROM {view_name}"
        f" WHERE {quote(column)} IS NOT NULL LIMIT {_TIMESTAMP_SAMPLE})"
    )
    counts = [
        f"count(try_strptime(value, '{fmt}')) AS f{index}"
        for index, fmt in enumerate(TIMESTAMP_FORMATS)
    ]
    parsed = connection.execute(f"SELECT {', '.join(counts)} FROM {sample}").fetchone()
    best = max(range(len(TIMESTAMP_FORMATS)), key=lambda index: parsed[index])
    if not parsed[best]:
        return "CAST(NULL AS TIMESTAMP)", False
    fmt = TIMESTAMP_FORMATS[best]
    return f"try_strptime({text}, '{fmt}')", "%H" in fmt or "%I" in fmt
