"""Writes for the pipeline: the coverage matrix, link runs and follow-up drafts.

Data flows one way: audited tables and open requests → coverage_recompute() → stored
cells and funnel → selectors → public pages. Link runs read the stored files through the
audit engine (foiatrack.audit.linkage) and save its counts.
"""

import logging
import uuid
from collections import defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from foiatrack.audit.link_levels import linkability_level
from foiatrack.audit.linkage import LinkSide, link_tables
from foiatrack.audit.results import TableSource
from foiatrack.core.models import Stage
from foiatrack.foia.lifecycle import OPEN_STATUSES, PAUSED_STATUSES
from foiatrack.foia.models import FoiaRequest, Jurisdiction
from foiatrack.foia.services import request_create
from foiatrack.pipeline import coverage
from foiatrack.pipeline.followup import followup_letter
from foiatrack.pipeline.models import (
    CoverageCell,
    CoverageComputation,
    DatasetCoverage,
    FollowUpDraft,
    LinkRun,
)
from foiatrack.received.models import Table
from foiatrack.stages import STAGE_LABELS

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisConnectionError)
# Requests the agency still owes an answer on (paused ones included): "requested, pending".
PENDING_STATUSES = OPEN_STATUSES | PAUSED_STATUSES
# The funnel the public pages show: calls → reports → court → jail.
FUNNEL_PAIRS = [("call", "report"), ("report", "court"), ("court", "jail")]
LINK_FAILURE_MESSAGE = (
    "The link run stopped because of an internal error, not because of the data. It has "
    "been logged; start it again, and if it fails again tell the developers."
)
LINK_GAVE_UP_MESSAGE = (
    "The link run stopped {attempts} times without finishing (its worker was lost each "
    "time), so it was not tried again. Start it again; if it stops again, the two files may "
    "be too large to link on one worker."
)


class LinkRunError(ValidationError):
    """A link run that cannot be started (same table twice, a table not audited)."""


class FollowUpError(ValidationError):
    """A follow-up that cannot be drafted or sent (no agency to send it to)."""


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


def _pending_requests():
    return (
        FoiaRequest.objects.filter(status__in=PENDING_STATUSES)
        .select_related("agency")
        .prefetch_related("stages", "agency__stages")
    )


def _request_years(request: FoiaRequest) -> list[int]:
    years = coverage.years_between(request.period_start, request.period_end)
    # A request with no period asks about the time it was sent.
    if not years and request.date_received:
        years = [request.date_received.year]
    return years


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
    tables = _done_tables()
    tables_by_id = {table.id: table for table in tables}
    measured = _measured_links(tables_by_id)
    cells = _Cells()
    datasets = []
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
        if jurisdiction_id is None:
            continue
        # Tables of private or embargoed requests count here too: a cell's state says only
        # that some data of that stage, place and year arrived, which reveals nothing a
        # request asked or received. Their names, pages and downloads stay hidden
        # (selectors.public_table_q), as do the tables behind a cell on public pages,
        # which show only a count.
        for stage_id in stage_ids:
            for year in years:
                cells.add_table((stage_id, jurisdiction_id, year), dataset, table)
    for request in _pending_requests():
        stage_ids = [s.id for s in request.stages.all()] or [
            s.id for s in request.agency.stages.all()
        ]
        for stage_id in stage_ids:
            for year in _request_years(request):
                cells.add_request((stage_id, request.agency.jurisdiction_id, year), request.id)
    DatasetCoverage.objects.all().delete()
    DatasetCoverage.objects.bulk_create(datasets)
    _cells_replace(cells.cells, started)
    computation.computed_at = started
    computation.last_audited_at = max((t.audited_at for t in tables if t.audited_at), default=None)
    computation.funnel = _funnel(datasets)
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


# --- The funnel ----------------------------------------------------------------------


