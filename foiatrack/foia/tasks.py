"""Celery tasks for requests: thin wrappers over services."""

from celery import shared_task

from foiatrack.foia import services


@shared_task(name="foiatrack.foia.send_overdue_reminders", time_limit=600, soft_time_limit=540)
def send_overdue_reminders() -> int:
    """Daily: refresh due dates and e-mail owners of newly overdue requests (idempotent)."""
    return services.reminders_send_overdue()
