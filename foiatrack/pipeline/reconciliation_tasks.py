"""Celery tasks for reconciliations and delivery comparisons: load by id, call a service.
Claimed with a conditional update, so a redelivered task is a no-op."""

from celery import shared_task

from foiatrack.core.jobs import TRANSIENT_ERRORS
from foiatrack.pipeline import reconciliation


@shared_task(
    name="foiatrack.pipeline.tasks.reconciliation",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def reconciliation_task(reconciliation_id: int) -> str:
    return reconciliation.reconciliation_run(reconciliation_id=reconciliation_id)


@shared_task(
    name="foiatrack.pipeline.tasks.delivery_comparison",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def comparison_task(comparison_id: int) -> str:
    return reconciliation.comparison_run(comparison_id=comparison_id)


@shared_task(
    name="foiatrack.pipeline.tasks.after_audit_reconciliation",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def after_audit_task(table_id: int, requested_at: str | None = None, **_context) -> list[str]:
    """Listed in FOIATRACK_AFTER_AUDIT_TASKS: queue the comparison and reconciliation a new
    delivery calls for (requested_at is accepted and not needed)."""
    return reconciliation.after_audit_runs(table_id=table_id)
