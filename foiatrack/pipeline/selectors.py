"""Reads for the public gap pages and their downloads.

Every public table is built once here as a PublicTable (small counts already hidden), and
the page, the CSV and the JSON all render that same object, so downloads match the pages.
Each reader runs a fixed number of queries, however much data there is.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from foiatrack.core.models import Stage
from foiatrack.foia import selectors as foia_selectors
from foiatrack.foia.models import Agency, Jurisdiction
from foiatrack.foia.selectors import agency_scorecards, public_requests
from foiatrack.pipeline import coverage
from foiatrack.pipeline.models import (
    CoverageCell,
    CoverageComputation,
    DatasetCoverage,
    FollowUpDraft,
    LinkRun,
)
from foiatrack.pipeline.plain import FLAG_LABELS, flag_sentence, public_rate, small_count
from foiatrack.received.models import GapFlag, Table

PUBLIC_REQUESTS_LIMIT = 500
# A jurisdiction's report lists its newest public requests; the full list is downloadable.
JURISDICTION_REQUESTS_SHOWN = 50
FUNNEL_NOUNS = {
    "call": "911 calls",
    "report": "police reports",
    "court": "court cases",
    "jail": "jail bookings",
}
STAGE_SHORT = {
    "call": "911 call",
    "report": "Police report",
    "arrest": "Arrest",
    "charge": "Charge",
    "court": "Court case",
    "jail": "Jail booking",
    "sentence": "Sentence",
}


@dataclass
class PublicTable:
    """A table as the public sees it: columns (key, label) and rows of plain values.

    Keys starting with "_" (links) are for the page only and never downloaded.
    """

    title: str
    filename: str
    columns: list[tuple[str, str]]
    rows: list[dict] = field(default_factory=list)

    def header(self) -> list[str]:
        return [label for _key, label in self.columns]

    def values(self) -> list[list]:
        return [[row.get(key) for key, _label in self.columns] for row in self.rows]

    def display_rows(self) -> list[dict]:
        """For templates: each row's values in column order and its link, if any."""
        return [
            {"url": row.get("_url"), "cells": values}
            for row, values in zip(self.rows, self.values(), strict=True)
        ]

    def records(self) -> list[dict]:
        return [{key: row.get(key) for key, _label in self.columns} for row in self.rows]


# The largest id a database row can have (BigAutoField); a longer number in an address
# is answered with a 404 rather than a database overflow.
MAX_ID = 2**63 - 1


def _checked_id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404("No such item.")
    return value


def public_table_q(prefix: str = "") -> Q:
    """received.Table rows the public may see (`prefix` leads from the queried model to the
    table, e.g. "table__"): a file received outside any request, or in answer to a request
    foia's public_requests() shows (marked public, past any embargo, not a draft). A file
    answering a private or embargoed request stays off every public list, page, download
    and API answer: its name, period and flags describe what that request asked for."""
    request = f"{prefix}received_file__request"
    return Q(**{f"{request}__isnull": True}) | Q(
        **{f"{request}__in": public_requests().order_by().values("id")}
    )


def dataset_public_title(table: Table, *, stage: Stage | None = None) -> str:
    """The name the public sees for a dataset: agency — stage, period (table N).

    Never the uploaded file or sheet name (Table.name), which may hold personal data
    ("jdoe_arrest_record.csv"); admins see that on their own pages. `stage` is the one the
    coverage rebuild placed the table in (a file's own, else its request's); the agency is
    the file's, else its request's. Callers select_related received_file__agency,
    received_file__stage and received_file__request__agency so this runs no query.
    """
    received = table.received_file
    agency = received.agency
    if agency is None and received.request_id:
        agency = received.request.agency
    stage = stage or received.stage
    years = coverage.years_between(table.period_start, table.period_end)
    period = _year_span(years) if years else "period unknown"
    return (
        f"{agency.name if agency else 'Unknown agency'} — "
        f"{stage.name if stage else 'Unknown stage'}, {period} (table {table.position + 1})"
    )


def computation() -> CoverageComputation:
    """When the matrix was last rebuilt and the data last audited (one query)."""
    return CoverageComputation.objects.filter(id=1).first() or CoverageComputation()


