"""Auditing a table: the job claims the table, runs the pure audit code with progress,
and saves its findings (or a failure a person can act on); the sweeper, through
core/jobs.py, re-queues audits whose worker vanished and resends lost jobs.
"""

import logging
import time
import uuid
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from foiatrack import audit
from foiatrack.audit.compare import date_or_none
from foiatrack.audit.errors import UnreadableFileError
from foiatrack.audit.results import TableAudit, TableSource
from foiatrack.core import jobs
from foiatrack.core.jobs import TRANSIENT_ERRORS
from foiatrack.received import columnar
from foiatrack.received.models import (
    ColumnProfile,
    GapFlag,
    Table,
)

logger = logging.getLogger(__name__)

# The task that audits one table, given its id (foiatrack.received.tasks).
AUDIT_TASK = "foiatrack.received.audit_table"
# A running table whose heartbeat is older than this is taken to have lost its worker.
# The default; the value in force is read from settings at each call (see _stale_after).
STALE_AFTER = timedelta(seconds=120)
# Progress is written at most this often: the page polls every second, no need for more.
PROGRESS_INTERVAL_SECONDS = 1.0

GENERIC_FAILURE_MESSAGE = (
    "The audit stopped because of an internal error, not because of the file. "
    "It has been logged; re-run the audit, and if it fails again tell the developers "
    "which file it was."
)


GAVE_UP_MESSAGE = (
    "The audit was started {attempts} times and never finished: its worker stopped (it may "
    "have run out of memory or been restarted) or lost the database. Re-run it when the "
    "workers are healthy; if it fails again, split the file into smaller parts."
)
TIME_LIMIT_MESSAGE = (
    "The audit took longer than the time limit and was stopped. Split the file into "
    "smaller parts (for example one file per year) and upload them separately."
)


class ClaimLostError(Exception):
    """Another job has taken over this table's audit; this one must stop quietly."""


def _stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "FOIATRACK_TABLE_STALE_SECONDS", 120))


def _table_job() -> jobs.JobKind:
    return jobs.JobKind(Table, "table", _stale_after, heartbeat_field="heartbeat_at")


def unparseable_flag(message: str) -> dict:
    return {"code": "UNPARSEABLE", "severity": "high", "message": message, "evidence": {}}


def enqueue_audit_on_commit(table_id: int) -> None:
    """Queue the table's audit once the current transaction commits."""
    jobs.enqueue_on_commit(AUDIT_TASK, table_id)


def table_audit_enqueue(*, table_id: int) -> bool:
    """Send the audit job to the workers; True if the broker took it.

    The database, not the broker, says what must run: if the broker is down the table
    stays queued (shown as waiting for a worker) and can be enqueued again later.
    """
    return jobs.enqueue(AUDIT_TASK, table_id)


# --- Auditing a table ---------------------------------------------------------------


def table_claim(*, table_id: int, claim_token: str) -> bool:
    """Mark the table running for this job; False if another job has it or it is finished.

    A conditional update, so two workers handed the same table never both audit it. A
    running table can be taken over when its heartbeat is stale (its worker vanished) or
    when the token is this job's own (a retry or redelivery of the same job).
    """
    # Bounded: a file that kills its worker every time (memory) would otherwise be
    # redelivered for ever, since a lost worker's job goes back to the queue.
    return jobs.claim(
        _table_job(),
        job_id=table_id,
        claim_token=claim_token,
        takeover=Q(heartbeat_at__lt=timezone.now() - _stale_after()) | Q(heartbeat_at__isnull=True),
        bounded=True,
        rows_read=0,
        progress=0,
        error_message="",
    )


def _progress_recorder(table_id: int, claim_token: str):
    """A progress callback for the audit that saves at most once a second."""
    last_saved = 0.0

    def record(rows_read: int, fraction_done: float) -> None:
        nonlocal last_saved
        now = time.monotonic()
        if now - last_saved < PROGRESS_INTERVAL_SECONDS:
            return
        last_saved = now
        percent = round(min(max(float(fraction_done or 0), 0.0), 1.0) * 100, 1)
        alive = jobs.heartbeat(
            _table_job(),
            job_id=table_id,
            claim_token=claim_token,
            rows_read=rows_read,
            progress=percent,
        )
        if not alive:
            raise ClaimLostError(f"table {table_id} was taken over by another job")

    return record


