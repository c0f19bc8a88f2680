"""Rebuilding the coverage matrix: each audited dataset's state and linkability, every
stage × jurisdiction × year cell (blank never means zero) and the funnel, in one
transaction; and queueing a rebuild once a transaction commits.

Data flows one way: audited tables and open requests → coverage_recompute() → stored
cells and funnel → selectors → public pages.
"""

import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from foiatrack.core import jobs
from foiatrack.core.models import OutboxJob, Stage
from foiatrack.foia.lifecycle import OPEN_STATUSES, PAUSED_STATUSES
from foiatrack.foia.models import FoiaRequest, Jurisdiction
from foiatrack.foia.selectors import public_requests
from foiatrack.pipeline import coverage
from foiatrack.pipeline.funnel import funnel_build
from foiatrack.pipeline.models import (
    CoverageCell,
    CoverageComputation,
    DatasetCoverage,
    LinkRun,
)
from foiatrack.received.models import Table

logger = logging.getLogger(__name__)

# The task that rebuilds the matrix (foiatrack.pipeline.tasks).
COVERAGE_TASK = "foiatrack.pipeline.tasks.coverage_recompute"


# Requests the agency still owes an answer on (paused ones included): "requested, pending".
PENDING_STATUSES = OPEN_STATUSES | PAUSED_STATUSES
# The funnel the public pages show: calls → reports → court → jail.


# --- Coverage ------------------------------------------------------------------------


def _computation_locked() -> CoverageComputation:
    CoverageComputation.objects.get_or_create(id=1)
    return CoverageComputation.objects.select_for_update().get(id=1)


def _done_tables() -> list[Table]:
    return list(
        Table.objects.filter(status=Table.Status.DONE)
        .select_related(
            "received_file__agency",
            "received_file__stage",
            "received_file__request__agency",
        )
        .prefetch_related("received_file__request__stages")
    )


def _table_place(table: Table) -> tuple[list[int], int | None, list[int]]:
    """(stage ids, jurisdiction id, years) of a table: the file's stage or its request's
    stages; the agency of the file or of its request; the table's period, else the
    request's."""
    received = table.received_file
    request = received.request
    if received.stage_id:
        stage_ids = [received.stage_id]
    elif request is not None:
        stage_ids = [stage.id for stage in request.stages.all()]
    else:
        stage_ids = []
    agency = received.agency or (request.agency if request is not None else None)
    years = coverage.years_between(table.period_start, table.period_end)
    if not years and request is not None:
        years = coverage.years_between(request.period_start, request.period_end)
    # A mistyped year (1900, 2099) must not stretch every table across a century.
    years = coverage.years_in_range(years, timezone.localdate())
    return stage_ids, (agency.jurisdiction_id if agency else None), years


def _measured_links(tables_by_id: dict[int, Table]) -> dict[int, list]:
    """For each table: (the other table's findings, link rate) of every finished run."""
    measured: dict[int, list] = defaultdict(list)
    runs = LinkRun.objects.filter(status=LinkRun.Status.DONE).values_list(
        "left_table_id", "right_table_id", "link_rate"
    )
    for left_id, right_id, rate in runs:
        left, right = tables_by_id.get(left_id), tables_by_id.get(right_id)
        if left and right:
            measured[left_id].append((right.findings, rate))
            measured[right_id].append((left.findings, rate))
    return measured


def _public_request_ids() -> set[int]:
    """Requests the public may see today (foia's rule): only they and their files count in
    the public matrix and funnel."""
    return set(public_requests().order_by().values_list("id", flat=True))


def _is_public(table: Table, public_ids: set[int]) -> bool:
    request_id = table.received_file.request_id
    return request_id is None or request_id in public_ids


def _pending_requests(public_ids: set[int]):
    return (
        FoiaRequest.objects.filter(status__in=PENDING_STATUSES, id__in=public_ids)
        .select_related("agency")
        .prefetch_related("stages", "agency__stages")
    )


def _request_years(request: FoiaRequest, today) -> list[int]:
    """The years a pending request asked about (its period), never the year it was sent:
    a request for 2015–2016 sent in 2024 leaves 2024 as it was. No period, no years."""
    return coverage.years_in_range(
        coverage.years_between(request.period_start, request.period_end), today
    )


class _Cells:
    """Cells being built, keyed (stage id, jurisdiction id, year)."""

    def __init__(self):
        self.cells: dict[tuple, dict] = defaultdict(
            lambda: {"states": [], "levels": [], "tables": set(), "requests": set(), "at": None}
        )

    def add_table(self, key, dataset: DatasetCoverage, table: Table) -> None:
        cell = self.cells[key]
        cell["states"].append(dataset.state)
        cell["levels"].append(dataset.linkability_level)
        cell["tables"].add(table.id)
        if table.audited_at and (cell["at"] is None or table.audited_at > cell["at"]):
            cell["at"] = table.audited_at

    def add_request(self, key, request_id: int) -> None:
        cell = self.cells[key]
        cell["states"].append(coverage.PENDING)
        cell["requests"].add(request_id)


