"""Link runs: queue a run between two audited tables, run it on a worker through the
one job life cycle (core/jobs.py) and save the audit engine's counts; the sweeper
re-queues runs whose worker vanished and resends lost jobs.
"""

import logging
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from foiatrack.audit.link_levels import linkability_level
from foiatrack.audit.linkage import LinkSide, link_tables
from foiatrack.audit.results import TableSource
from foiatrack.core import jobs
from foiatrack.core.jobs import TRANSIENT_ERRORS
from foiatrack.pipeline import coverage
from foiatrack.pipeline.coverage.rebuild import coverage_recompute_enqueue_on_commit
from foiatrack.pipeline.models import (
    LinkRun,
)
from foiatrack.received.columnar import columnar_path
from foiatrack.received.models import Table

logger = logging.getLogger(__name__)

# The task that runs one link run, given its id (foiatrack.pipeline.tasks).
LINK_RUN_TASK = "foiatrack.pipeline.tasks.link_run"
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


def _lost_after() -> timedelta:
    # Link runs keep no heartbeat: one claimed longer ago than the task's hard time
    # limit (which would have killed it) has lost its worker.
    return timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


def _link_run_job() -> jobs.JobKind:
    return jobs.JobKind(LinkRun, "link run", _lost_after)


@transaction.atomic
def link_run_create(*, left_table: Table, right_table: Table, user=None) -> LinkRun:
    """Queue a link run between two audited tables; the worker runs link_run_execute."""
    if left_table.id == right_table.id:
        raise LinkRunError("Choose two different tables to link.")
    for table in (left_table, right_table):
        if table.status != Table.Status.DONE:
            raise LinkRunError(f"“{table.name}” has not been audited yet; wait until it is done.")
    run = LinkRun.objects.create(left_table=left_table, right_table=right_table, created_by=user)
    jobs.enqueue_on_commit(LINK_RUN_TASK, run.id)
    return run


def link_run_enqueue(*, run_id: int) -> bool:
    """Send the run to the workers; the row stays queued if the broker is down."""
    return jobs.enqueue(LINK_RUN_TASK, run_id)


def link_run_claim(*, run_id: int, claim_token: str) -> bool:
    """Mark the run running for this job. A conditional update: of two workers handed
    the same run only one wins; the same job (a redelivery) may take it back."""
    return jobs.claim(
        _link_run_job(), job_id=run_id, claim_token=claim_token, started_at=timezone.now()
    )


def _link_side(table: Table) -> LinkSide:
    """The table's columnar copy, read by DuckDB; a table audited before copies existed
    is read from its original file (cleaned by the audit's reader)."""
    roles = coverage.column_roles(table.findings)
    copy = columnar_path(table)
    if copy is not None:
        return LinkSide.from_roles(str(copy), roles, name=table.name)
    path = Path(default_storage.path(table.received_file.stored_file.name))
    if not path.is_file():
        raise FileNotFoundError(path)
    source = TableSource.from_dict(table.source)
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
        result = link_tables(
            _link_side(run.left_table),
            _link_side(run.right_table),
            memory_limit=settings.FOIATRACK_DUCKDB_MEMORY_LIMIT,
            temp_directory=settings.FOIATRACK_DUCKDB_TEMP_DIRECTORY,
        )
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
    saved = jobs.update_if_claimed(
        _link_run_job(),
        job_id=run.id,
        claim_token=claim_token,
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
    if not saved:
        return LinkRun.Status.RUNNING
    coverage_recompute_enqueue_on_commit()
    return LinkRun.Status.DONE


@transaction.atomic
def _link_run_fail(run_id: int, claim_token: str, message: str) -> str:
    failed = jobs.update_if_claimed(
        _link_run_job(),
        job_id=run_id,
        claim_token=claim_token,
        status=LinkRun.Status.FAILED,
        error_message=message,
        finished_at=timezone.now(),
    )
    return LinkRun.Status.FAILED if failed else LinkRun.Status.RUNNING


def _gave_up_fields(attempts: int) -> dict:
    return {
        "error_message": LINK_GAVE_UP_MESSAGE.format(attempts=attempts),
        "finished_at": timezone.now(),
    }


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
    return jobs.sweep(
        _link_run_job(),
        enqueue=lambda run_id: link_run_enqueue(run_id=run_id),
        failed_fields=_gave_up_fields,
    )
