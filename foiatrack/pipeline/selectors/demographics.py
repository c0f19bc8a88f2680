"""Who is in a dataset's records, as the public may see it: each demographic column's fill
rate ("Race is present and 97 % filled") and its categories with their shares.

Small cells are suppressed: every category with 1–9 records is folded into one row, whose
count shows as "<10" when it is itself small; a share is never shown for a suppressed
count (share × rows would give it back), and when the folded row is small the smallest
shown category is withheld too, so the rows and fill rate cannot give the small cell back
by subtraction. Personal roles (names, dates of birth) are never profiled.
"""

from foiatrack.audit.vocabulary import DEMOGRAPHIC_ROLES, PERSONAL_ROLES
from foiatrack.pipeline.models import DatasetCoverage
from foiatrack.pipeline.plain import ROLE_LABELS, SMALL_CELL_LIMIT, SMALL_CELL_TEXT
from foiatrack.pipeline.selectors.public_tables import PublicTable

SMALL_CATEGORIES = "Other categories (each fewer than 10 records)"
WITHHELD = "withheld"


def public_demographics(findings: dict | None) -> list[dict]:
    """The stored demographic profiles that may be published, in file order."""
    return [
        entry
        for entry in (findings or {}).get("demographics") or []
        if entry.get("role") in DEMOGRAPHIC_ROLES and entry.get("role") not in PERSONAL_ROLES
    ]


def demographic_sentence(entry: dict) -> str:
    """ "Race is present and 97 % filled." from one profile."""
    label = ROLE_LABELS.get(entry["role"], entry["role"])
    filled = round(100 * (entry.get("filled_rate") or 0))
    return f"{label} is present and {filled} % filled."


def dataset_demographics_table(dataset: DatasetCoverage) -> PublicTable:
    """One row per demographic column: its field, how full it is, in a sentence."""
    table = PublicTable(
        title="Who is in the records",
        filename=f"dataset-{dataset.table_id}-demographics",
        columns=[
            ("column", "Column"),
            ("field", "Field"),
            ("filled_pct", "Filled (%)"),
            ("summary", "Summary"),
        ],
    )
    for entry in public_demographics(dataset.table.findings):
        table.rows.append(
            {
                "column": entry["column"],
                "field": ROLE_LABELS.get(entry["role"], entry["role"]),
                "filled_pct": round(100 * (entry.get("filled_rate") or 0), 1),
                "summary": demographic_sentence(entry),
            }
        )
    return table


def dataset_categories_table(dataset: DatasetCoverage) -> PublicTable:
    """Each demographic column's categories, counts and shares, small cells suppressed."""
    table = PublicTable(
        title="Categories",
        filename=f"dataset-{dataset.table_id}-categories",
        columns=[
            ("column", "Column"),
            ("category", "Category"),
            ("records", "Records"),
            ("share_pct", "Share of filled rows (%)"),
        ],
    )
    for entry in public_demographics(dataset.table.findings):
        for row in suppressed_categories(entry.get("categories"), entry.get("present") or 0):
            table.rows.append({"column": entry["column"], **row})
    return table


def suppressed_categories(categories: list[dict] | None, present: int) -> list[dict]:
    """Rows of (category, records, share_pct) as the public may see them."""
    if not categories:
        return []
    shown = [c for c in categories if c["count"] >= SMALL_CELL_LIMIT]
    small = sum(c["count"] for c in categories if 0 < c["count"] < SMALL_CELL_LIMIT)
    rows = [_row(c["value"], c["count"], present) for c in shown]
    if small:
        rows.append(_row(SMALL_CATEGORIES, small, present))
        if small < SMALL_CELL_LIMIT and rows[:-1]:
            smallest = min(range(len(rows) - 1), key=lambda i: shown[i]["count"])
            rows[smallest].update(records=WITHHELD, share_pct=None)
    return rows


def _row(category: str, count: int, present: int) -> dict:
    if count < SMALL_CELL_LIMIT:
        return {"category": category, "records": SMALL_CELL_TEXT, "share_pct": None}
    share = round(100 * count / present, 1) if present else None
    return {"category": category, "records": count, "share_pct": share}


STEP_WORDS = {
    "received": "received",
    "dispatched": "dispatched",
    "arrived": "arrived on scene",
    "cleared": "cleared",
}


def call_time_findings(findings: dict | None) -> list[tuple[str, object]]:
    """(finding, value) rows for the minutes between a call's times: "Response time
    (median minutes, received to arrived on scene)". A median over fewer than 10 calls is
    not shown (it would describe a handful of events)."""
    rows = []
    for interval in (findings or {}).get("call_times") or []:
        if (interval.get("pairs") or 0) < SMALL_CELL_LIMIT or interval.get(
            "median_minutes"
        ) is None:
            continue
        steps = f"{STEP_WORDS.get(interval['from'], interval['from'])} to " + STEP_WORDS.get(
            interval["to"], interval["to"]
        )
        label = "Response time" if interval.get("is_response_time") else "Time"
        rows.append(
            (
                f"{label} (median minutes, {steps})",
                f"{interval['median_minutes']} ({interval['pairs']:,} calls)",
            )
        )
    return rows
