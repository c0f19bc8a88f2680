"""What a link run compares (one side: a file and its columns by role) and what it
returns (counts, rates, keys, confidence). Pure Python."""

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from .results import TableSource
from .vocabulary import LINK_KEY_ROLES

# Place roles usable for blocking and scoring (latitude and longitude only together).
PLACE_ROLES = ["district", "beat", "block", "address", "latitude", "longitude"]
TYPE_ROLES = ["event_type", "offense_type", "charge_description"]
# A record's own time first; else a time of its life (a call log with only its clearance).
TIME_ROLES = ["timestamp", "date", "clear_time", "arrival_time", "dispatch_time", "arrest_time"]

TableData = pa.Table | pd.DataFrame | str | Path


@dataclass
class LinkSide:
    """One table to link: its data and which column plays which role.

    data is a pyarrow Table, a pandas DataFrame, or a file path. A path with a `source`
    (a table the audit listed) is read by the audit's `read_frame(path, source)`, cleaned
    as the audit cleaned it; a bare UTF-8 CSV or Parquet path is read straight into Arrow,
    all text. Either way only the columns named here are read.
    """

    data: TableData
    keys: dict[str, str] = field(default_factory=dict)  # key kind (LINK_KEY_ROLES) → column
    timestamp: str | None = None  # date-and-time (or date-only) column
    places: dict[str, str] = field(default_factory=dict)  # PLACE_ROLES role → column
    type_column: str | None = None  # event / offense type
    source: TableSource | None = None
    name: str = ""
    time_of_day: str | None = None  # a separate clock column joined to a date-only column

    @classmethod
    def from_roles(
        cls,
        data: TableData,
        roles: dict[str, str],
        *,
        source: TableSource | None = None,
        name: str = "",
    ) -> "LinkSide":
        """A side whose columns are chosen by role ({column name: role}, e.g. from an audit)."""
        by_role: dict[str, str] = {}
        for column, role in roles.items():
            by_role.setdefault(role, column)  # the first column of a role wins
        timestamp = next((by_role[r] for r in TIME_ROLES if r in by_role), None)
        # The audit gives a date column joined with a clock column (`10062011` + `003837`)
        # the role "timestamp" and the clock "time"; event times then join the two again.
        clock = by_role.get("time") if timestamp else None
        return cls(
            data=data,
            keys={kind: by_role[kind] for kind in LINK_KEY_ROLES if kind in by_role},
            timestamp=timestamp,
            places={role: by_role[role] for role in PLACE_ROLES if role in by_role},
            type_column=_type_column(roles),
            source=source,
            name=name,
            time_of_day=clock,
        )


# Type columns holding codes (IUCR "0486", FBI code "08B") cannot agree with a call type's
# words, so a described type ("Primary Type") is preferred when a table has both.
_CODE_NAME = re.compile(r"\b(code|iucr|fbi|statute|ucr)\b", re.IGNORECASE)


def _type_column(roles: dict[str, str]) -> str | None:
    candidates = [column for column, role in roles.items() if role in TYPE_ROLES]
    described = [column for column in candidates if not _CODE_NAME.search(column)]
    return (described or candidates or [None])[0]


@dataclass
class LinkResult:
    """What a link run measured. Counts are rows; rates are None when a side is empty."""

    left_rows: int
    right_rows: int
    linked_left: int
    linked_right: int
    method: str  # "deterministic" | "probabilistic" | "none"
    keys: list[dict[str, str]] = field(default_factory=list)  # per key kind or fallback
    confidence: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None  # why nothing could be linked (method "none")
    details: dict[str, Any] = field(default_factory=dict)  # duplicates, empties, pairs, …
    # With keep_pairs: left_row, right_row (0-based input positions) of every link.
    pairs: pa.Table | None = field(default=None, repr=False)

    @property
    def link_rate(self) -> float | None:
        """Share of left rows linked to at least one right row."""
        return _rate(self.linked_left, self.left_rows)

    @property
    def right_link_rate(self) -> float | None:
        """Share of right rows linked to at least one left row."""
        return _rate(self.linked_right, self.right_rows)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready; the keys `link_files --json` promises come first."""
        return {
            "left_rows": self.left_rows,
            "right_rows": self.right_rows,
            "linked_left": self.linked_left,
            "linked_right": self.linked_right,
            "link_rate": self.link_rate,
            "method": self.method,
            "keys": self.keys,
            "right_link_rate": self.right_link_rate,
            "unlinked_left": self.left_rows - self.linked_left,
            "unlinked_right": self.right_rows - self.linked_right,
            "confidence": self.confidence,
            "reason": self.reason,
            "details": self.details,
        }


def _rate(linked: int, rows: int) -> float | None:
    return linked / rows if rows else None
