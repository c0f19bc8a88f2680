"""Rebuilding the coverage matrix: each audited dataset's state and linkability, every
stage × jurisdiction × year cell (blank never means zero) and the funnel, in one
transaction; and queueing a rebuild once a transaction commits.

Data flows one way: audited tables and open requests → coverage_recompute() → stored
cells and funnel → selectors → public pages.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from foiatrack.core import jobs
from foiatrack.core.models import OutboxJob
from foiatrack.foia.lifecycle import OPEN_STATUSES, PAUSED_STATUSES
from foiatrack.foia.models import Agency, FoiaRequest, Jurisdiction
from foiatrack.foia.selectors import public_requests
from foiatrack.pipeline import coverage
from foiatrack.pipeline.coverage.cells import cells_delete, cells_insert
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


def _done_tables(place=None) -> list[Table]:
    """Every audited table, or those a Q object `place` selects."""
    tables = Table.objects.filter(status=Table.Status.DONE)
    if place is not None:
        tables = tables.filter(place)
    return list(
        tables.select_related(
            "received_file__agency",
            "received_file__stage",
            "received_file__request__agency",
        ).prefetch_related("received_file__request__stages")
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
    # A mistyped year (1900, 2099) must not stretch every table across a century.
    years = coverage.years_in_range(years, timezone.localdate())
    if not years and request is not None:
        years = coverage.years_between(request.period_start, request.period_end)
    return stage_ids, (agency.jurisdiction_id if agency else None), years


def _measured_links(tables_by_id: dict[int, Table], runs=None) -> dict[int, list]:
    """For each table: (the other table's findings, link rate) of every finished run
    (or of the runs given, whose two tables tables_by_id must hold)."""
    measured: dict[int, list] = defaultdict(list)
    if runs is None:
        runs = LinkRun.objects.filter(status=LinkRun.Status.DONE).values_list(
            "left_table_id", "right_table_id", "link_rate"
        )
    for left_id, right_id, rate in runs:
        left, right = tables_by_id.get(left_id), tables_by_id.get(right_id)
        if left and right:
            measured[left_id].append((right.findings, rate))
            measured[right_id].append((left.findings, rate))
    return measured


@dataclass(frozen=True)
class _Pending:
    """What a pending request adds to the matrix: its stages (else its agency's), place
    and years. Read with values(), not model instances: 100,000 requests with their
    stages prefetched cost a minute of Django, as plain rows a second."""

    id: int
    jurisdiction_id: int
    stage_ids: tuple[int, ...]
    years: tuple[int, ...]


def _stages_by(through, owner: str, owner_ids=None) -> dict[int, list[int]]:
    rows = through.objects.all()
    if owner_ids is not None:
        rows = rows.filter(**{f"{owner}__in": owner_ids})
    found: dict[int, list[int]] = defaultdict(list)
    for owner_id, stage_id in rows.order_by(owner, "stage_id").values_list(owner, "stage_id"):
        found[owner_id].append(stage_id)
    return found


def public_request_ids() -> set[int]:
    """Requests the public may see today (foia's rule): only they and their files count in
    the public matrix and funnel."""
    return set(public_requests().order_by().values_list("id", flat=True))


def is_public(table: Table, public_ids: set[int]) -> bool:
    request_id = table.received_file.request_id
    return request_id is None or request_id in public_ids


def _pending_requests(jurisdiction_ids=None) -> list[_Pending]:
    """Pending requests the public may see (a subquery: no list of 50,000 ids)."""
    public = public_requests().order_by().values("id")
    requests = FoiaRequest.objects.filter(status__in=PENDING_STATUSES, id__in=public)
    if jurisdiction_ids is not None:
        requests = requests.filter(agency__jurisdiction_id__in=jurisdiction_ids)
    rows = list(
        requests.order_by("id").values_list(
            "id",
            "agency_id",
            "agency__jurisdiction_id",
            "period_start",
            "period_end",
        )
    )
    today = timezone.localdate()
    narrow = jurisdiction_ids is not None
    own = _stages_by(
        FoiaRequest.stages.through, "foiarequest_id", [r[0] for r in rows] if narrow else None
    )
    agencies = _stages_by(
        Agency.stages.through, "agency_id", {r[1] for r in rows} if narrow else None
    )
    return [
        _Pending(
            id=request_id,
            jurisdiction_id=jurisdiction_id,
            stage_ids=tuple(own.get(request_id) or agencies.get(agency_id, ())),
            years=tuple(_request_years(start, end, today)),
        )
        for request_id, agency_id, jurisdiction_id, start, end in rows
    ]


def _request_years(start, end, today) -> list[int]:
    """The years a pending request asked about (its period), never the year it was sent:
    a request for 2015–2016 sent in 2024 leaves 2024 as it was. No period, no years."""
    return coverage.years_in_range(coverage.years_between(start, end), today)


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


def datasets_and_cells(
    tables: list[Table], measured: dict[int, list], requests, started: datetime
) -> tuple[list[DatasetCoverage], list[DatasetCoverage], _Cells]:
    """Each table's DatasetCoverage and the cells its stages, place and years fill, plus
    the pending requests' cells, and the datasets the public may see (for the funnel).
    Shared by the full and the per-jurisdiction rebuild."""
    cells = _Cells()
    datasets, public_datasets = [], []
    public_ids = public_request_ids()
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
        if jurisdiction_id is None or not is_public(table, public_ids):
            continue
        public_datasets.append(dataset)
        for stage_id in stage_ids:
            for year in years:
                cells.add_table((stage_id, jurisdiction_id, year), dataset, table)
    for request in requests:
        for stage_id in request.stage_ids:
            for year in request.years:
                cells.add_request((stage_id, request.jurisdiction_id, year), request.id)
    return datasets, public_datasets, cells


@transaction.atomic
def coverage_recompute() -> CoverageComputation:
    """Rebuild the whole coverage matrix, each dataset's state and the funnel, atomically.

    Readers see the previous matrix until this commits, then the new one; a concurrent
    rebuild waits on the lock and then rebuilds again from the newer data. The nightly
    rebuild; after one audit, coverage/partial.py rebuilds only that table's place.
    """
    computation = _computation_locked()
    started = timezone.now()
    # The rebuild requests committed by now are covered by this rebuild: it reads after.
    _rebuild_requests().update(done_at=started)
    tables = _done_tables()
    tables_by_id = {table.id: table for table in tables}
    measured = _measured_links(tables_by_id)
    datasets, public_datasets, cells = datasets_and_cells(
        tables, measured, _pending_requests(), started
    )
    DatasetCoverage.objects.all().delete()
    DatasetCoverage.objects.bulk_create(datasets, batch_size=1000)
    cells_delete(CoverageCell.objects.all())
    years = sorted({year for (_s, _j, year) in cells.cells})
    if years:
        jurisdiction_ids = list(Jurisdiction.objects.values_list("id", flat=True))
        cells_insert(cells.cells, jurisdiction_ids, (years[0], years[-1]), started)
    computation.computed_at = started
    computation.full_computed_at = started
    computation.last_audited_at = max((t.audited_at for t in tables if t.audited_at), default=None)
    computation.funnel = funnel_build(public_datasets)
    computation.save()
    return computation


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
        done = CoverageComputation.objects.filter(id=1, full_computed_at__gte=asked).exists()
        if done:
            return False
    coverage_recompute()
    return True