def _funnel(datasets: list[DatasetCoverage]) -> list[dict]:
    """Per jurisdiction, each step of calls → reports → court → jail: measured link, or why
    there is none.

    The pipeline crosses levels of government: a Chicago call and report lead to a Cook
    County court case and jail booking. So each stage of a place's funnel uses the place's
    own datasets of that stage or, when it has none, those of its nearest ancestor
    (Jurisdiction.parent) that has some; each step says where its two sides come from.
    A link run counts for a step only when its two tables are the step's chosen datasets,
    so Seattle's calls are never followed into Chicago's reports.

    Stored as [{"jurisdiction": slug, "name": name, "steps": [...]}], places by name;
    jurisdictions with no audited dataset of their own are left out.
    """
    stage_codes = dict(Stage.objects.values_list("id", "code"))
    # The directory is small: every place, so that ancestors are at hand without a query
    # per level.
    all_places = {place.id: place for place in Jurisdiction.objects.all()}
    own_ids = {d.jurisdiction_id for d in datasets if d.jurisdiction_id}
    runs = list(
        LinkRun.objects.filter(status=LinkRun.Status.DONE)
        .select_related("left_table__received_file", "right_table__received_file")
        .order_by("-finished_at", "-id")
    )
    held: dict[tuple[int, str], list[DatasetCoverage]] = defaultdict(list)
    for dataset in datasets:
        if dataset.stage_id and dataset.jurisdiction_id:
            held[(dataset.jurisdiction_id, stage_codes[dataset.stage_id])].append(dataset)
    funnels = []
    places = sorted((all_places[i] for i in own_ids), key=lambda place: (place.name, place.id))
    for place in places:
        chain = _ancestry(place, all_places)
        sources = {
            code: next((p for p in chain if held[(p.id, code)]), place)
            for pair in FUNNEL_PAIRS
            for code in pair
        }
        by_stage = {code: held[(source.id, code)] for code, source in sources.items()}
        steps = [
            _funnel_step(a, b, by_stage, runs) | _step_places(a, b, sources)
            for a, b in FUNNEL_PAIRS
        ]
        funnels.append({"jurisdiction": place.slug, "name": place.name, "steps": steps})
    return funnels


def _ancestry(place: Jurisdiction, all_places: dict[int, Jurisdiction]) -> list[Jurisdiction]:
    """The place, its parent, the parent's parent…; a loop set by hand in the admin ends
    the walk instead of hanging the rebuild."""
    chain, seen = [], set()
    while place is not None and place.id not in seen:
        chain.append(place)
        seen.add(place.id)
        place = all_places.get(place.parent_id)
    return chain


def _step_places(a: str, b: str, sources: dict[str, Jurisdiction]) -> dict:
    return {
        "from_jurisdiction": sources[a].slug,
        "from_jurisdiction_name": sources[a].name,
        "to_jurisdiction": sources[b].slug,
        "to_jurisdiction_name": sources[b].name,
    }


def _funnel_step(a: str, b: str, by_stage: dict, runs: list) -> dict:
    step = {
        "from_stage": a,
        "from_label": STAGE_LABELS[a],
        "to_stage": b,
        "to_label": STAGE_LABELS[b],
        "from_records": sum(d.table.rows or 0 for d in by_stage[a] if d.state != "aggregate"),
        "to_records": sum(d.table.rows or 0 for d in by_stage[b] if d.state != "aggregate"),
        "measured": False,
        "link_rate": None,
        "linked_from": None,
        "rows_from": None,
        "method": "",
        "run_id": None,
        "reason": "",
    }
    ids_a = {d.table_id for d in by_stage[a]}
    ids_b = {d.table_id for d in by_stage[b]}
    pair_runs = [
        run
        for run in runs
        if (run.left_table_id in ids_a and run.right_table_id in ids_b)
        or (run.left_table_id in ids_b and run.right_table_id in ids_a)
    ]
    linked = [run for run in pair_runs if run.method != "none" and (run.linked_left or 0) > 0]
    if linked:
        best = max(linked, key=lambda run: run.link_rate or 0)
        left_is_a = best.left_table_id in ids_a
        step.update(
            measured=True,
            linked_from=best.linked_left if left_is_a else best.linked_right,
            rows_from=best.left_rows if left_is_a else best.right_rows,
            method=best.method,
            run_id=best.id,
        )
        if step["rows_from"]:
            step["link_rate"] = step["linked_from"] / step["rows_from"]
        return step
    step["reason"] = _unlinked_reason(a, b, by_stage, pair_runs)
    return step


