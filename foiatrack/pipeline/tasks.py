"""Celery tasks for the pipeline: thin, they call a service.

All are safe to run twice: a rebuild of the matrix replaces it whole, and a link run is
claimed with a conditional update before it starts (a sweep only moves what is stale).
"""

from celery import shared_task

from foiatrack.pipeline import services
from foiatrack.pipeline.coverage.rebuild import coverage_rebuild_sweep


@shared_task(
    name="foiatrack.pipeline.tasks.coverage_recompute",
    # Nobody reads the result: storing it would subscribe the sender to Redis, and
    # that subscription is retried 20 x 1 s while Redis is down, inside the request.
    ignore_result=True,
    acks_late=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def coverage_recompute(
    requested_at: str | None = None, table_id: int | None = None, **_context
) -> bool:
    """Rebuild the coverage matrix: after an audit (the hook names the table) only that
    table's jurisdiction; after a link run, or daily, all of it."""
    if table_id is not None:
        return services.coverage_recompute_after_audit(table_id=table_id, requested_at=requested_at)
    return services.coverage_recompute_if_stale(requested_at=requested_at)


@shared_task(
    bind=True,
    name="foiatrack.pipeline.tasks.link_run",
    # Nobody reads the result: storing it would subscribe the sender to Redis, and
    # that subscription is retried 20 x 1 s while Redis is down, inside the request.
    ignore_result=True,
    acks_late=True,
    autoretry_for=services.TRANSIENT_ERRORS,
    retry_backoff=True,
    max_retries=5,
)
def link_run_task(self, run_id: int) -> str:
    """Run one link run. The task id is the claim token: a redelivery of this job may
    take the run back; any other job is refused."""
    return services.link_run_execute(run_id=run_id, claim_token=self.request.id)


@shared_task(name="foiatrack.pipeline.tasks.sweep_link_runs", ignore_result=True)
def sweep_link_runs_task() -> dict[str, int]:
    """Queue again link runs whose worker vanished, send again those the broker lost."""
    return services.link_runs_sweep()


@shared_task(name="foiatrack.pipeline.tasks.sweep_coverage_rebuild", ignore_result=True)
def sweep_coverage_rebuild_task() -> bool:
    """Rebuild the coverage matrix when a requested rebuild was dropped (see
    pipeline.coverage.rebuild.coverage_rebuild_sweep)."""
    return coverage_rebuild_sweep()


from foiatrack.pipeline.reconciliation_tasks import comparison_task, reconciliation_task  # noqa: E402, F401, I001
