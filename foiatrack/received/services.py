"""Writes for received files, one module per concern; this module is their interface.

- `uploads.py`: refuse an oversized upload early, store it once, split it into tables;
- `auditing.py`: the audit job (claim, progress, save or fail) and its sweeper, both on
  the one job life cycle in `foiatrack/core/jobs.py`;
- `roles.py`: an admin's column-role corrections and re-runs.

Data flows one way: the upload is stored and split into tables, a Celery task per table
calls table_audit(), which runs the pure audit code and saves its findings.
"""

from foiatrack.core.jobs import TRANSIENT_ERRORS, max_attempts
from foiatrack.received.auditing import (
    AUDIT_TASK,
    GAVE_UP_MESSAGE,
    GENERIC_FAILURE_MESSAGE,
    NO_RESULTS,
    PROGRESS_INTERVAL_SECONDS,
    STALE_AFTER,
    TIME_LIMIT_MESSAGE,
    ClaimLostError,
    enqueue_audit_on_commit,
    table_audit,
    table_audit_enqueue,
    table_claim,
    tables_sweep,
    unparseable_flag,
)
from foiatrack.received.roles import (
    TableActionError,
    table_requeue,
    table_roles_correct,
)
from foiatrack.received.uploads import (
    LIST_FAILURE_MESSAGE,
    UploadTooLargeError,
    content_length,
    max_upload_bytes,
    received_file_create,
    received_file_from_form,
    too_large_message,
)

__all__ = [
    "AUDIT_TASK",
    "ClaimLostError",
    "GAVE_UP_MESSAGE",
    "GENERIC_FAILURE_MESSAGE",
    "LIST_FAILURE_MESSAGE",
    "NO_RESULTS",
    "PROGRESS_INTERVAL_SECONDS",
    "STALE_AFTER",
    "TIME_LIMIT_MESSAGE",
    "TRANSIENT_ERRORS",
    "TableActionError",
    "UploadTooLargeError",
    "content_length",
    "enqueue_audit_on_commit",
    "max_attempts",
    "max_upload_bytes",
    "received_file_create",
    "received_file_from_form",
    "table_audit",
    "table_audit_enqueue",
    "table_claim",
    "table_requeue",
    "table_roles_correct",
    "tables_sweep",
    "too_large_message",
    "unparseable_flag",
]
