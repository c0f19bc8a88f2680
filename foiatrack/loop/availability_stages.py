"""The availability tiers read per stage, as the advocates' inventories put them: for each
jurisdiction and stage, which catalogue fields are released (published openly), obtainable
(obtained by request), withheld, not collected, and how many are still unknown.

Built from the same measured cells as the availability table (loop/availability.py), so the
page's summary and its field-by-field table never disagree.
"""

from foiatrack.loop.availability import availability_cells
from foiatrack.pipeline.selectors import PublicTable

SUMMARY_TIERS = [
    ("published", "released", "Released openly"),
    ("obtained", "obtainable", "Obtainable by request"),
    ("withheld", "withheld", "Collected but withheld"),
    ("not_collected", "not_collected", "Not collected"),
    ("unusable", "unusable", "Delivered but unusable"),
]


def stage_summary_table(jurisdiction=None) -> PublicTable:
    """One row per jurisdiction × stage with the field labels in each tier."""
    table = PublicTable(
        title="Fields by stage",
        filename="availability-by-stage",
        columns=[
            ("jurisdiction", "Jurisdiction"),
            ("stage_label", "Stage"),
            *[(key, label) for _tier, key, label in SUMMARY_TIERS],
            ("unknown", "Unknown (fields)"),
        ],
    )
    rows: dict[tuple[str, str], dict] = {}
    for cell in availability_cells(jurisdiction):
        key = (cell["jurisdiction"], cell["stage"])
        row = rows.setdefault(
            key,
            {
                "jurisdiction": cell["jurisdiction"],
                "stage_label": cell["stage_label"],
                **{name: [] for _tier, name, _label in SUMMARY_TIERS},
                "unknown": 0,
            },
        )
        if cell["tier"] == "unknown":
            row["unknown"] += 1
            continue
        name = next(name for tier, name, _label in SUMMARY_TIERS if tier == cell["tier"])
        row[name].append(cell["field_label"])
    for row in rows.values():
        for _tier, name, _label in SUMMARY_TIERS:
            row[name] = "; ".join(row[name]) or "—"
    table.rows = list(rows.values())
    return table
