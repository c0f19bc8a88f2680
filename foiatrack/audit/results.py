"""What an audit returns. Plain dataclasses; to_dict() gives JSON-ready values."""

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class TableSource:
    """Where one table lives inside an uploaded file."""

    name: str  # shown to people: "calls.csv", "book.xlsx › 2011", "export.zip › calls.csv"
    format: str  # "csv" | "xlsx" | "xls"
    member: str | None = None  # path inside a ZIP archive
    sheet: str | None = None  # sheet name inside a workbook
    size_bytes: int | None = None
    kind: str = "table"  # "table" | "notes" (a readme/notes sheet) | "pivot" (a pivot sheet)
    hidden: bool = False  # a hidden sheet: audited on request only, never published by default

    def to_dict(self) -> dict[str, Any]:
        """As stored on a table (JSON)."""
        return {name: getattr(self, name) for name in SOURCE_FIELDS}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TableSource":
        """From what to_dict() stored; keys it does not know are ignored."""
        return cls(**{name: data.get(name) for name in SOURCE_FIELDS})


SOURCE_FIELDS = ("name", "format", "member", "sheet", "size_bytes")


@dataclass
class ColumnProfile:
    name: str
    role: str  # one of vocabulary.ROLES
    inferred_type: str  # "integer" | "number" | "text" | "date" | "timestamp" | "boolean" | "empty"
    null_count: int
    null_rate: float  # share of rows empty or a missing token, redacted included
    redacted_count: int
    redacted_rate: float
    distinct_count: int
    distinct_is_exact: bool  # False: approximate beyond a bound, error stated in the audit
    minimum: Any = None
    maximum: Any = None
    examples: list[str] = field(default_factory=list)  # admins only, never public
    role_was_corrected: bool = False
    # None when exact; else the estimate's relative standard error (HyperLogLog, about 0.008).
    distinct_relative_error: float | None = None
    # Placeholders made missing (1899-12-30, 9999-12-31, "UNKNOWN", "(,)", "0,0" ...), counted
    # apart; they are included in null_count.
    placeholder_count: int = 0


@dataclass
class Flag:
    code: str  # one of vocabulary.FLAG_CODES
    severity: str  # "high" | "medium" | "low"
    message: str  # a sentence a non-technical reader understands
    evidence: dict = field(default_factory=dict)  # the numbers behind it


@dataclass
class TableAudit:
    name: str
    rows: int
    columns: list[ColumnProfile]
    flags: list[Flag]
    granularity: str  # "record" | "aggregate"
    time_resolution: str  # vocabulary.TIME_RESOLUTION_CHOICES
    geo_resolution: str  # vocabulary.GEO_RESOLUTION_CHOICES
    period_start: str | None = None  # ISO date
    period_end: str | None = None
    missing_periods: list[str] = field(default_factory=list)  # "2010-03" or "2010"
    total_by_year: dict[str, int] | None = None  # aggregates only
    aggregate_dimensions: list[str] = field(default_factory=list)
    areas_covered: list[str] = field(default_factory=list)
    missing_areas: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    header_row: int = 0
    dropped_rows: dict[str, int] = field(default_factory=dict)  # {"repeated_header": 3, ...}
    # How the file was read: formats, day/month order, combined date + time, wide layout.
    reading_notes: list[str] = field(default_factory=list)
    table_kind: str = "table"  # "table" | "notes" (not a table) | "pivot"
    hidden: bool = False  # from a hidden sheet: keep private
    header_rows: int = 1  # 0: no header line (columns named column_1 ...), 2: two-row header
    # Issue 22: demographic columns (audit/demographics.py), a call's times (call_times.py).
    demographics: list[dict] = field(default_factory=list)
    call_times: list[dict] = field(default_factory=list)
    columnar_bytes: int | None = None  # size of the Parquet copy, when one was asked for

    def to_dict(self, *, include_examples: bool = True) -> dict:
        """JSON-ready; the keys `audit_file --json` promises come first."""
        columns = []
        for column in self.columns:
            data = asdict(column)
            if not include_examples:
                data.pop("examples")
            columns.append(data)
        return {
            "name": self.name,
            "rows": self.rows,
            "granularity": self.granularity,
            "time_resolution": self.time_resolution,
            "geo_resolution": self.geo_resolution,
            "period": {"start": self.period_start, "end": self.period_end},
            "missing_periods": self.missing_periods,
            "total_by_year": self.total_by_year,
            "columns": columns,
            "flags": [asdict(flag) for flag in self.flags],
            "aggregate_dimensions": self.aggregate_dimensions,
            "areas_covered": self.areas_covered,
            "missing_areas": self.missing_areas,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "header_row": self.header_row,
            "dropped_rows": self.dropped_rows,
            "reading_notes": self.reading_notes,
            "table_kind": self.table_kind,
            "hidden": self.hidden,
            "header_rows": self.header_rows,
            "demographics": self.demographics,
            "call_times": self.call_times,
        }
