"""Rebuilding the coverage of one place after an audit: that jurisdiction's datasets and
cells only, and the funnel from the stored datasets. The nightly rebuild stays whole
(coverage/rebuild.py).

The result equals what a full rebuild would store for that jurisdiction, and no other
jurisdiction's cells are touched, as long as the matrix keeps its span of years; when
the place's data would widen or narrow that span, every jurisdiction's row of cells
changes, so the full rebuild runs instead.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from foiatrack.foia.selectors import public_requests
from foiatrack.pipeline.coverage.rebuild import (
    _computation_locked,
    _done_tables,
    _measured_links,
    _pending_requests,
    cells_delete,
    cells_insert,
    coverage_recompute,
    coverage_recompute_if_stale,
    datasets_and_cells,
)
from foiatrack.pipeline.funnel import funnel_build
from foiatrack.pipeline.models import (
    CoverageCell,
    CoverageComputation,
    DatasetCoverage,
    LinkRun,
)
from foiatrack.received.models import Table


def table_jurisdictions(table_id: int) -> set[int] | None:
    """The places whose coverage a table's audit changes: where it is now (its file's
    agency, else its request's) and where the last rebuild put it. None: it has no place
    (the full rebuild handles it)."""
    row = (
        Table.objects.filter(id=table_id)
        .values(
            "received_file__agency__jurisdiction_id",
            "received_file__request__agency__jurisdiction_id",
            "coverage__jurisdiction_id",
        )
        .first()
    )
    if row is None:
        return None
    now = (
        row["received_file__agency__jurisdiction_id"]
        or (row["received_file__request__agency__jurisdiction_id"])
    )
    places = {place for place in (now, row["coverage__jurisdiction_id"]) if place}
    return places or None


def _place_q(jurisdiction_ids: set[int]) -> Q:
    return Q(received_file__agency__jurisdiction_id__in=jurisdiction_ids) | Q(
        received_file__agency__isnull=True,
        received_file__request__agency__jurisdiction_id__in=jurisdiction_ids,
    )


def _runs_of(table_ids: set[int]) -> list[tuple]:
    return list(
        LinkRun.objects.filter(status=LinkRun.Status.DONE)
        .filter(Q(left_table_id__in=table_ids) | Q(right_table_id__in=table_ids))
        .values_list("left_table_id", "right_table_id", "link_rate")
    )


def _span_unchanged(jurisdiction_ids: set[int], built_years: set[int]) -> tuple | None:
    """The matrix's span of years if this place's new cells keep it, else None."""
    whole = CoverageCell.objects.aggregate(low=Min("year"), high=Max("year"))
    if whole["low"] is None:
        return None
    filled = Q(tables__isnull=False) | Q(requests__isnull=False)
    others = (
        CoverageCell.objects.exclude(jurisdiction_id__in=jurisdiction_ids)
        .filter(filled)
        .aggregate(low=Min("year"), high=Max("year"))
    )
    years = built_years | {y for y in (others["low"], others["high"]) if y is not None}
    if not years or (min(years), max(years)) != (whole["low"], whole["high"]):
        return None
    return whole["low"], whole["high"]


def _stored_public_datasets() -> list[DatasetCoverage]:
    """Every stored dataset the public may see (placed, and of no private or embargoed
    request), with just what the funnel reads."""
    public = public_requests().order_by().values("id")
    shown = Q(table__received_file__request__isnull=True) | Q(
        table__received_file__request_id__in=public
    )
    return list(
        DatasetCoverage.objects.filter(shown, jurisdiction_id__isnull=False)
        .select_related("table")
        .only("table_id", "table__rows", "stage_id", "jurisdiction_id", "state", "link_keys")
    )


@transaction.atomic
def coverage_recompute_jurisdictions(jurisdiction_ids: set[int]) -> CoverageComputation:
    """Rebuild the datasets and cells of these jurisdictions, and the funnel, atomically.

    The public cache version (computed_at) moves, so public pages show the change at once;
    full_computed_at does not, so a full rebuild asked for before still runs.
    """
    computation = _computation_locked()
    started = timezone.now()
    tables = _done_tables(_place_q(jurisdiction_ids))
    table_ids = {table.id for table in tables}
    runs = _runs_of(table_ids)
    partners = {side for run in runs for side in run[:2]} - table_ids
    tables_by_id = {table.id: table for table in tables}
    tables_by_id |= {t.id: t for t in Table.objects.filter(id__in=partners).only("findings")}
    measured = _measured_links(tables_by_id, runs)
    requests = _pending_requests(jurisdiction_ids)
    datasets, _public, cells = datasets_and_cells(tables, measured, requests, started)
    span = _span_unchanged(jurisdiction_ids, {year for (_s, _j, year) in cells.cells})
    if span is None:
        return coverage_recompute()
    DatasetCoverage.objects.filter(
        Q(jurisdiction_id__in=jurisdiction_ids) | Q(table_id__in=table_ids)
    ).delete()
    DatasetCoverage.objects.bulk_create(datasets, batch_size=1000)
    cells_delete(CoverageCell.objects.filter(jurisdiction_id__in=jurisdiction_ids))
    cells_insert(cells.cells, sorted(jurisdiction_ids), span, started)
    computation.computed_at = started
    computation.last_audited_at = Table.objects.filter(status=Table.Status.DONE).aggregate(
        at=Max("audited_at")
    )["at"]
    computation.funnel = funnel_build(_stored_public_datasets())
    computation.save()
    return computation


def _place_done_since(jurisdiction_ids: set[int], asked: datetime) -> bool:
    """A rebuild of these places (or a full one) started after `asked` has finished."""
    if CoverageComputation.objects.filter(id=1, full_computed_at__gte=asked).exists():
        return True
    stamps = CoverageCell.objects.filter(jurisdiction_id__in=jurisdiction_ids).aggregate(
        oldest=Min("computed_at")
    )
    return stamps["oldest"] is not None and stamps["oldest"] >= asked


def coverage_recompute_after_audit(*, table_id: int, requested_at: str | None = None) -> bool:
    """After one table's audit: rebuild its places, unless a rebuild started after
    `requested_at` already covers them. Returns True if it rebuilt."""
    places = table_jurisdictions(table_id)
    if places is None:
        return coverage_recompute_if_stale(requested_at=requested_at)
    if requested_at and _place_done_since(places, datetime.fromisoformat(requested_at)):
        return False
    coverage_recompute_jurisdictions(places)
    return True
