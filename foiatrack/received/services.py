"""Writes for received files: store an upload, audit a table, correct column roles.

Data flows one way: the upload is stored and split into tables here, a Celery task per
table calls table_audit(), which runs the pure audit code and saves its findings.
"""

import hashlib
import logging
import os
import time
import uuid
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from redis.exceptions import ConnectionError as RedisConnectionError

from foiatrack import audit
from foiatrack.audit.errors import UnreadableFileError
from foiatrack.audit.results import TableAudit, TableSource
from foiatrack.audit.vocabulary import ROLES
from foiatrack.received.keeping import (
    received_file_take_duplicate,
    stored_bytes_discard_unless_kept,
)
from foiatrack.received.models import (
    ColumnProfile,
    GapFlag,
    ReceivedFile,
    Table,
    received_file_storage_name,
)

logger = logging.getLogger(__name__)

# A running table whose heartbeat is older than this is taken to have lost its worker.
# The default; the value in force is read from settings at each call (see _stale_after).
STALE_AFTER = timedelta(seconds=120)
# Errors that pass by themselves (a dropped connection): the task retries on these.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisConnectionError)
# Progress is written at most this often: the page polls every second, no need for more.
PROGRESS_INTERVAL_SECONDS = 1.0

GENERIC_FAILURE_MESSAGE = (
    "The audit stopped because of an internal error, not because of the file. "
    "It has been logged; re-run the audit, and if it fails again tell the developers "
    "which file it was."
)
LIST_FAILURE_MESSAGE = (
    "The file was kept, but an internal error stopped us finding the tables in it. It has "
    "been logged; tell the developers which file it was, or send it as plain CSV."
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


class UploadTooLargeError(Exception):
    """The upload is bigger than FOIATRACK_MAX_UPLOAD_BYTES. str() is for a person."""


class ClaimLostError(Exception):
    """Another job has taken over this table's audit; this one must stop quietly."""


def _stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "FOIATRACK_TABLE_STALE_SECONDS", 120))


def _queued_stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "FOIATRACK_TABLE_QUEUED_STALE_SECONDS", 300))


def max_attempts() -> int:
    """How many times one run of a table's audit may be started before it is given up."""
    return getattr(settings, "FOIATRACK_TABLE_MAX_ATTEMPTS", 3)


def max_upload_bytes() -> int:
    return settings.FOIATRACK_MAX_UPLOAD_BYTES


def too_large_message(size: int | None = None) -> str:
    """The sentence shown when a file is over the upload limit."""
    limit = _human_size(max_upload_bytes())
    if size is None:
        return (
            f"The file is larger than the upload limit of {limit}. Split it and upload the parts."
        )
    return (
        f"The file is {_human_size(size)}, larger than the upload limit of {limit}. "
        "Split it and upload the parts."
    )


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


# --- Storing an upload --------------------------------------------------------------


def _store_chunks(chunks: Iterable[bytes], name: str) -> tuple[str, int, str]:
    """Write chunks to storage under `name`, hashing them in the same pass.

    Returns (stored name, size, sha256). Refuses, and removes what was written, as soon
    as the size passes the limit, so an oversized stream never fills the disk.
    """
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    limit = max_upload_bytes()
    # O_EXCL: a random name that already exists is a bug, never something to overwrite.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    try:
        with os.fdopen(descriptor, "wb") as output:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise UploadTooLargeError(too_large_message())
                digest.update(chunk)
                output.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return name, size, digest.hexdigest()


def _detected_format(sources: list[TableSource]) -> str:
    if any(source.member for source in sources):
        return "zip"
    return sources[0].format if sources else ""