def public_version(*, with_requests: bool = False) -> str | None:
    """The version of cached public gap pages and answers (core.public_cache): the
    matrix's last rebuild and, for those that depend on which requests are public or on
    the agencies, the requests' version. None (do not cache) until the first rebuild."""
    stored = computation()
    if stored.computed_at is None:
        return None
    version = str(stored.computed_at.timestamp())
    if with_requests:
        version += ":" + foia_selectors.public_version()
    return version


def public_version_with_requests() -> str | None:
    return public_version(with_requests=True)


def _period(start, end) -> str:
    if not start and not end:
        return "unknown"
    return f"{start or '?'} to {end or '?'}"


# --- Coverage matrix -----------------------------------------------------------------


def _cells(jurisdiction: Jurisdiction | None = None):
    cells = CoverageCell.objects.select_related("stage", "jurisdiction").annotate(
        dataset_count=Count("tables", distinct=True),
        request_count=Count("requests", distinct=True),
    )
    if jurisdiction is not None:
        cells = cells.filter(jurisdiction=jurisdiction)
    return cells.order_by("jurisdiction__name", "stage__position", "year")


def matrix_table(jurisdiction: Jurisdiction | None = None) -> PublicTable:
    """The coverage matrix in long form: one row per stage × jurisdiction × year."""
    suffix = f"-{jurisdiction.slug}" if jurisdiction else ""
    table = PublicTable(
        title="Coverage matrix",
        filename=f"coverage-matrix{suffix}",
        columns=[
            ("jurisdiction", "Jurisdiction"),
            ("jurisdiction_slug", "Jurisdiction slug"),
            ("stage", "Stage"),
            ("stage_label", "Stage name"),
            ("year", "Year"),
            ("state", "Coverage"),
            ("state_label", "Coverage (words)"),
            ("linkability_level", "Best linkability level"),
            ("datasets", "Datasets"),
            ("requests", "Requests"),
        ],
    )
    for cell in _cells(jurisdiction):
        table.rows.append(
            {
                "jurisdiction": cell.jurisdiction.name,
                "jurisdiction_slug": cell.jurisdiction.slug,
                "stage": cell.stage.code,
                "stage_label": cell.stage.name,
                "year": cell.year,
                "state": cell.state,
                "state_label": coverage.STATE_LABELS[cell.state],
                "linkability_level": cell.linkability_level,
                "datasets": cell.dataset_count,
                "requests": cell.request_count,
            }
        )
    return table


def matrix_grid(matrix: PublicTable) -> dict:
    """The long matrix pivoted for the page: years across, jurisdiction × stage down."""
    years = sorted({row["year"] for row in matrix.rows})
    by_key: dict[tuple, dict] = defaultdict(dict)
    labels = {}
    for row in matrix.rows:
        key = (row["jurisdiction_slug"], row["stage"])
        labels[key] = row
        by_key[key][row["year"]] = row
    lines = [
        {"row": labels[key], "cells": [by_key[key].get(year) for year in years]} for key in labels
    ]
    return {"years": years, "lines": lines}


def _year_span(years: list[int]) -> str:
    if not years:
        return ""
    first, last = min(years), max(years)
    return str(first) if first == last else f"{first}–{last}"


def overview() -> list[dict]:
    """Per jurisdiction, each stage's best coverage over all years (for the pipeline SVG)."""
    stages = list(Stage.objects.all())
    best: dict[tuple[int, int], list[str]] = defaultdict(list)
    years: dict[tuple[int, int], list[int]] = defaultdict(list)
    for jurisdiction_id, stage_id, state, year in CoverageCell.objects.exclude(
        state=coverage.NONE
    ).values_list("jurisdiction_id", "stage_id", "state", "year"):
        best[(jurisdiction_id, stage_id)].append(state)
        years[(jurisdiction_id, stage_id)].append(year)
    result = []
    for jurisdiction in Jurisdiction.objects.order_by("name"):
        boxes = []
        for index, stage in enumerate(stages):
            state = coverage.best_state(best[(jurisdiction.id, stage.id)])
            found = years[(jurisdiction.id, stage.id)]
            boxes.append(
                {
                    "stage": stage,
                    "label": STAGE_SHORT.get(stage.code, stage.code),
                    "state": state,
                    "state_label": coverage.STATE_LABELS[state],
                    "short": coverage.STATE_SHORT[state],
                    "years": _year_span(found),
                    "x": 8 + index * 138,
                }
            )
        result.append({"jurisdiction": jurisdiction, "boxes": boxes})
    return result