@transaction.atomic
def coverage_recompute() -> CoverageComputation:
    """Rebuild the whole coverage matrix, each dataset's state and the funnel, atomically.

    Readers see the previous matrix until this commits, then the new one; a concurrent
    rebuild waits on the lock and then rebuilds again from the newer data.
    """
    computation = _computation_locked()
    started = timezone.now()
    # The rebuild requests committed by now are covered by this rebuild: it reads after.
    _rebuild_requests().update(done_at=started)
    tables = _done_tables()
    tables_by_id = {table.id: table for table in tables}
    measured = _measured_links(tables_by_id)
    cells = _Cells()
    datasets = []
    public_ids = _public_request_ids()
    public_datasets = []
    for table in tables:
        stage_ids, jurisdiction_id, years = _table_place(table)
        level, reason, rate = coverage.table_linkability(table.findings, measured[table.id])
        dataset = DatasetCoverage(
            table=table,
            stage_id=stage_ids[0] if stage_ids else None,
            jurisdiction_id=jurisdiction_id,
            state=coverage.table_state(table.granularity, table.findings),
            linkability_level=level,
            linkability_reason=reason[:300],
            link_keys=coverage.usable_link_keys(table.findings),
            best_link_rate=rate,
            computed_at=started,
        )
        datasets.append(dataset)
        # Tables of private or embargoed requests count in no public cell or funnel: even
        # a state or a row total would tell what such a request asked for and received.
        if jurisdiction_id is None or not _is_public(table, public_ids):
            continue
        public_datasets.append(dataset)
        for stage_id in stage_ids:
            for year in years:
                cells.add_table((stage_id, jurisdiction_id, year), dataset, table)
    today = timezone.localdate()
    for request in _pending_requests(public_ids):
        stage_ids = [s.id for s in request.stages.all()] or [
            s.id for s in request.agency.stages.all()
        ]
        for stage_id in stage_ids:
            for year in _request_years(request, today):
                cells.add_request((stage_id, request.agency.jurisdiction_id, year), request.id)
    DatasetCoverage.objects.all().delete()
    DatasetCoverage.objects.bulk_create(datasets)
    _cells_replace(cells.cells, started)
    computation.computed_at = started
    computation.last_audited_at = max((t.audited_at for t in tables if t.audited_at), default=None)
    computation.funnel = funnel_build(public_datasets)
    computation.save()
    return computation


def _cells_replace(built: dict[tuple, dict], started: datetime) -> None:
    """Replace every cell: the ones built, and 'nothing received' for every other stage
    and jurisdiction over the years the matrix spans (blank never means zero)."""
    CoverageCell.objects.all().delete()
    years = sorted({year for (_s, _j, year) in built})
    if not years:
        return
    stage_ids = list(Stage.objects.values_list("id", flat=True))
    jurisdiction_ids = list(Jurisdiction.objects.values_list("id", flat=True))
    rows = []
    for jurisdiction_id in jurisdiction_ids:
        for stage_id in stage_ids:
            for year in range(years[0], years[-1] + 1):
                cell = built.get((stage_id, jurisdiction_id, year))
                rows.append(
                    CoverageCell(
                        stage_id=stage_id,
                        jurisdiction_id=jurisdiction_id,
                        year=year,
                        state=coverage.best_state(cell["states"]) if cell else coverage.NONE,
                        linkability_level=coverage.best_level(cell["levels"]) if cell else "",
                        last_audited_at=cell["at"] if cell else None,
                        computed_at=started,
                    )
                )
    created = CoverageCell.objects.bulk_create(rows, batch_size=500)
    table_links, request_links = [], []
    for cell in created:
        found = built.get((cell.stage_id, cell.jurisdiction_id, cell.year))
        if not found:
            continue
        table_links += [
            CoverageCell.tables.through(coveragecell_id=cell.id, table_id=table_id)
            for table_id in found["tables"]
        ]
        request_links += [
            CoverageCell.requests.through(coveragecell_id=cell.id, foiarequest_id=request_id)
            for request_id in found["requests"]
        ]
    CoverageCell.tables.through.objects.bulk_create(table_links, batch_size=1000)
    CoverageCell.requests.through.objects.bulk_create(request_links, batch_size=1000)


def _rebuild_requests():
    """Rebuild requests no rebuild has covered yet: the outbox rows of the rebuild task
    (written with the audit or link run that asked, in its transaction) not marked done."""
    return OutboxJob.objects.filter(task=COVERAGE_TASK, done_at__isnull=True)


def coverage_rebuild_sweep() -> bool:
    """Rebuild now if a rebuild was requested more than REBUILD_STALE_SECONDS ago and no
    rebuild has covered it since (its job was dropped: the broker lost it, or the worker
    died). True if it rebuilt. Run by beat; a second run finds nothing to do."""
    stale = timedelta(seconds=getattr(settings, "FOIATRACK_REBUILD_STALE_SECONDS", 300))
    if not _rebuild_requests().filter(created_at__lt=timezone.now() - stale).exists():
        return False
    logger.warning("coverage rebuild requested and not done; rebuilding now")
    coverage_recompute()
    return True


def coverage_recompute_enqueue_on_commit() -> None:
    """Queue a rebuild of the matrix once the current transaction commits. Stamped after
    the commit: a rebuild that started before it cannot have seen the data. The request is
    an outbox row written in the caller's transaction: a dropped job is found by
    coverage_rebuild_sweep()."""
    jobs.enqueue_on_commit(COVERAGE_TASK, stamp_requested_at=True)


def coverage_recompute_if_stale(*, requested_at: str | None = None) -> bool:
    """Rebuild unless a rebuild that started after `requested_at` has already finished
    (it saw everything committed by then). Many audits finishing together cost one or two
    rebuilds, not one each. Returns True if it rebuilt."""
    if requested_at:
        asked = datetime.fromisoformat(requested_at)
        done = CoverageComputation.objects.filter(id=1, computed_at__gte=asked).exists()
        if done:
            return False
    coverage_recompute()
    return True
