"""What the public pages say: small counts hidden, flags in plain sentences. Pure Python.

The public never sees a raw value: flag sentences are written here from the flag's code
and its numeric evidence (column names, areas and periods at most), not copied from the
audit, whose messages may quote what a reader found in a file.
"""

from foiatrack.audit.vocabulary import (
    FLAG_CHOICES,
    GEO_RESOLUTION_CHOICES,
    ROLE_CHOICES,
    TIME_RESOLUTION_CHOICES,
)

# One set of suppression rules for every public number, re-exported.
from foiatrack.core.suppression import (  # noqa: F401
    SMALL_CELL_LIMIT,
    SMALL_CELL_TEXT,
    public_rate,
    public_share,
    public_total,
    small_count,
)

FLAG_LABELS = dict(FLAG_CHOICES)
ROLE_LABELS = dict(ROLE_CHOICES)
GEO_LABELS = dict(GEO_RESOLUTION_CHOICES)
TIME_LABELS = dict(TIME_RESOLUTION_CHOICES)


def _list(items, limit: int = 12) -> str:
    items = [str(item) for item in items or []]
    shown = ", ".join(items[:limit])
    return shown + ("…" if len(items) > limit else "")


def _count_text(value) -> str:
    shown = small_count(value if isinstance(value, int) else None)
    if shown is None:
        return "some"
    return f"{shown:,}" if isinstance(shown, int) else shown


def flag_sentence(code: str, evidence: dict | None) -> str:
    """A plain-language sentence for a flag, built only from safe evidence."""
    evidence = evidence or {}
    writer = _SENTENCES.get(code)
    if writer is None:
        return FLAG_LABELS.get(code, code) + "."
    return writer(evidence)


def _aggregated(e: dict) -> str:
    dimensions = _list(e.get("dimensions")) or "nothing"
    return (
        f"Only counts (by {dimensions}), not individual records: no call or case can be "
        "followed to the next stage."
    )


def _coarse_location(e: dict) -> str:
    label = GEO_LABELS.get(e.get("geo_resolution"), "area").lower()
    return (
        f"The most precise place given is the {label}: events cannot be put on a street "
        "or matched by place."
    )


def _coarse_time(e: dict) -> str:
    label = TIME_LABELS.get(e.get("time_resolution"), "period").lower()
    return f"Time is given only as {label}: events cannot be matched by day or hour."


def _high_null_key(e: dict) -> str:
    rate = e.get("null_rate")
    share = f"{rate:.0%}" if isinstance(rate, int | float) else "most"
    return (
        f"The key column “{e.get('column', '?')}” is empty in {share} of rows: most rows "
        "cannot be linked by it."
    )


def _duplicate_ids(e: dict) -> str:
    return (
        f"{_count_text(e.get('duplicate_rows'))} rows repeat an ID already used in column "
        f"“{e.get('column', '?')}”: the ID does not identify one record."
    )


def _redacted(e: dict) -> str:
    columns = e.get("columns") or {}
    total = sum(v for v in columns.values() if isinstance(v, int)) if columns else None
    return (
        f"{_count_text(total)} cells in {len(columns)} column(s) were withheld or redacted "
        f"by the agency: {_list(columns)}."
    )


_SENTENCES = {
    "AGGREGATED_ONLY": _aggregated,
    "NO_RECORD_ID": lambda e: (
        "No column identifies individual records: rows cannot be told apart or matched."
    ),
    "NO_INCIDENT_LINK": lambda e: (
        "No column holds a number another stage also uses (event, report, arrest, case or "
        "booking number): this table cannot be linked to the next stage."
    ),
    "NO_LOCATION": lambda e: "No column says where anything happened.",
    "COARSE_LOCATION": _coarse_location,
    "COARSE_TIME": _coarse_time,
    "MISSING_PERIODS": lambda e: (
        f"Periods inside the range covered that have no rows: {_list(e.get('periods'))}."
    ),
    "MISSING_AREAS": lambda e: f"Areas with no rows: {_list(e.get('missing'), 30)}.",
    "HIGH_NULL_KEY": _high_null_key,
    "DUPLICATE_IDS": _duplicate_ids,
    "REDACTED_FIELDS": _redacted,
    "PERSONAL_DATA": lambda e: (
        "The file holds names or dates of birth; foiatrack never publishes its rows."
    ),
    "UNPARSEABLE": lambda e: "All or part of this file could not be read as a table.",
}
