"""Stored bytes are never lost: removed only when no committed row points at them, and
restored from a re-upload when the row that holds them lost them.

The fault-injection run found a committed upload's bytes deleted (the web worker was
killed by its timeout while enqueueing, after the commit) and every later upload of the
same bytes answered "already uploaded", pointing at the broken row, for ever.
"""

import logging
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction

from foiatrack.received.auditing import GENERIC_FAILURE_MESSAGE
from foiatrack.received.models import ReceivedFile, Table
from foiatrack.received.roles import TableActionError, table_requeue

logger = logging.getLogger(__name__)


def stored_bytes_discard_unless_kept(*, name: str) -> None:
    """Remove the stored bytes `name` unless a committed row points at them.

    Called when storing an upload failed part-way: the failure may have come after the
    commit (an enqueue hook, a killed worker), when the row already holds these bytes. When
    the database cannot say, the bytes stay: an orphan file costs disk, a lost one data."""
    try:
        kept = ReceivedFile.objects.filter(stored_file=name).exists()
    except Exception:
        logger.warning("could not tell whether %s is kept; leaving it", name, exc_info=True)
        return
    if not kept:
        default_storage.delete(name)


def _bytes_missing(received: ReceivedFile) -> bool:
    path = Path(default_storage.path(received.stored_file.name))
    return not path.is_file() or path.stat().st_size != received.size_bytes


def _failed_internally(received: ReceivedFile) -> list[int]:
    failed = received.tables.filter(
        status=Table.Status.FAILED, error_message=GENERIC_FAILURE_MESSAGE
    )
    return [table.id for table in failed if table.source.get("format")]


def received_file_take_duplicate(*, existing: ReceivedFile, stored_name: str) -> ReceivedFile:
    """The same bytes as `existing` were just stored as `stored_name`: keep one copy.

    A healthy upload keeps its own copy and the new one is removed. One that lost its
    bytes takes the new copy; one whose audits failed on an internal error (or lost their
    bytes) has them queued again. `existing.repaired` says whether anything was done."""
    existing.repaired = False
    if _bytes_missing(existing):
        old_name = existing.stored_file.name
        # Conditional: of two re-uploads repairing at once, one copy is adopted.
        adopted = ReceivedFile.objects.filter(id=existing.id, stored_file=old_name).update(
            stored_file=stored_name
        )
        if adopted:
            logger.warning("file %s had lost its bytes; restored from a re-upload", existing.id)
            default_storage.delete(old_name)  # a partial copy, if any
            existing.refresh_from_db()
            existing.repaired = True
        else:
            default_storage.delete(stored_name)
    else:
        default_storage.delete(stored_name)
    _requeue_broken_tables(existing)
    return existing


def _requeue_broken_tables(received: ReceivedFile) -> None:
    broken = _failed_internally(received)
    if getattr(received, "repaired", False):
        broken += list(
            received.tables.filter(status=Table.Status.QUEUED).values_list("id", flat=True)
        )
    for table_id in broken:
        try:
            with transaction.atomic():
                table_requeue(table_id=table_id)
        except TableActionError:
            continue  # being audited right now: it will finish on its own
        received.repaired = True
