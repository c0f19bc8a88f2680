"""One dataset's public report: its safe facts, findings, flags, columns and links, each
built as a PublicTable like the other public tables."""

from django.db.models import Q
from django.urls import reverse

from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import (
    DatasetCoverage,
    LinkRun,
)
from foiatrack.pipeline.plain import (
    FLAG_LABELS,
    flag_sentence,
    public_rate,
    public_share,
    small_count,
)
from foiatrack.pipeline.selectors.public_tables import PublicTable
from foiatrack.pipeline.selectors.queries import (
    dataset_public_title,
    public_table_q,
)


def dataset_facts(dataset: DatasetCoverage) -> dict:
    """The dataset's findings that are safe to publish: no values, no examples, no minima."""
    item = dataset.table
    findings = item.findings or {}
    agency = item.received_file.agency
    return {
        "id": item.id,
        "name": dataset_public_title(item, stage=dataset.stage),
        "agency": agency.name if agency else "",
        "agency_slug": agency.slug if agency else "",
        "jurisdiction": dataset.jurisdiction.name if dataset.jurisdiction else "",
        "jurisdiction_slug": dataset.jurisdiction.slug if dataset.jurisdiction else "",
        "stage": dataset.stage.code if dataset.stage else "",
        "stage_label": dataset.stage.name if dataset.stage else "",
        "coverage": dataset.state,
        "coverage_label": coverage.STATE_LABELS[dataset.state],
        "granularity": item.get_granularity_display(),
        "aggregate_dimensions": findings.get("aggregate_dimensions") or [],
        "time_resolution": item.get_time_resolution_display(),
        "geo_resolution": item.get_geo_resolution_display(),
        "period_start": item.period_start.isoformat() if item.period_start else None,
        "period_end": item.period_end.isoformat() if item.period_end else None,
        "missing_periods": findings.get("missing_periods") or [],
        "areas_covered": len(findings.get("areas_covered") or []),
        "missing_areas": findings.get("missing_areas") or [],
        "rows": small_count(item.rows),
        "linkability_level": dataset.linkability_level,
        "linkability_reason": dataset.linkability_reason,
        "link_keys": [key.replace("_", " ") for key in dataset.link_keys],
        "best_link_rate_pct": round(100 * dataset.best_link_rate, 1)
        if dataset.best_link_rate is not None
        else None,
        "audited_at": item.audited_at.isoformat(timespec="minutes") if item.audited_at else None,
    }


def _joined(items, empty: str) -> str:
    return ", ".join(str(item) for item in items) or empty


def dataset_findings_table(dataset: DatasetCoverage) -> PublicTable:
    """The dataset's findings as rows of (finding, value), from dataset_facts."""
    facts = dataset_facts(dataset)
    granularity = facts["granularity"] or "unknown"
    if facts["aggregate_dimensions"]:
        granularity += f" (counts by {', '.join(facts['aggregate_dimensions'])})"
    period = "unknown"
    if facts["period_start"]:
        period = f"{facts['period_start']} to {facts['period_end']}"
    level = f"{facts['linkability_level']} — {facts['linkability_reason']}"
    if facts["best_link_rate_pct"] is not None:
        level += f" (best measured link rate {facts['best_link_rate_pct']} %)"
    values = [
        ("Rows", "unknown" if facts["rows"] is None else facts["rows"]),
        ("Granularity", granularity),
        ("Time resolution", facts["time_resolution"] or "unknown"),
        ("Location resolution", facts["geo_resolution"] or "unknown"),
        ("Period covered", period),
        ("Missing periods", _joined(facts["missing_periods"], "none found")),
        ("Areas covered", facts["areas_covered"]),
        ("Missing areas", _joined(facts["missing_areas"], "none found")),
        ("Linking numbers present", _joined(facts["link_keys"], "none")),
        ("Linkability level", level),
        ("Last audited", facts["audited_at"] or ""),
    ]
    return PublicTable(
        title="Findings",
        filename=f"dataset-{dataset.table_id}-findings",
        columns=[("finding", "Finding"), ("value", "Value")],
        rows=[{"finding": label, "value": value} for label, value in values],
    )


def dataset_flags_table(dataset: DatasetCoverage) -> PublicTable:
    """The dataset's flags in plain language (never the audit's own evidence)."""
    table = PublicTable(
        title="What stops this dataset being linked or used",
        filename=f"dataset-{dataset.table_id}-flags",
        columns=[
            ("code", "Code"),
            ("label", "Problem"),
            ("severity", "Severity"),
            ("explanation", "Explanation"),
        ],
    )
    for flag in dataset.table.flags.all():
        table.rows.append(
            {
                "code": flag.code,
                "label": FLAG_LABELS.get(flag.code, flag.code),
                "severity": flag.severity,
                "explanation": flag_sentence(flag.code, flag.evidence),
            }
        )
    return table


def dataset_columns_table(dataset: DatasetCoverage) -> PublicTable:
    """Each column's name, role and how full it is: no values, minima or examples."""
    table = PublicTable(
        title="Columns",
        filename=f"dataset-{dataset.table_id}-columns",
        columns=[
            ("name", "Column"),
            ("role", "Role"),
            ("type", "Type"),
            ("filled_pct", "Filled (%)"),
            ("redacted_pct", "Redacted (%)"),
        ],
    )
    rows = dataset.table.rows
    for column in (dataset.table.findings or {}).get("columns", []):
        # A share of a small table, or one leaving 1–9 rows out, gives a count back.
        table.rows.append(
            {
                "name": column.get("name"),
                "role": column.get("role"),
                "type": column.get("inferred_type"),
                "filled_pct": public_share(1 - (column.get("null_rate") or 0), rows),
                "redacted_pct": public_share(column.get("redacted_rate") or 0, rows),
            }
        )
    return table


def dataset_links_table(dataset: DatasetCoverage) -> PublicTable:
    """Finished link runs this dataset took part in, with counts hidden when small."""
    table = PublicTable(
        title="Measured links",
        filename=f"dataset-{dataset.table_id}-links",
        columns=[
            ("other", "Linked with"),
            ("method", "Method"),
            ("keys", "Keys"),
            ("linked", "Rows of this dataset linked"),
            ("rows", "Rows of this dataset"),
            ("link_rate_pct", "Link rate (%)"),
            ("reason", "Why not linked"),
        ],
    )
    # Runs with another dataset the public may not see are left out: even that it exists
    # would say what a private request received.
    runs = LinkRun.objects.filter(
        (Q(left_table_id=dataset.table_id) & public_table_q("right_table__"))
        | (Q(right_table_id=dataset.table_id) & public_table_q("left_table__")),
        status=LinkRun.Status.DONE,
    ).select_related(
        *(
            f"{side}_table__received_file__{related}"
            for side in ("left", "right")
            for related in ("agency", "stage", "request__agency")
        )
    )
    for run in runs:
        is_left = run.left_table_id == dataset.table_id
        other = run.right_table if is_left else run.left_table
        linked = run.linked_left if is_left else run.linked_right
        rows = run.left_rows if is_left else run.right_rows
        table.rows.append(
            {
                "other": dataset_public_title(other),
                "_url": reverse("pipeline:dataset", args=[other.id]),
                "method": run.method,
                "keys": ", ".join(key.get("kind", "") for key in run.keys),
                "linked": small_count(linked),
                "rows": small_count(rows),
                "link_rate_pct": public_rate(linked, rows),
                "reason": run.reason,
            }
        )
    return table
