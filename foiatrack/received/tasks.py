"""Celery tasks for received files: thin, they load by id and call a service."""

from celery import shared_task

from foiatrack.received.services import TRANSIENT_ERRORS, table_audit


@shared_task(
    bind=True,
    name="foiatrack.received.audit_table",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def audit_table_task(self, table_id: int) -> str:
    """Audit one table. The task id is the claim token, so a retry or a redelivery of
    this same job may take the table back, while any other job is refused."""
    return table_audit(table_id=table_id, claim_token=self.request.id)