def _keys_words(kinds: set[str]) -> str:
    return ", ".join(sorted(kind.replace("_", " ") + "s" for kind in kinds)) or "no linking number"


def _unlinked_reason(a: str, b: str, by_stage: dict, pair_runs: list) -> str:
    for code in (a, b):
        if not by_stage[code]:
            return f"no {STAGE_LABELS[code].lower()} data has been received and audited"
        if all(d.state == coverage.AGGREGATE for d in by_stage[code]):
            return (
                f"the {STAGE_LABELS[code].lower()} data received is aggregated only: "
                "it holds totals, not records that could be followed"
            )
    if pair_runs:
        reason = next((run.reason for run in pair_runs if run.reason), "")
        keys = {key.get("kind", "").replace("_", " ") for run in pair_runs for key in run.keys}
        return reason or (
            f"the two stages' records both carry {', '.join(sorted(keys)) or 'a key'}s, "
            "but no number matched in the data received"
        )
    keys_a = {key for d in by_stage[a] if d.state != coverage.AGGREGATE for key in d.link_keys}
    keys_b = {key for d in by_stage[b] if d.state != coverage.AGGREGATE for key in d.link_keys}
    shared = keys_a & keys_b
    if not shared:
        return (
            f"the {STAGE_LABELS[a].lower()} records carry {_keys_words(keys_a)} and the "
            f"{STAGE_LABELS[b].lower()} records carry {_keys_words(keys_b)}: "
            "no identifier is shared"
        )
    return (
        f"not measured yet: the tables share {_keys_words(shared)}, but no link run has been made"
    )


# --- Link runs -----------------------------------------------------------------------


@transaction.atomic
def link_run_create(*, left_table: Table, right_table: Table, user=None) -> LinkRun:
    """Queue a link run between two audited tables; the worker runs link_run_execute."""
    if left_table.id == right_table.id:
        raise LinkRunError("Choose two different tables to link.")
    for table in (left_table, right_table):
        if table.status != Table.Status.DONE:
            raise LinkRunError(f"“{table.name}” has not been audited yet; wait until it is done.")
    run = LinkRun.objects.create(left_table=left_table, right_table=right_table, created_by=user)
    transaction.on_commit(lambda: link_run_enqueue(run_id=run.id))
    return run


def link_run_enqueue(*, run_id: int) -> bool:
    """Send the run to the workers; the row stays queued if the broker is down."""
    from foiatrack.pipeline.tasks import link_run_task

    try:
        link_run_task.delay(run_id)
    except Exception:
        logger.warning("could not enqueue link run %s", run_id, exc_info=True)
        return False
    return True


