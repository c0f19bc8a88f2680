"""Celery tasks for reconciliations and delivery comparisons: load by id, call a service.
Claimed with a conditional update, so a redelivered task is a no-op."""

from celery import shared_task

from foiatrack.pipeline import reconciliation
from foiatrack.pipeline.services import TRANSIENT_ERRORS


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
