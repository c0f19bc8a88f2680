"""Celery tasks of the core: thin, they call core.jobs."""

from celery import shared_task

from foiatrack.core import jobs


@shared_task(name="foiatrack.core.sweep_outbox", ignore_result=True)
def sweep_outbox_task() -> dict[str, int]:
    """Run by beat: send again the jobs the broker did not take when their row committed."""
    return jobs.outbox_sweep()