def link_run_claim(*, run_id: int, claim_token: str) -> bool:
    """Mark the run running for this job. A conditional update: of two workers handed
    the same run only one wins; the same job (a redelivery) may take it back."""
    claimable = Q(status=LinkRun.Status.QUEUED) | Q(
        status=LinkRun.Status.RUNNING, claim_token=claim_token
    )
    return (
        LinkRun.objects.filter(claimable, id=run_id).update(
            status=LinkRun.Status.RUNNING,
            claim_token=claim_token,
            claimed_at=timezone.now(),
            started_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
        == 1
    )


def _link_side(table: Table) -> LinkSide:
    path = Path(default_storage.path(table.received_file.stored_file.name))
    if not path.is_file():
        raise FileNotFoundError(path)
    fields = ("name", "format", "member", "sheet", "size_bytes")
    source = TableSource(**{key: table.source.get(key) for key in fields})
    roles = coverage.column_roles(table.findings)
    return LinkSide.from_roles(str(path), roles, source=source, name=table.name)


def link_run_execute(*, run_id: int, claim_token: str | None = None) -> str:
    """Run the link and store its counts; idempotent. Returns the run's status.

    Transient database errors propagate (the task retries); anything else ends the run
    failed with a message a person can act on.
    """
    claim_token = claim_token or uuid.uuid4().hex
    if not link_run_claim(run_id=run_id, claim_token=claim_token):
        return LinkRun.objects.filter(id=run_id).values_list("status", flat=True).first() or ""
    run = LinkRun.objects.select_related(
        "left_table__received_file", "right_table__received_file"
    ).get(id=run_id)
    try:
        result = link_tables(_link_side(run.left_table), _link_side(run.right_table))
    except TRANSIENT_ERRORS:
        raise
    except FileNotFoundError:
        return _link_run_fail(run_id, claim_token, "A stored file is missing; upload it again.")
    except Exception:
        logger.exception("link run %s failed", run_id)
        return _link_run_fail(run_id, claim_token, LINK_FAILURE_MESSAGE)
    return _link_run_save(run, claim_token, result)


@transaction.atomic
def _link_run_save(run: LinkRun, claim_token: str, result) -> str:
    level = linkability_level(
        coverage.column_roles(run.left_table.findings).values(),
        coverage.column_roles(run.right_table.findings).values(),
        link_rate=result.link_rate,
    )
    changed = LinkRun.objects.filter(
        id=run.id, status=LinkRun.Status.RUNNING, claim_token=claim_token
    ).update(
        status=LinkRun.Status.DONE,
        result=result.to_dict(),
        left_rows=result.left_rows,
        right_rows=result.right_rows,
        linked_left=result.linked_left,
        linked_right=result.linked_right,
        link_rate=result.link_rate,
        method=result.method,
        confidence=result.confidence,
        linkability_level=level.level,
        keys=result.keys,
        reason=result.reason or "",
        error_message="",
        finished_at=timezone.now(),
    )
    if changed != 1:
        return LinkRun.Status.RUNNING
    coverage_recompute_enqueue_on_commit()
    return LinkRun.Status.DONE


@transaction.atomic
def _link_run_fail(run_id: int, claim_token: str, message: str) -> str:
    changed = LinkRun.objects.filter(
        id=run_id, status=LinkRun.Status.RUNNING, claim_token=claim_token
    ).update(status=LinkRun.Status.FAILED, error_message=message, finished_at=timezone.now())
    return LinkRun.Status.FAILED if changed == 1 else LinkRun.Status.RUNNING


def link_runs_sweep() -> dict[str, int]:
    """Link runs whose worker vanished or whose job the broker lost: the database says what
    must run, the broker only hands it out. Run by Celery beat. Returns how many runs were
    {"requeued", "failed", "resent"}.

    Link runs keep no heartbeat, so a run counts as lost once it was claimed longer ago than
    the task's hard time limit (which would have killed it); it is queued again, or failed
    with a message after TABLE_MAX_ATTEMPTS starts. A run queued for
    TABLE_QUEUED_STALE_SECONDS has its job sent again; a duplicate job is harmless (the
    run is claimed with a conditional update).
    """
    now = timezone.now()
    lost = LinkRun.objects.filter(
        status=LinkRun.Status.RUNNING,
        claimed_at__lt=now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60),
    )
    report = {"requeued": 0, "failed": 0, "resent": 0}
    for run_id, attempts in lost.values_list("id", "attempts"):
        this_run = lost.filter(id=run_id)  # conditional: a worker may finish it meanwhile
        if attempts >= settings.FOIATRACK_TABLE_MAX_ATTEMPTS:
            report["failed"] += this_run.update(
                status=LinkRun.Status.FAILED,
                error_message=LINK_GAVE_UP_MESSAGE.format(attempts=attempts),
                finished_at=now,
            )
        elif this_run.update(status=LinkRun.Status.QUEUED, claim_token="", queued_at=now):
            report["requeued"] += 1
            link_run_enqueue(run_id=run_id)
    waiting = LinkRun.objects.filter(
        status=LinkRun.Status.QUEUED,
        queued_at__lt=now - timedelta(seconds=settings.FOIATRACK_TABLE_QUEUED_STALE_SECONDS),
    )
    for run_id in waiting.values_list("id", flat=True):
        if waiting.filter(id=run_id).update(queued_at=now):
            report["resent"] += 1
            link_run_enqueue(run_id=run_id)
    if any(report.values()):
        logger.warning("link run sweep: %s", report)
    return report