def received_file_create(
    *,
    chunks: Iterable[bytes],
    original_name: str,
    uploaded_by=None,
    agency=None,
    request=None,
    stage=None,
    notes: str = "",
) -> tuple[ReceivedFile, bool]:
    """Store an uploaded file and queue an audit of each table in it.

    Returns (received file, created). The same bytes uploaded again return the file
    already stored, with created=False, and nothing is queued. A file that cannot be
    read as tables is still kept (it is what the agency sent) with one failed table
    carrying the reader's message and an UNPARSEABLE flag. Raises UploadTooLargeError.
    """
    # Not one transaction: the bytes are written (and hashed) first, outside it, and
    # removed again whenever no row ends up pointing at them.
    original_name = Path(original_name).name[:255] or "unnamed"
    agency = agency or (request.agency if request is not None else None)
    name, size, sha256 = _store_chunks(chunks, received_file_storage_name(original_name))
    existing = ReceivedFile.objects.filter(sha256=sha256).first()
    if existing is not None:
        return received_file_take_duplicate(existing=existing, stored_name=name), False
    sources, unreadable = _list_tables(name, original_name)
    try:
        with transaction.atomic():
            received = ReceivedFile.objects.create(
                original_name=original_name,
                stored_file=name,
                size_bytes=size,
                sha256=sha256,
                detected_format=_detected_format(sources),
                uploaded_by=uploaded_by,
                agency=agency,
                request=request,
                stage=stage or _only_stage(request, agency),
                notes=notes,
            )
            if unreadable is None:
                _tables_create(received, sources)
            else:
                _unreadable_table_create(received, unreadable)
    except IntegrityError:
        # The same file uploaded at the same moment by someone else: theirs won.
        default_storage.delete(name)
        return ReceivedFile.objects.get(sha256=sha256), False
    except BaseException:
        stored_bytes_discard_unless_kept(name=name)  # it may have committed already
        raise
    return received, True


def _only_stage(request, agency):
    """The pipeline stage implied by the request, else the agency, when it has just one."""
    for holder in (request, agency):
        if holder is not None:
            stages = list(holder.stages.all()[:2])
            if len(stages) == 1:
                return stages[0]
    return None


def _list_tables(name: str, original_name: str) -> tuple[list[TableSource], str | None]:
    """The file's tables, or none and the sentence saying why it cannot be read."""
    try:
        return audit.list_tables(default_storage.path(name), original_name), None
    except UnreadableFileError as error:
        return [], str(error)
    except TRANSIENT_ERRORS:
        raise
    except Exception:
        logger.exception("listing the tables of %s failed", original_name)
        return [], LIST_FAILURE_MESSAGE


def _tables_create(received: ReceivedFile, sources: list[TableSource]) -> None:
    for position, source in enumerate(sources):
        table = Table.objects.create(
            received_file=received,
            position=position,
            name=source.name[:500],
            source=_source_to_dict(source),
        )
        _enqueue_audit_on_commit(table.id)


def _unreadable_table_create(received: ReceivedFile, message: str) -> None:
    table = Table.objects.create(
        received_file=received,
        name=received.original_name,
        source={"name": received.original_name, "format": ""},
        status=Table.Status.FAILED,
        error_message=message,
        audited_at=timezone.now(),
    )
    GapFlag.objects.create(table=table, **_unparseable_flag(message))


def _unparseable_flag(message: str) -> dict:
    return {"code": "UNPARSEABLE", "severity": "high", "message": message, "evidence": {}}


def _source_to_dict(source: TableSource) -> dict:
    return {
        "name": source.name,
        "format": source.format,
        "member": source.member,
        "sheet": source.sheet,
        "size_bytes": source.size_bytes,
    }


def _source_from_dict(data: dict) -> TableSource:
    fields = ("name", "format", "member", "sheet", "size_bytes")
    return TableSource(**{key: data.get(key) for key in fields})


def _enqueue_audit_on_commit(table_id: int) -> None:
    transaction.on_commit(lambda: table_audit_enqueue(table_id=table_id))


def table_audit_enqueue(*, table_id: int) -> bool:
    """Send the audit job to the workers; True if the broker took it.

    The database, not the broker, says what must run: if the broker is down the table
    stays queued (shown as waiting for a worker) and can be enqueued again later.
    """
    from foiatrack.received.tasks import audit_table_task

    try:
        audit_table_task.delay(table_id)
    except Exception:
        logger.warning("could not enqueue the audit of table %s", table_id, exc_info=True)
        return False
    return True


# --- Auditing a table ---------------------------------------------------------------


