"""The one life cycle of a background job, and sending jobs to the workers.

A job is a row (a table to audit, a link run; later a mail poll, a Parquet copy) with
`status` (queued → running → done or failed), `claim_token`, `claimed_at`, `attempts`,
`queued_at` and, when the job reports progress, a heartbeat field. The database says what
must run; the broker only hands it out. So:

- a worker *claims* the row with a conditional update (healthchecks' pattern): of two
  workers handed the same job only one wins, and a redelivery of the same job (same
  token) may take it back;
- while it runs it records *progress* through the same conditional update, which also
  tells it when another job has taken the row over;
- the *sweeper* re-queues a running job whose worker stopped showing signs of life,
  *gives up* after `max_attempts()` starts, and *resends* a job queued for long (the
  broker may have lost it; a duplicate is harmless, the claim lets one run).

Jobs are sent by task name through `enqueue()`, or `enqueue_on_commit()`, so services
never import their own tasks. `enqueue_on_commit()` writes an *outbox* row (OutboxJob) in
the caller's transaction and sends it once that commits, after the response when inside a
web request, marking it sent; the outbox sweeper sends again what the broker did not take.
So the broker's health never reaches the request and nothing is lost while it is down.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import InterfaceError, OperationalError, connections, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from redis.exceptions import ConnectionError as RedisConnectionError

from foiatrack.core.models import OutboxJob

logger = logging.getLogger(__name__)

# Errors that pass by themselves (a dropped connection): tasks retry on these.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, RedisConnectionError)
QUEUED, RUNNING, FAILED = "queued", "running", "failed"


@dataclass(frozen=True)
class JobKind:
    """A model whose rows are jobs, and how long a running one may stay silent."""

    model: type[models.Model]
    label: str
    stale_after: Callable[[], timedelta]
    # None: the job records no progress, so only claimed_at tells how long it has run.
    heartbeat_field: str | None = None


def max_attempts() -> int:
    """How many times one run of a job may be started before it is given up."""
    return getattr(settings, "FOIATRACK_TABLE_MAX_ATTEMPTS", 3)


def queued_stale_after() -> timedelta:
    """A job queued for longer than this is sent again: the broker may have lost it."""
    return timedelta(seconds=getattr(settings, "FOIATRACK_TABLE_QUEUED_STALE_SECONDS", 300))


# --- Sending ------------------------------------------------------------------------


def _task(name: str):
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()  # runs autodiscover_tasks()
    return tasks[name] if name in tasks else import_string(name)


def enqueue(task: str, *args, **kwargs) -> bool:
    """Send a task (its registered name, or its import path) now; False if the broker
    refused it, which is logged and never raised: the row says what is still to do."""
    try:
        _task(task).delay(*args, **kwargs)
    except Exception:
        logger.warning("could not enqueue %s %s %s", task, args, kwargs, exc_info=True)
        return False
    return True


def enqueue_on_commit(task: str, *args, stamp_requested_at: bool = False, **kwargs) -> OutboxJob:
    """Record the job in the outbox, in the current transaction, and send it once that
    commits (at once outside one; inside a web request, after the response is sent).

    With stamp_requested_at the task also gets requested_at, the ISO time of sending: it
    may skip work that a run started after that time has already done.
    """
    job = OutboxJob.objects.create(
        task=task, args=list(args), kwargs=kwargs, stamp_requested_at=stamp_requested_at
    )
    transaction.on_commit(lambda: _send_after_response(job.id))
    return job


def outbox_send(job_id: int) -> bool:
    """Send one outbox job now unless it was sent; True if the broker took it."""
    job = OutboxJob.objects.filter(id=job_id, sent_at__isnull=True).first()
    if job is None:
        return False
    OutboxJob.objects.filter(id=job_id).update(tried_at=timezone.now(), attempts=F("attempts") + 1)
    kwargs = dict(job.kwargs)
    if job.stamp_requested_at:
        kwargs["requested_at"] = timezone.now().isoformat()
    if not enqueue(job.task, *job.args, **kwargs):
        return False
    OutboxJob.objects.filter(id=job_id, sent_at__isnull=True).update(sent_at=timezone.now())
    return True


# Outbox jobs committed during a web request wait here until its response has been sent.
_request = threading.local()


def _send_after_response(job_id: int) -> None:
    waiting = getattr(_request, "outbox", None)
    # In-process (eager) jobs involve no broker: they run at commit, so the page that
    # answers the request already reports their result (the default set-up).
    if waiting is None or current_app.conf.task_always_eager:
        _send_quietly(job_id)
    else:
        waiting.append(job_id)


def _send_quietly(job_id: int) -> None:
    try:
        outbox_send(job_id)
    except Exception:  # the database is gone too: the row is unsent, the sweeper sends it
        logger.warning("could not send outbox job %s", job_id, exc_info=True)


def _on_request_started(**_kwargs) -> None:
    _request.outbox = []


def _on_request_finished(**_kwargs) -> None:
    waiting, _request.outbox = getattr(_request, "outbox", None), None
    for job_id in waiting or []:
        _send_quietly(job_id)


request_started.connect(_on_request_started, dispatch_uid="core-jobs-outbox-start")
request_finished.connect(_on_request_finished, dispatch_uid="core-jobs-outbox-finish")


def outbox_resend_after() -> timedelta:
    """An outbox job unsent for this long is sent again by the sweeper."""
    return timedelta(seconds=getattr(settings, "FOIATRACK_OUTBOX_RESEND_SECONDS", 30))


def outbox_keep_for() -> timedelta:
    """Sent outbox jobs are deleted after this."""
    return timedelta(days=getattr(settings, "FOIATRACK_OUTBOX_KEEP_DAYS", 7))


def outbox_sweep(limit: int = 1000) -> dict[str, int]:
    """Send again outbox jobs not sent (the broker was down at commit, or the process died
    before sending), oldest first; delete sent ones past outbox_keep_for(). Idempotent:
    a job is tried again only once outbox_resend_after() has passed since its last try.
    Returns {"resent", "unsent", "deleted"}."""
    cutoff = timezone.now() - outbox_resend_after()
    due = OutboxJob.objects.filter(sent_at__isnull=True, created_at__lt=cutoff).filter(
        Q(tried_at__isnull=True) | Q(tried_at__lt=cutoff)
    )
    report = {"resent": 0, "unsent": 0, "deleted": 0}
    for job_id in due.order_by("id").values_list("id", flat=True)[:limit]:
        report["resent" if outbox_send(job_id) else "unsent"] += 1
    old = OutboxJob.objects.filter(sent_at__lt=timezone.now() - outbox_keep_for())
    report["deleted"] = old.delete()[0]
    if report["resent"] or report["unsent"]:
        logger.warning("outbox sweep: %s", report)
    return report


# --- Claiming and progress ------------------------------------------------------------


def claim(
    kind: JobKind,
    *,
    job_id: int,
    claim_token: str,
    takeover: Q | None = None,
    bounded: bool = False,
    **fields,
) -> bool:
    """Mark the job running for this claim token; False if another job has it or it is
    finished. `takeover` says when a running job may be taken from its worker; `bounded`
    refuses a job whose attempts are used up (a file that kills its worker every time
    would otherwise be redelivered for ever)."""
    now = timezone.now()
    claimable = Q(status=QUEUED) | Q(status=RUNNING, claim_token=claim_token)
    if takeover is not None:
        claimable |= Q(status=RUNNING) & takeover
    rows = kind.model.objects.filter(claimable, id=job_id)
    if bounded:
        rows = rows.filter(attempts__lt=max_attempts())
    if kind.heartbeat_field:
        fields[kind.heartbeat_field] = now
    changed = rows.update(
        status=RUNNING,
        claim_token=claim_token,
        claimed_at=now,
        attempts=F("attempts") + 1,
        **fields,
    )
    return changed == 1


def update_if_claimed(kind: JobKind, *, job_id: int, claim_token: str, **fields) -> bool:
    """Write to a job this claim still holds; False if another job has taken it over or
    it was given up (the caller must then stop, and keep nothing)."""
    changed = kind.model.objects.filter(id=job_id, status=RUNNING, claim_token=claim_token).update(
        **fields
    )
    return changed == 1


def heartbeat(kind: JobKind, *, job_id: int, claim_token: str, **progress) -> bool:
    """Record progress and a sign of life; False when the claim was lost."""
    progress[kind.heartbeat_field] = timezone.now()
    return update_if_claimed(kind, job_id=job_id, claim_token=claim_token, **progress)


@contextmanager
def heartbeating(
    kind: JobKind, *, job_id: int, claim_token: str, every: float
) -> Iterator[threading.Event]:
    """Heartbeat the job every `every` seconds from a thread while the block runs, so a
    long silent phase (a workbook opening, findings computed after the read) never looks
    like a vanished worker. The thread dies with its process, so a killed worker still
    goes silent; it stops when the claim is lost (the event it yields is then set)."""
    stop, lost = threading.Event(), threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    alive = heartbeat(kind, job_id=job_id, claim_token=claim_token)
                except Exception:  # a dropped connection: try again next time
                    logger.warning("%s %s: heartbeat failed", kind.label, job_id, exc_info=True)
                    continue
                if not alive:
                    lost.set()
                    return
        finally:
            connections.close_all()  # this thread's own connections only

    thread = threading.Thread(target=beat, name=f"heartbeat-{kind.label}-{job_id}", daemon=True)
    thread.start()
    try:
        yield lost
    finally:
        stop.set()
        thread.join()


# --- Sweeping -------------------------------------------------------------------------


def stalled(kind: JobKind) -> Q:
    """Running jobs whose worker stopped showing signs of life."""
    since = timezone.now() - kind.stale_after()
    if kind.heartbeat_field is None:
        return Q(status=RUNNING, claimed_at__lt=since)
    silent = {f"{kind.heartbeat_field}__lt": since}
    never = {f"{kind.heartbeat_field}__isnull": True, "claimed_at__lt": since}
    return Q(status=RUNNING) & (Q(**silent) | Q(**never))


def give_up(
    kind: JobKind,
    *,
    job_id: int,
    vanished: Q,
    failed_fields: Callable[[int], dict],
    after: Callable[[int], None] | None = None,
) -> bool:
    """Fail a job whose worker is known gone (`vanished`) once its attempts are used up;
    True if this call failed it. `failed_fields(attempts)` is what a failed row holds;
    `after(job_id)` runs in the same transaction (to remove an earlier run's results)."""
    with transaction.atomic():
        used_up = kind.model.objects.filter(vanished, id=job_id, attempts__gte=max_attempts())
        attempts = used_up.values_list("attempts", flat=True).first()
        if attempts is None:
            return False
        changed = used_up.update(status=FAILED, **failed_fields(attempts))
        if changed and after is not None:
            after(job_id)
    if changed:
        logger.warning("%s %s: gave up after %s attempts", kind.label, job_id, attempts)
    return changed == 1


def requeue_stalled(kind: JobKind, *, job_id: int, enqueue: Callable[[int], object]) -> bool:
    """Queue a stalled job again (its attempts not used up) and send it."""
    changed = kind.model.objects.filter(
        stalled(kind), id=job_id, attempts__lt=max_attempts()
    ).update(status=QUEUED, claim_token="", queued_at=timezone.now())
    if changed:
        enqueue(job_id)
    return changed == 1


def resend_queued(kind: JobKind, *, job_id: int, enqueue: Callable[[int], object]) -> bool:
    """Send again a job queued for long. Sending twice is harmless; losing one is not."""
    changed = kind.model.objects.filter(
        id=job_id, status=QUEUED, queued_at__lt=timezone.now() - queued_stale_after()
    ).update(queued_at=timezone.now())
    if changed:
        enqueue(job_id)
    return changed == 1


def sweep(
    kind: JobKind,
    *,
    enqueue: Callable[[int], object],
    failed_fields: Callable[[int], dict],
    after_give_up: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Re-queue jobs whose worker vanished, give up on those out of attempts, send again
    those queued for long. Idempotent: every move is a conditional update, so a worker
    finishing meanwhile, or a second sweep, changes nothing. Returns how many jobs were
    {"requeued", "failed", "resent"}."""
    report = {"requeued": 0, "failed": 0, "resent": 0}
    for job_id in kind.model.objects.filter(stalled(kind)).values_list("id", flat=True):
        if give_up(
            kind,
            job_id=job_id,
            vanished=stalled(kind),
            failed_fields=failed_fields,
            after=after_give_up,
        ):
            report["failed"] += 1
        elif requeue_stalled(kind, job_id=job_id, enqueue=enqueue):
            report["requeued"] += 1
    waiting = kind.model.objects.filter(
        status=QUEUED, queued_at__lt=timezone.now() - queued_stale_after()
    )
    for job_id in waiting.values_list("id", flat=True):
        report["resent"] += resend_queued(kind, job_id=job_id, enqueue=enqueue)
    if any(report.values()):
        logger.warning("%s sweep: %s", kind.label, report)
    return report