def _jurisdiction_slug(table: Table) -> str | None:
    received = table.received_file
    agency = received.agency or (received.request.agency if received.request else None)
    return agency.jurisdiction.slug if agency is not None else None


def table_audit(*, table_id: int, claim_token: str | None = None) -> str:
    """Audit one table and store its findings; idempotent. Returns the table's status.

    Transient database errors propagate so the task can retry; the file's own faults
    and internal errors end in a failed table with a message a person can act on.
    """
    claim_token = claim_token or uuid.uuid4().hex
    if not table_claim(table_id=table_id, claim_token=claim_token):
        if _table_give_up(table_id=table_id, claim_token=claim_token):
            return Table.Status.FAILED
        logger.info("table %s is finished or being audited by another job; skipped", table_id)
        return Table.objects.filter(id=table_id).values_list("status", flat=True).first() or ""
    table = Table.objects.select_related(
        "received_file__agency__jurisdiction", "received_file__request__agency__jurisdiction"
    ).get(id=table_id)
    with jobs.heartbeating(
        _table_job(), job_id=table_id, claim_token=claim_token, every=_heartbeat_every()
    ):
        if table.source.get(LISTING_KEY):
            return _workbook_list(table, claim_token)
        return _table_audit_claimed(table, claim_token)


def _heartbeat_every() -> float:
    """How often the heartbeat thread writes: four times within the stale limit, at most
    every 30 s."""
    return min(30.0, max(0.2, _stale_after().total_seconds() / 4))


def _table_audit_claimed(table: Table, claim_token: str) -> str:
    table_id = table.id
    copy_name = columnar.columnar_name(table)
    try:
        result = audit.audit_table(
            default_storage.path(table.received_file.stored_file.name),
            TableSource.from_dict(table.source),
            role_overrides=table.role_overrides or None,
            jurisdiction=_jurisdiction_slug(table),
            progress=_progress_recorder(table_id, claim_token),
            parquet_path=default_storage.path(copy_name),
        )
    except ClaimLostError:
        logger.info("table %s: claim lost mid-audit; the other job will finish it", table_id)
        return Table.Status.RUNNING
    except UnreadableFileError as error:
        return _table_fail(table_id, claim_token, str(error), unparseable=True)
    except SoftTimeLimitExceeded:
        return _table_fail(table_id, claim_token, TIME_LIMIT_MESSAGE)
    except TRANSIENT_ERRORS:
        raise  # the task retries these; the claim token lets the retry take the table back
    except Exception:
        logger.exception("audit of table %s failed", table_id)
        return _table_fail(table_id, claim_token, GENERIC_FAILURE_MESSAGE)
    return _table_save_results(table_id, claim_token, result, copy_name)


def _columnar_fields(result: TableAudit, copy_name: str) -> dict:
    """The columnar copy's fields: the audit wrote (and atomically replaced) it."""
    if result.columnar_bytes is None:  # not a table (notes, pivot): no copy
        return {"columnar_name": "", "columnar_bytes": None, "columnar_written_at": None}
    return {
        "columnar_name": copy_name,
        "columnar_bytes": result.columnar_bytes,
        "columnar_written_at": timezone.now(),
    }


# --- Listing a workbook's sheets (in the worker, never in the upload request) ---------

# A table row whose source carries this key stands for a workbook not yet opened: its job
# lists the sheets, the row becomes the first sheet and the others new rows, all queued.
LISTING_KEY = "listing"


