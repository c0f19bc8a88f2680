"""Correcting a table's column roles, and re-running its audit."""

import logging

from django.db import transaction
from django.utils import timezone

from foiatrack.audit.vocabulary import ROLES
from foiatrack.received.auditing import enqueue_audit_on_commit
from foiatrack.received.models import (
    Table,
)

logger = logging.getLogger(__name__)


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
    enqueue_audit_on_commit(table_id)
    return Table.objects.get(id=table_id)


def _check_rerunnable(table: Table) -> None:
    if not table.source.get("format"):
        raise TableActionError(
            "This file could not be read as tables, so there is nothing to re-run. "
            "Ask the agency for the data as CSV or Excel and upload that."
        )