# --- Datasets ------------------------------------------------------------------------


def _datasets(jurisdiction: Jurisdiction | None = None):
    datasets = (
        DatasetCoverage.objects.select_related(
            "stage",
            "jurisdiction",
            "table__received_file__agency",
            "table__received_file__stage",
            "table__received_file__request__agency",
        )
        .defer("table__findings", "table__source", "table__role_overrides")
        .prefetch_related(
            Prefetch("table__flags", queryset=GapFlag.objects.only("table_id", "code"))
        )
        # Not by the uploaded name, which the public never sees.
        .order_by(
            "stage__position",
            "table__received_file__agency__name",
            "table__period_start",
            "table_id",
        )
    )
    if jurisdiction is not None:
        datasets = datasets.filter(jurisdiction=jurisdiction)
    return datasets.filter(public_table_q("table__"))


def datasets_table(jurisdiction: Jurisdiction | None = None) -> PublicTable:
    """Every audited dataset: stage, place, granularity, resolutions, period, flags."""
    suffix = f"-{jurisdiction.slug}" if jurisdiction else ""
    table = PublicTable(
        title="Audited datasets",
        filename=f"datasets{suffix}",
        columns=[
            ("name", "Dataset"),
            ("id", "ID"),
            ("agency", "Agency"),
            ("jurisdiction", "Jurisdiction"),
            ("stage", "Stage"),
            ("coverage", "Coverage"),
            ("granularity", "Granularity"),
            ("time_resolution", "Time resolution"),
            ("geo_resolution", "Location resolution"),
            ("period", "Period"),
            ("rows", "Rows"),
            ("linkability_level", "Linkability"),
            ("flags", "Flags"),
            ("audited_at", "Last audited"),
        ],
    )
    for dataset in _datasets(jurisdiction):
        item = dataset.table
        agency = item.received_file.agency
        table.rows.append(
            {
                "id": item.id,
                "_url": reverse("pipeline:dataset", args=[item.id]),
                "name": dataset_public_title(item, stage=dataset.stage),
                "agency": agency.name if agency else "",
                "jurisdiction": dataset.jurisdiction.name if dataset.jurisdiction else "",
                "stage": dataset.stage.name if dataset.stage else "",
                "coverage": coverage.STATE_LABELS[dataset.state],
                "granularity": item.get_granularity_display(),
                "time_resolution": item.get_time_resolution_display(),
                "geo_resolution": item.get_geo_resolution_display(),
                "period": _period(item.period_start, item.period_end),
                "rows": small_count(item.rows),
                "linkability_level": dataset.linkability_level,
                "flags": ", ".join(sorted({flag.code for flag in item.flags.all()})),
                "audited_at": item.audited_at.isoformat(timespec="minutes")
                if item.audited_at
                else "",
            }
        )
    return table


def dataset_get(*, table_id: int, include_private: bool = False) -> DatasetCoverage:
    """An audited dataset with what its public report needs, or 404. Datasets of private
    or embargoed requests are 404 unless `include_private` (staff)."""
    queryset = DatasetCoverage.objects.select_related(
        "stage",
        "jurisdiction",
        "table__received_file__agency",
        "table__received_file__stage",
        "table__received_file__request__agency",
    ).prefetch_related("table__flags")
    if not include_private:
        queryset = queryset.filter(public_table_q("table__"))
    return get_object_or_404(
        queryset, table_id=_checked_id(table_id), table__status=Table.Status.DONE
    )