def _workbook_list(table: Table, claim_token: str) -> str:
    record = _progress_recorder(table.id, claim_token)
    try:
        sheets = audit.list_sheets(
            default_storage.path(table.received_file.stored_file.name),
            TableSource.from_dict(table.source),
            heartbeat=lambda: record(0, 0.0),
        )
    except ClaimLostError:
        return Table.Status.RUNNING
    except UnreadableFileError as error:
        return _table_fail(table.id, claim_token, str(error), unparseable=True)
    except SoftTimeLimitExceeded:
        return _table_fail(table.id, claim_token, TIME_LIMIT_MESSAGE)
    except TRANSIENT_ERRORS:
        raise
    except Exception:
        logger.exception("listing the sheets of table %s failed", table.id)
        return _table_fail(table.id, claim_token, GENERIC_FAILURE_MESSAGE)
    if not sheets:
        message = f"{table.name} has no visible sheet with data (hidden sheets are not audited)."
        return _table_fail(table.id, claim_token, message, unparseable=True)
    return _sheets_queue(table, claim_token, sheets)


@transaction.atomic
def _sheets_queue(table: Table, claim_token: str, sheets: list[TableSource]) -> str:
    """The listed row becomes the first sheet, queued afresh; the other sheets are new rows;
    each audit is sent through the outbox once this commits."""
    first, *others = sheets
    moved = Table.objects.filter(
        id=table.id, status=Table.Status.RUNNING, claim_token=claim_token
    ).update(
        status=Table.Status.QUEUED,
        claim_token="",
        attempts=0,
        name=first.name[:500],
        source=first.to_dict(),
        queued_at=timezone.now(),
        progress=0,
    )
    if not moved:
        return Table.Status.RUNNING
    enqueue_audit_on_commit(table.id)
    # The sheets keep their workbook order: later tables of the file move down to make room.
    Table.objects.filter(
        received_file_id=table.received_file_id, position__gt=table.position
    ).update(position=F("position") + len(others))
    for offset, sheet in enumerate(others, start=1):
        extra = Table.objects.create(
            received_file_id=table.received_file_id,
            position=table.position + offset,
            name=sheet.name[:500],
            source=sheet.to_dict(),
        )
        enqueue_audit_on_commit(extra.id)
    return Table.Status.QUEUED


@transaction.atomic
def _table_save_results(
    table_id: int, claim_token: str, result: TableAudit, copy_name: str = ""
) -> str:
    # All or nothing: a worker killed before this commits leaves the previous result (or
    # none), never a mix; the rerun replaces it in the same way.
    # The audit may report a table it could not read as a finding rather than an error
    # (a header with no rows): with no row read it failed, the reader's sentence the reason.
    # Rows partly unreadable (a few ragged lines) keep the flag but the table is done.
    unreadable = next(
        (flag.message for flag in result.flags if flag.code == "UNPARSEABLE" and not result.rows),
        None,
    )
    status = Table.Status.FAILED if unreadable else Table.Status.DONE
    if unreadable:  # a failed table keeps no copy (the audit wrote one of no rows)
        result.columnar_bytes = None
        transaction.on_commit(lambda: columnar.columnar_delete(copy_name))
    saved = jobs.update_if_claimed(
        _table_job(),
        job_id=table_id,
        claim_token=claim_token,
        status=status,
        findings=result.to_dict(),
        granularity=result.granularity or "",
        time_resolution=result.time_resolution or "",
        geo_resolution=result.geo_resolution or "",
        period_start=date_or_none(result.period_start),
        period_end=date_or_none(result.period_end),
        rows=result.rows,
        rows_read=result.rows,
        progress=100,
        error_message=unreadable or "",
        audited_at=timezone.now(),
        heartbeat_at=timezone.now(),
        **_columnar_fields(result, copy_name),
    )
    if not saved:
        logger.info("table %s: claim lost before saving; result discarded", table_id)
        return Table.Status.RUNNING
    _table_replace_details(table_id, result)
    _enqueue_after_audit_tasks(table_id)
    return status


def _enqueue_after_audit_tasks(table_id: int) -> None:
    """Queue, once the results commit, the tasks other apps listed in
    FOIATRACK_AFTER_AUDIT_TASKS (task names or import paths), e.g. the pipeline's
    coverage rebuild.

    Each is called with table_id and requested_at (ISO time, stamped after the commit): a
    task may skip work a run started after that time has already done, so audits finishing
    together cost one coverage rebuild, not one each. A broker that is down loses only
    these follow-ups, which the daily rebuild catches up."""
    for task in getattr(settings, "FOIATRACK_AFTER_AUDIT_TASKS", []):
        jobs.enqueue_on_commit(task, table_id=table_id, stamp_requested_at=True)


