"""Celery tasks for mail: thin, they call a service."""

from celery import shared_task

from foiatrack.mail.imap import mailbox_poll


@shared_task(name="foiatrack.mail.fetch_mail", ignore_result=True, time_limit=15 * 60)
def fetch_mail_task() -> dict:
    """Run by beat every FOIA_IMAP_POLL_SECONDS: one poll of the mailbox. Idempotent: a
    message already taken in is skipped by its flag and, failing that, its Message-ID."""
    return mailbox_poll().as_json()
