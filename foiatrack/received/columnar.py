"""Each audited table's columnar copy: the audit's cleaned rows as Parquet, stored in the
same storage as the upload under a name derived from it
(`received/2026/12/<random>.csv` → `columnar/2026/12/<random>.csv.t42.parquet`).

Admin-only and never served: no view or URL reads it (the media root is not served, and
the data admins' download serves the original only). Link runs, comparisons and later
analysis read it with DuckDB or pyarrow. It is written by the audit (received/auditing.py),
replaced atomically by a re-audit, and removed with its table or file (a post_delete
receiver, after the deleting transaction commits).
"""

import logging
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete

from foiatrack.received.models import Table

logger = logging.getLogger(__name__)

SUFFIX = ".parquet"
PREFIX = "columnar/"
PREFIX_UPLOADS = "received/"


def columnar_name(table: Table) -> str:
    """The storage name of the table's copy, one per table: the upload's own name under
    `columnar/` instead of `received/` (so the uploads' tree holds only uploads)."""
    stored = table.received_file.stored_file.name
    stored = stored.removeprefix(PREFIX_UPLOADS)
    return f"{PREFIX}{stored}.t{table.id}{SUFFIX}"


def columnar_path(table: Table) -> Path | None:
    """The copy's path when the table has one on disk, else None (read the original)."""
    if not table.columnar_name:
        return None
    path = Path(default_storage.path(table.columnar_name))
    return path if path.is_file() else None


def columnar_delete(name: str) -> None:
    """Remove a copy by storage name; a copy already gone is fine."""
    if not name:
        return
    try:
        default_storage.delete(name)
    except OSError:  # logged, not raised: a leftover file must not undo the deletion
        logger.exception("could not delete the columnar copy %s", name)


def _table_deleted(sender, instance: Table, **kwargs) -> None:
    name = instance.columnar_name
    if name:
        transaction.on_commit(lambda: columnar_delete(name))


def connect() -> None:
    """Delete a table's copy with the table (also when its file is deleted: cascade)."""
    post_delete.connect(_table_deleted, sender=Table, dispatch_uid="received-columnar-delete")