def _table_replace_details(table_id: int, result: TableAudit) -> None:
    ColumnProfile.objects.filter(table_id=table_id).delete()
    GapFlag.objects.filter(table_id=table_id).delete()
    ColumnProfile.objects.bulk_create(
        ColumnProfile(
            table_id=table_id,
            position=position,
            name=column.name[:500],
            role=column.role,
            role_was_corrected=column.role_was_corrected,
            inferred_type=column.inferred_type,
            null_count=column.null_count,
            null_rate=column.null_rate,
            redacted_count=column.redacted_count,
            redacted_rate=column.redacted_rate,
            distinct_count=column.distinct_count,
            distinct_is_exact=column.distinct_is_exact,
            minimum=_text(column.minimum),
            maximum=_text(column.maximum),
            examples=[str(example)[:200] for example in column.examples],
        )
        for position, column in enumerate(result.columns)
    )
    GapFlag.objects.bulk_create(
        GapFlag(
            table_id=table_id,
            position=position,
            code=flag.code,
            severity=flag.severity,
            message=flag.message,
            evidence=flag.evidence,
        )
        for position, flag in enumerate(result.flags)
    )


# What a failed table holds: no results, not those of an earlier run.
NO_RESULTS = {
    "findings": None,
    "granularity": "",
    "time_resolution": "",
    "geo_resolution": "",
    "period_start": None,
    "period_end": None,
    "rows": None,
    "columnar_name": "",
    "columnar_bytes": None,
    "columnar_written_at": None,
}


def _table_details_delete(table_id: int) -> None:
    ColumnProfile.objects.filter(table_id=table_id).delete()
    GapFlag.objects.filter(table_id=table_id).delete()
    # A failed table has no results, so no copy of an earlier run's rows either.
    table = Table.objects.select_related("received_file").get(id=table_id)
    transaction.on_commit(lambda: columnar.columnar_delete(columnar.columnar_name(table)))


@transaction.atomic
def _table_fail(table_id: int, claim_token: str, message: str, *, unparseable: bool = False) -> str:
    failed = jobs.update_if_claimed(
        _table_job(),
        job_id=table_id,
        claim_token=claim_token,
        status=Table.Status.FAILED,
        error_message=message,
        audited_at=timezone.now(),
        **NO_RESULTS,
    )
    if not failed:
        return Table.Status.RUNNING
    _table_details_delete(table_id)
    if unparseable:
        GapFlag.objects.create(table_id=table_id, **unparseable_flag(message))
    return Table.Status.FAILED


def _text(value) -> str:
    return "" if value is None else str(value)[:200]


# --- The sweeper: jobs whose worker vanished or whose message the broker lost --------


def _gave_up_fields(attempts: int) -> dict:
    return {
        "error_message": GAVE_UP_MESSAGE.format(attempts=attempts),
        "audited_at": timezone.now(),
        **NO_RESULTS,
    }


def _table_give_up(*, table_id: int, claim_token: str = "") -> bool:
    """Fail a running table whose attempts are used up; True if this call failed it.

    Only when its worker is known gone: its heartbeat is stale, or this is a redelivery of
    the very job that was running it (same token), which happens only when that job died.
    """
    job = _table_job()
    vanished = jobs.stalled(job)
    if claim_token:
        vanished |= Q(status=Table.Status.RUNNING, claim_token=claim_token)
    return jobs.give_up(
        job,
        job_id=table_id,
        vanished=vanished,
        failed_fields=_gave_up_fields,
        after=_table_details_delete,
    )


def tables_sweep() -> dict[str, int]:
    """Re-queue audits whose worker vanished, give up on those out of attempts, and send
    again the jobs of tables queued for long (the broker may have lost them).

    The database says what must run; the broker is only a way to hand it out. Returns
    how many tables were {"requeued", "failed", "resent"}. Run by Celery beat.
    """
    return jobs.sweep(
        _table_job(),
        enqueue=lambda table_id: table_audit_enqueue(table_id=table_id),
        failed_fields=_gave_up_fields,
        after_give_up=_table_details_delete,
    )
