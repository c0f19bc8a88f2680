"""Celery tasks for received files: thin, they load by id and call a service."""

from celery import shared_task

from foiatrack.core.jobs import TRANSIENT_ERRORS
from foiatrack.received.auditing import table_audit, tables_sweep


@shared_task(
    bind=True,
    name="foiatrack.received.audit_table",
    # Nobody reads the result: storing it would subscribe the sender to Redis, and
    # that subscription is retried 20 x 1 s while Redis is down, inside the request.
    ignore_result=True,
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def audit_table_task(self, table_id: int) -> str:
    """Audit one table. The task id is the claim token, so a retry or a redelivery of
    this same job may take the table back, while any other job is refused."""
    return table_audit(table_id=table_id, claim_token=self.request.id)


@shared_task(name="foiatrack.received.sweep_tables", ignore_result=True)
def sweep_tables_task() -> dict[str, int]:
    """Run by beat every minute: re-queue audits whose worker vanished or whose job the
    broker lost; idempotent, so a missed or doubled run does no harm."""
    return tables_sweep()
