"""The public tables built for the gap pages and their downloads.

Every public table is built once here as a PublicTable (small counts already hidden), and
the page, the CSV and the JSON all render that same object, so downloads match the pages.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse

from foiatrack.core.models import Stage
from foiatrack.foia.models import Agency, Jurisdiction
from foiatrack.foia.selectors import public_requests, public_scorecards
from foiatrack.pipeline import coverage
from foiatrack.pipeline.funnel_chart import chart_steps
from foiatrack.pipeline.models import (
    CoverageComputation,
)
from foiatrack.pipeline.plain import public_rate, small_count
from foiatrack.pipeline.selectors.dataset_catalogue import distinct_titles
from foiatrack.pipeline.selectors.queries import (
    _cells,
    _datasets,
    _year_span,
)

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


def _period(start, end) -> str:
    if not start and not end:
        return "unknown"
    return f"{start or '?'} to {end or '?'}"


# --- Coverage matrix -----------------------------------------------------------------


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
                "state_label": coverage.cell_label(cell.state, cell.linkability_level),
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


def overview(matrix: PublicTable | None = None) -> list[dict]:
    """Per jurisdiction, one box per stage summarising the matrix's cells (the same public
    table the matrix page and its downloads show, so the two cannot disagree): coloured by
    the best state of any year, and saying which years hold which state ("linkable records
    2011; totals only 2008–2010")."""
    matrix = matrix if matrix is not None else matrix_table()
    stages = list(Stage.objects.all())
    held: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in matrix.rows:
        if row["state"] != coverage.NONE:
            held[(row["jurisdiction_slug"], row["stage"])].append(row)
    result = []
    for jurisdiction in Jurisdiction.objects.order_by("name"):
        boxes = [
            _overview_box(stage, index, held[(jurisdiction.slug, stage.code)])
            for index, stage in enumerate(stages)
        ]
        result.append({"jurisdiction": jurisdiction, "boxes": boxes})
    return result


def _overview_box(stage: Stage, index: int, rows: list[dict]) -> dict:
    """One stage's box: the best cell's state and words, and every state's years."""
    best = max(
        rows,
        key=lambda r: (coverage.STATES.index(r["state"]), r["linkability_level"]),
        default=None,
    )
    state = best["state"] if best else coverage.NONE
    level = best["linkability_level"] if best else ""
    by_words: dict[str, list[int]] = defaultdict(list)
    rank: dict[str, tuple] = {}
    for row in rows:
        words = coverage.cell_short(row["state"], row["linkability_level"])
        by_words[words].append(row["year"])
        rank[words] = max(
            rank.get(words, (-1, "")),
            (coverage.STATES.index(row["state"]), row["linkability_level"]),
        )
    parts = [
        f"{words} {coverage.year_spans(by_words[words])}"
        for words in sorted(by_words, key=lambda w: rank[w], reverse=True)
    ]
    return {
        "stage": stage,
        "label": STAGE_SHORT.get(stage.code, stage.code),
        "state": state,
        "state_label": coverage.cell_label(state, level),
        "short": coverage.cell_short(state, level),
        "years": _year_span([row["year"] for row in rows]),
        "summary": "; ".join(parts) or "nothing received",
        "x": 8 + index * 138,
    }


# --- Datasets ------------------------------------------------------------------------


def datasets_table(jurisdiction: Jurisdiction | None = None, datasets=None) -> PublicTable:
    """Every audited dataset: stage, place, granularity, resolutions, period, flags;
    `datasets` a filtered queryset of the public ones (the catalogue's filters). Titles are
    distinct within the table (dataset_catalogue.distinct_titles)."""
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
    found = list(_datasets(jurisdiction) if datasets is None else datasets)
    titles = distinct_titles(found)
    for dataset in found:
        item = dataset.table
        agency = item.received_file.agency
        table.rows.append(
            {
                "id": item.id,
                "_url": reverse("pipeline:dataset", args=[item.id]),
                "name": titles[item.id],
                "agency": agency.name if agency else "",
                "jurisdiction": dataset.jurisdiction.name if dataset.jurisdiction else "",
                "stage": dataset.stage.name if dataset.stage else "",
                "coverage": coverage.cell_label(dataset.state, dataset.linkability_level),
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
    # The years each side's counted datasets cover (added last: column order is a contract).
    ("from_period", "Period (from)"),
    ("to_period", "Period (to)"),
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
        "from_period": step.get("from_period") or "",
        "to_period": step.get("to_period") or "",
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
            {
                "jurisdiction": funnel["jurisdiction"],
                "name": funnel["name"],
                "table": table,
                "chart": chart_steps(table.rows),
            }
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
            ("responded", "Responded (any first response)"),
            ("answered", "Answered (final answer)"),
            ("on_time_pct", "On time (%)"),
            ("median_days_to_first_response", "Median business days to first response"),
            ("median_days_to_completion", "Median business days to completion"),
            ("fulfilled_pct", "Fulfilled (%)"),
            ("open_appeals", "Open appeals"),
        ],
    )
    agencies = list(Agency.objects.select_related("jurisdiction").order_by("name"))
    # The same public scorecards as the agency pages and the API (suppressed there).
    cards = public_scorecards(agencies)
    for agency in agencies:
        card = cards.get(agency.id, {})
        table.rows.append(
            {
                "agency": agency.name,
                "_url": reverse("foia:agency_detail", args=[agency.slug]),
                "jurisdiction": agency.jurisdiction.name,
                "requests_sent": card.get("requests_sent"),
                "responded": card.get("responded"),
                "answered": card.get("answered"),
                "on_time_pct": card.get("on_time_pct"),
                "median_days_to_first_response": card.get("median_days_to_first_response"),
                "median_days_to_completion": card.get("median_days_to_completion"),
                "fulfilled_pct": card.get("fulfilled_pct"),
                "open_appeals": card.get("open_appeals"),
            }
        )
    return table


def public_requests_table(
    jurisdiction: Jurisdiction | None = None,
    limit: int = PUBLIC_REQUESTS_LIMIT,
    requests=None,
) -> PublicTable:
    """Requests marked public and past any embargo (foia's selector), newest first;
    `requests` a filtered queryset of public_requests() (the list's filters)."""
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
    requests = public_requests() if requests is None else requests
    if jurisdiction is not None:
        requests = requests.filter(agency__jurisdiction=jurisdiction)
    for item in requests[:limit]:
        table.rows.append(
            {
                "title": item.title,
                "_url": reverse("pipeline:request_detail", args=[item.id]),
                "agency": item.agency.name,
                "stages": ", ".join(stage.code for stage in item.stages.all()),
                "status": item.get_status_display(),
                "period": _period(item.period_start, item.period_end),
                "date_received": item.date_received.isoformat() if item.date_received else "",
                "date_closed": item.date_closed.isoformat() if item.date_closed else "",
            }
        )
    return table