def dataset_header(*, table_id: int, include_private: bool = False) -> Table:
    """A dataset with a public report, or 404: what a page needs before its cached report
    (one query, findings not loaded; enough for dataset_public_title). Datasets of private
    or embargoed requests are 404 unless `include_private` (staff)."""
    tables = Table.objects.select_related(
        "coverage__stage",
        "received_file__agency",
        "received_file__stage",
        "received_file__request__agency",
    ).defer("findings", "source", "role_overrides")
    if not include_private:
        tables = tables.filter(public_table_q())
    return get_object_or_404(
        tables,
        id=_checked_id(table_id),
        status=Table.Status.DONE,
        coverage__isnull=False,
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
    for column in (dataset.table.findings or {}).get("columns", []):
        table.rows.append(
            {
                "name": column.get("name"),
                "role": column.get("role"),
                "type": column.get("inferred_type"),
                "filled_pct": round(100 * (1 - (column.get("null_rate") or 0)), 1),
                "redacted_pct": round(100 * (column.get("redacted_rate") or 0), 1),
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


# --- Funnel, scorecards, public requests ---------------------------------------------


FUNNEL_COLUMNS = [
    ("from", "From"),
    ("to", "To"),
    ("from_records", "Records received (from)"),
    ("to_records", "Records received (to)"),
    ("linked", "Linked (from side)"),
    ("link_rate_pct", "Link rate (%)"),
    ("method", "Method"),
    ("explanation", "Explanation"),
    # Where each side's data comes from: the place itself or the nearest larger one whose
    # agencies serve it (a Chicago report → a Cook County court case).
    ("from_jurisdiction", "From jurisdiction"),
    ("to_jurisdiction", "To jurisdiction"),
]
JURISDICTION_COLUMNS = [
    ("jurisdiction", "Jurisdiction"),
    ("jurisdiction_slug", "Jurisdiction slug"),
]


def _funnels(stored: CoverageComputation) -> list[dict]:
    """The stored per-jurisdiction funnels; a row saved in the old shape (one global list
    of steps) is skipped, since the next rebuild replaces it."""
    return [item for item in stored.funnel or [] if isinstance(item, dict) and "steps" in item]


def _side_label(step: dict, side: str, place: str) -> str:
    """ "Court case", or "Court case (Cook County)" when another place's data stands in."""
    label = step[f"{side}_label"]
    source = step.get(f"{side}_jurisdiction") or place
    if source == place:
        return label
    return f"{label} ({step.get(f'{side}_jurisdiction_name') or source})"


def _funnel_row(step: dict, place: str) -> dict:
    rate = public_rate(step.get("linked_from"), step.get("rows_from"))
    if step.get("measured"):
        explanation = (
            f"{rate} % of {FUNNEL_NOUNS.get(step['from_stage'], 'records')} received "
            f"link to {FUNNEL_NOUNS.get(step['to_stage'], 'records')}"
            if rate is not None
            else "fewer than 10 rows link, so the rate is not shown"
        )
    else:
        explanation = f"Cannot be linked, because {step.get('reason')}."
    return {
        "from": _side_label(step, "from", place),
        "to": _side_label(step, "to", place),
        "from_records": small_count(step.get("from_records")),
        "to_records": small_count(step.get("to_records")),
        "linked": small_count(step.get("linked_from")) if step.get("measured") else None,
        "link_rate_pct": rate if step.get("measured") else None,
        "method": step.get("method") or "",
        "explanation": explanation,
        "from_jurisdiction": step.get("from_jurisdiction") or place,
        "to_jurisdiction": step.get("to_jurisdiction") or place,
        "_measured": step.get("measured"),
    }


def funnel_table(
    stored: CoverageComputation, jurisdiction: Jurisdiction | None = None
) -> PublicTable:
    """calls → reports → court → jail, per jurisdiction: the measured link rate or why it
    cannot be linked. Every row names its jurisdiction (the downloads); with
    `jurisdiction`, only that place's steps."""
    suffix = f"-{jurisdiction.slug}" if jurisdiction else ""
    table = PublicTable(
        title="From calls to jail: what can be followed",
        filename=f"funnel{suffix}",
        columns=JURISDICTION_COLUMNS + FUNNEL_COLUMNS,
    )
    for funnel in _funnels(stored):
        if jurisdiction is not None and funnel["jurisdiction"] != jurisdiction.slug:
            continue
        for step in funnel["steps"]:
            table.rows.append(
                {
                    "jurisdiction": funnel["name"],
                    "jurisdiction_slug": funnel["jurisdiction"],
                    **_funnel_row(step, funnel["jurisdiction"]),
                }
            )
    return table


def funnel_tables(
    stored: CoverageComputation, jurisdiction: Jurisdiction | None = None
) -> list[dict]:
    """One funnel table per jurisdiction for the pages (the place is in the caption, not a
    column): [{"jurisdiction": slug, "name": name, "table": PublicTable}]."""
    result = []
    for funnel in _funnels(stored):
        if jurisdiction is not None and funnel["jurisdiction"] != jurisdiction.slug:
            continue
        table = PublicTable(
            title=f"{funnel['name']}: from calls to jail",
            filename=f"funnel-{funnel['jurisdiction']}",
            columns=FUNNEL_COLUMNS,
            rows=[_funnel_row(step, funnel["jurisdiction"]) for step in funnel["steps"]],
        )
        result.append(
            {"jurisdiction": funnel["jurisdiction"], "name": funnel["name"], "table": table}
        )
    return result


def scorecards_table() -> PublicTable:
    """Each agency's response record (foia's scorecards), small counts hidden."""
    table = PublicTable(
        title="Agency scorecards",
        filename="agency-scorecards",
        columns=[
            ("agency", "Agency"),
            ("jurisdiction", "Jurisdiction"),
            ("requests_sent", "Requests sent"),
            ("answered", "Answered"),
            ("on_time_pct", "On time (%)"),
            ("median_days_to_first_response", "Median business days to first response"),
            ("median_days_to_completion", "Median business days to completion"),
            ("fulfilled_pct", "Fulfilled (%)"),
            ("open_appeals", "Open appeals"),
        ],
    )
    agencies = list(Agency.objects.select_related("jurisdiction").order_by("name"))
    cards = agency_scorecards(agencies)
    for agency in agencies:
        card = cards.get(agency.id, {})
        table.rows.append(
            {
                "agency": agency.name,
                "_url": reverse("foia:agency_detail", args=[agency.slug]),
                "jurisdiction": agency.jurisdiction.name,
                "requests_sent": small_count(card.get("requests_sent")),
                "answered": small_count(card.get("answered")),
                "on_time_pct": card.get("on_time_pct"),
                "median_days_to_first_response": card.get("median_days_to_first_response"),
                "median_days_to_completion": card.get("median_days_to_completion"),
                "fulfilled_pct": card.get("fulfilled_pct"),
                "open_appeals": small_count(card.get("open_appeals")),
            }
        )
    return table


def public_requests_table(
    jurisdiction: Jurisdiction | None = None, limit: int = PUBLIC_REQUESTS_LIMIT
) -> PublicTable:
    """Requests marked public and past any embargo (foia's selector), newest first."""
    suffix = f"-{jurisdiction.slug}" if jurisdiction else ""
    table = PublicTable(
        title="Public requests",
        filename=f"public-requests{suffix}",
        columns=[
            ("title", "Request"),
            ("agency", "Agency"),
            ("stages", "Stages"),
            ("status", "Status"),
            ("period", "Period asked"),
            ("date_received", "Received by agency"),
            ("date_closed", "Closed"),
        ],
    )
    requests = public_requests()
    if jurisdiction is not None:
        requests = requests.filter(agency__jurisdiction=jurisdiction)
    for item in requests[:limit]:
        table.rows.append(
            {
                "title": item.title,
                "agency": item.agency.name,
                "stages": ", ".join(stage.code for stage in item.stages.all()),
                "status": item.get_status_display(),
                "period": _period(item.period_start, item.period_end),
                "date_received": item.date_received.isoformat() if item.date_received else "",
                "date_closed": item.date_closed.isoformat() if item.date_closed else "",
            }
        )
    return table


def jurisdiction_get(*, slug: str) -> Jurisdiction:
    return get_object_or_404(Jurisdiction, slug=slug)


# --- Staff reads ---------------------------------------------------------------------


def link_runs_recent(limit: int = 50):
    """Latest link runs, for data admins."""
    return LinkRun.objects.select_related("left_table", "right_table", "created_by")[:limit]


def link_run_get(*, run_id: int) -> LinkRun:
    return get_object_or_404(
        LinkRun.objects.select_related("left_table", "right_table"), id=_checked_id(run_id)
    )


def tables_linkable():
    """Audited tables a link run may use, lightest fields only."""
    return (
        Table.objects.filter(status=Table.Status.DONE)
        .select_related("received_file__stage", "received_file__agency")
        .defer("findings", "source", "role_overrides")
        .order_by("name", "id")
    )


def followup_get(*, draft_id: int) -> FollowUpDraft:
    return get_object_or_404(
        FollowUpDraft.objects.select_related("table", "created_request"),
        id=_checked_id(draft_id),
    )


def file_format(value: str) -> str:
    """'csv' or 'json', else 404: the download permalinks accept only these."""
    if value not in ("csv", "json"):
        raise Http404("Downloads are CSV or JSON.")
    return value