def coverage_recompute_enqueue_on_commit() -> None:
    """Queue a rebuild of the matrix once the current transaction commits."""
    from foiatrack.pipeline.tasks import coverage_recompute as task

    # Stamped after the commit: a rebuild that started before it cannot have seen the data.
    transaction.on_commit(lambda: _safe_delay(task, requested_at=timezone.now().isoformat()))


def _safe_delay(task, **kwargs) -> None:
    try:
        task.delay(**kwargs)
    except Exception:
        # The daily rebuild catches up; a broker outage must not fail the caller.
        logger.warning("could not enqueue %s", task.name, exc_info=True)


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


# --- Follow-up drafts ----------------------------------------------------------------


def _table_agency(table: Table):
    received = table.received_file
    return received.agency or (received.request.agency if received.request else None)


def _table_stage(table: Table) -> str | None:
    received = table.received_file
    if received.stage_id:
        return received.stage.code
    if received.request is not None:
        stage = received.request.stages.first()
        return stage.code if stage else None
    return None


@transaction.atomic
def followup_draft_create(*, table: Table, user=None) -> FollowUpDraft:
    """Draft a follow-up request asking for exactly what the table's flags say is missing."""
    if table.status != Table.Status.DONE:
        raise FollowUpError("This table has not been audited yet.")
    agency = _table_agency(table)
    flags = [(flag.code, flag.evidence) for flag in table.flags.all()]
    letter = followup_letter(
        table_name=table.name,
        agency_name=agency.name if agency else "",
        stage=_table_stage(table),
        flags=flags,
        roles=coverage.column_roles(table.findings),
        period_start=table.period_start.isoformat() if table.period_start else None,
        period_end=table.period_end.isoformat() if table.period_end else None,
    )
    return FollowUpDraft.objects.create(
        table=table,
        text=letter.text,
        missing_fields=letter.missing_fields,
        missing_periods=letter.missing_periods,
        created_by=user,
    )


def _period_of(periods: list[str]) -> tuple[date | None, date | None]:
    """The span of "YYYY-MM" or "YYYY" periods."""
    spans = []
    for period in periods:
        try:
            if len(period) == 4:
                spans.append((date(int(period), 1, 1), date(int(period), 12, 31)))
            else:
                year, month = int(period[:4]), int(period[5:7])
                first = date(year, month, 1)
                spans.append((first, (first + timedelta(days=32)).replace(day=1) - timedelta(1)))
        except ValueError:
            continue
    if not spans:
        return None, None
    return min(s for s, _e in spans), max(e for _s, e in spans)


@transaction.atomic
def followup_to_request(*, draft: FollowUpDraft, user) -> FoiaRequest:
    """Turn a draft into a new draft FoiaRequest to the same agency; doing it twice
    returns the request made the first time."""
    draft = FollowUpDraft.objects.select_for_update().get(id=draft.id)
    if draft.created_request_id:
        return draft.created_request
    table = Table.objects.select_related(
        "received_file__agency", "received_file__stage", "received_file__request__agency"
    ).get(id=draft.table_id)
    agency = _table_agency(table)
    if agency is None:
        raise FollowUpError(
            "This dataset is not attached to an agency, so there is nobody to send the "
            "follow-up to. Ask a data admin to set its agency first."
        )
    start, end = _period_of(draft.missing_periods)
    stage = _table_stage(table)
    request = request_create(
        requester=user,
        data={
            "title": f"Follow-up: {table.name}"[:300],
            "records_requested": draft.text,
            "agency": agency,
            "period_start": start or table.period_start,
            "period_end": end or table.period_end,
            "stages": list(Stage.objects.filter(code=stage)) if stage else [],
        },
    )
    draft.created_request = request
    draft.save(update_fields=["created_request"])
    return request