def table_claim(*, table_id: int, claim_token: str) -> bool:
    """Mark the table running for this job; False if another job has it or it is finished.

    A conditional update, so two workers handed the same table never both audit it. A
    running table can be taken over when its heartbeat is stale (its worker vanished) or
    when the token is this job's own (a retry or redelivery of the same job).
    """
    now = timezone.now()
    claimable = Q(status=Table.Status.QUEUED) | Q(
        Q(status=Table.Status.RUNNING)
        & (
            Q(heartbeat_at__lt=now - _stale_after())
            | Q(heartbeat_at__isnull=True)
            | Q(claim_token=claim_token)
        )
    )
    # Bounded: a file that kills its worker every time (memory) would otherwise be
    # redelivered for ever, since a lost worker's job goes back to the queue.
    changed = Table.objects.filter(claimable, id=table_id, attempts__lt=max_attempts()).update(
        status=Table.Status.RUNNING,
        claim_token=claim_token,
        claimed_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        rows_read=0,
        progress=0,
        error_message="",
    )
    return changed == 1


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
        changed = Table.objects.filter(
            id=table_id, status=Table.Status.RUNNING, claim_token=claim_token
        ).update(rows_read=rows_read, progress=percent, heartbeat_at=timezone.now())
        if changed != 1:
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
    try:
        result = audit.audit_table(
            default_storage.path(table.received_file.stored_file.name),
            _source_from_dict(table.source),
            role_overrides=table.role_overrides or None,
            jurisdiction=_jurisdiction_slug(table),
            progress=_progress_recorder(table_id, claim_token),
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
    return _table_save_results(table_id, claim_token, result)


@transaction.atomic
def _table_save_results(table_id: int, claim_token: str, result: TableAudit) -> str:
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
    changed = Table.objects.filter(
        id=table_id, status=Table.Status.RUNNING, claim_token=claim_token
    ).update(
        status=status,
        findings=result.to_dict(),
        granularity=result.granularity or "",
        time_resolution=result.time_resolution or "",
        geo_resolution=result.geo_resolution or "",
        period_start=_parse_date(result.period_start),
        period_end=_parse_date(result.period_end),
        rows=result.rows,
        rows_read=result.rows,
        progress=100,
        error_message=unreadable or "",
        audited_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    if changed != 1:
        logger.info("table %s: claim lost before saving; result discarded", table_id)
        return Table.Status.RUNNING
    _table_replace_details(table_id, result)
    _enqueue_after_audit_tasks(table_id)
    return status


def _enqueue_after_audit_tasks(table_id: int) -> None:
    """Queue, once the results commit, the tasks other apps listed in
    FOIATRACK_AFTER_AUDIT_TASKS (import paths), e.g. the pipeline's coverage rebuild.

    Each is called with table_id and requested_at (ISO time, stamped after the commit): a
    task may skip work a run started after that time has already done, so audits finishing
    together cost one coverage rebuild, not one each."""
    for path in getattr(settings, "FOIATRACK_AFTER_AUDIT_TASKS", []):
        task = import_string(path)
        transaction.on_commit(lambda task=task: _delay_quietly(task, table_id))


def _delay_quietly(task, table_id: int) -> None:
    try:
        task.delay(table_id=table_id, requested_at=timezone.now().isoformat())
    except Exception:
        # The audit is saved; a follow-up missed while the broker is down is caught later.
        logger.warning("could not enqueue %s after table %s", task.name, table_id, exc_info=True)


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


@transaction.atomic
def _table_fail(table_id: int, claim_token: str, message: str, *, unparseable: bool = False) -> str:
    changed = Table.objects.filter(
        id=table_id, status=Table.Status.RUNNING, claim_token=claim_token
    ).update(
        status=Table.Status.FAILED,
        error_message=message,
        findings=None,
        granularity="",
        time_resolution="",
        geo_resolution="",
        period_start=None,
        period_end=None,
        rows=None,
        audited_at=timezone.now(),
    )
    if changed != 1:
        return Table.Status.RUNNING
    ColumnProfile.objects.filter(table_id=table_id).delete()
    GapFlag.objects.filter(table_id=table_id).delete()
    if unparseable:
        GapFlag.objects.create(table_id=table_id, **_unparseable_flag(message))
    return Table.Status.FAILED


def _parse_date(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text(value) -> str:
    return "" if value is None else str(value)[:200]


# --- The sweeper: jobs whose worker vanished or whose message the broker lost --------


def _stalled_running() -> Q:
    """Running tables whose worker stopped showing signs of life."""
    stale_since = timezone.now() - _stale_after()
    return Q(status=Table.Status.RUNNING) & (
        Q(heartbeat_at__lt=stale_since) | Q(heartbeat_at__isnull=True, claimed_at__lt=stale_since)
    )


def _table_give_up(*, table_id: int, claim_token: str = "") -> bool:
    """Fail a running table whose attempts are used up; True if this call failed it.

    Only when its worker is known gone: its heartbeat is stale, or this is a redelivery of
    the very job that was running it (same token), which happens only when that job died.
    """
    vanished = _stalled_running()
    if claim_token:
        vanished |= Q(status=Table.Status.RUNNING, claim_token=claim_token)
    with transaction.atomic():
        attempts = (
            Table.objects.filter(vanished, id=table_id, attempts__gte=max_attempts())
            .values_list("attempts", flat=True)
            .first()
        )
        if attempts is None:
            return False
        changed = Table.objects.filter(vanished, id=table_id, attempts__gte=max_attempts()).update(
            status=Table.Status.FAILED,
            error_message=GAVE_UP_MESSAGE.format(attempts=attempts),
            findings=None,
            granularity="",
            time_resolution="",
            geo_resolution="",
            period_start=None,
            period_end=None,
            rows=None,
            audited_at=timezone.now(),
        )
        if changed:  # a failed table shows no results, not those of an earlier run
            ColumnProfile.objects.filter(table_id=table_id).delete()
            GapFlag.objects.filter(table_id=table_id).delete()
    if changed:
        logger.warning("table %s: gave up after %s attempts", table_id, attempts)
    return changed == 1


def _table_requeue_stalled(table_id: int) -> bool:
    with transaction.atomic():
        changed = Table.objects.filter(
            _stalled_running(), id=table_id, attempts__lt=max_attempts()
        ).update(status=Table.Status.QUEUED, claim_token="", queued_at=timezone.now())
        if changed:
            _enqueue_audit_on_commit(table_id)
    return changed == 1


def _table_resend_queued(table_id: int) -> bool:
    # Sending a job twice is harmless (the claim lets one run); losing one is not.
    with transaction.atomic():
        changed = Table.objects.filter(
            id=table_id,
            status=Table.Status.QUEUED,
            queued_at__lt=timezone.now() - _queued_stale_after(),
        ).update(queued_at=timezone.now())
        if changed:
            _enqueue_audit_on_commit(table_id)
    return changed == 1


def tables_sweep() -> dict[str, int]:
    """Re-queue audits whose worker vanished, give up on those out of attempts, and send
    again the jobs of tables queued for long (the broker may have lost them).

    The database says what must run; the broker is only a way to hand it out. Returns
    how many tables were {"requeued", "failed", "resent"}. Run by Celery beat.
    """
    report = {"requeued": 0, "failed": 0, "resent": 0}
    for table_id in Table.objects.filter(_stalled_running()).values_list("id", flat=True):
        if _table_give_up(table_id=table_id):
            report["failed"] += 1
        elif _table_requeue_stalled(table_id):
            report["requeued"] += 1
    queued_since = timezone.now() - _queued_stale_after()
    waiting = Table.objects.filter(status=Table.Status.QUEUED, queued_at__lt=queued_since)
    for table_id in waiting.values_list("id", flat=True):
        report["resent"] += _table_resend_queued(table_id)
    if any(report.values()):
        logger.warning("table sweep: %s", report)
    return report


# --- Corrections and re-runs --------------------------------------------------------


class TableActionError(Exception):
    """The table cannot be re-run now (being audited, or nothing to read). str() is for a person."""


@transaction.atomic
def table_roles_correct(*, table_id: int, role_overrides: dict[str, str]) -> Table:
    """Save an admin's column roles and queue the audit again with them.

    role_overrides maps column names to roles from the vocabulary; a column left out
    goes back to the role the audit infers. Raises TableActionError while it runs.
    """
    unknown = sorted({role for role in role_overrides.values() if role not in ROLES})
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(unknown)}")
    table = Table.objects.select_for_update().get(id=table_id)
    _check_rerunnable(table)
    if table.status == Table.Status.RUNNING:
        raise TableActionError(
            "This table is being audited right now. Wait until it finishes, then correct it."
        )
    table.role_overrides = dict(role_overrides)
    table.save(update_fields=["role_overrides"])
    return table_requeue(table_id=table_id)


@transaction.atomic
def table_requeue(*, table_id: int) -> Table:
    """Queue a finished table's audit again; its old results stay until the new ones land."""
    _check_rerunnable(Table.objects.get(id=table_id))
    changed = (
        Table.objects.filter(id=table_id)
        .exclude(status=Table.Status.RUNNING)
        .update(
            status=Table.Status.QUEUED,
            rows_read=0,
            progress=0,
            claim_token="",
            # A deliberate re-run starts a fresh run: its attempts are counted anew.
            attempts=0,
            queued_at=timezone.now(),
        )
    )
    if changed != 1:
        raise TableActionError("This table is being audited right now; it will finish on its own.")
    _enqueue_audit_on_commit(table_id)
    return Table.objects.get(id=table_id)


def _check_rerunnable(table: Table) -> None:
    if not table.source.get("format"):
        raise TableActionError(
            "This file could not be read as tables, so there is nothing to re-run. "
            "Ask the agency for the data as CSV or Excel and upload that."
        )
