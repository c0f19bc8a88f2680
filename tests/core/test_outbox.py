"""The outbox (core.jobs): a job is a row written in the caller's transaction, sent once
that commits (after the response inside a web request), and sent again by the sweeper
when the broker did not take it. Tasks run eagerly here; the broker outage on real
services is tests/reliability/test_client_sees.py."""

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.test import RequestFactory

from foiatrack.core import jobs
from foiatrack.core.models import OutboxJob

PING = "foiatrack.ping"


def _refusing_broker(monkeypatch, calls: list):
    """A broker that refuses every job, as Redis does while it is down (enqueue returns
    False and logs, which is what core.jobs.enqueue does on a refused send)."""

    def refuse(task, *args, **kwargs):
        calls.append((task, args, kwargs))
        return False

    monkeypatch.setattr(jobs, "enqueue", refuse)


@pytest.mark.django_db(transaction=True)
def test_a_job_is_a_row_written_with_the_caller_and_marked_sent_after_commit():
    with transaction.atomic():
        job = jobs.enqueue_on_commit(PING, "hello")
        assert OutboxJob.objects.get(id=job.id).sent_at is None  # not sent before commit

    job.refresh_from_db()
    assert job.sent_at is not None
    assert job.attempts == 1
    assert (job.task, job.args) == (PING, ["hello"])


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_job():
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue_on_commit(PING, "never")
        raise RuntimeError("the caller failed")

    assert not OutboxJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_job_the_broker_refused_stays_unsent_and_the_sweeper_sends_it(monkeypatch, settings):
    calls: list = []
    _refusing_broker(monkeypatch, calls)
    with transaction.atomic():
        job = jobs.enqueue_on_commit(PING, "later")
    job.refresh_from_db()
    assert job.sent_at is None and job.attempts == 1 and len(calls) == 1

    settings.FOIATRACK_OUTBOX_RESEND_SECONDS = 3600
    assert jobs.outbox_sweep()["resent"] == 0  # too recent: not tried again yet

    monkeypatch.undo()  # the broker is back
    settings.FOIATRACK_OUTBOX_RESEND_SECONDS = 0
    report = jobs.outbox_sweep()

    job.refresh_from_db()
    assert report["resent"] == 1
    assert job.sent_at is not None and job.attempts == 2
    assert jobs.outbox_sweep()["resent"] == 0  # sent once: never again


@pytest.mark.django_db(transaction=True)
def test_inside_a_web_request_jobs_wait_for_the_response(monkeypatch):
    from foiatrack.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", False)  # a real broker's set-up
    sent: list = []
    monkeypatch.setattr(jobs, "outbox_send", lambda job_id: sent.append(job_id))
    request_started.send(sender=WSGIHandler, environ=RequestFactory().get("/").environ)
    try:
        job = jobs.enqueue_on_commit(PING, "after")  # autocommit: "committed" at once
        assert sent == []  # the response has not been sent yet
    finally:
        request_finished.send(sender=WSGIHandler)
    assert sent == [job.id]


@pytest.mark.django_db(transaction=True)
def test_sent_jobs_are_deleted_after_the_keeping_time(settings):
    jobs.enqueue_on_commit(PING, "old")
    settings.FOIATRACK_OUTBOX_KEEP_DAYS = 0
    assert jobs.outbox_sweep()["deleted"] == 1
    assert not OutboxJob.objects.exists()


def test_beat_runs_the_outbox_sweeper(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "foiatrack.core.sweep_outbox" in tasks
    assert "foiatrack.pipeline.tasks.sweep_coverage_rebuild" in tasks


@pytest.mark.django_db(transaction=True)
def test_in_process_jobs_run_at_commit_even_inside_a_request(monkeypatch):
    sent: list = []
    monkeypatch.setattr(jobs, "outbox_send", lambda job_id: sent.append(job_id))
    request_started.send(sender=WSGIHandler, environ=RequestFactory().get("/").environ)
    try:
        job = jobs.enqueue_on_commit(PING, "now")
        assert sent == [job.id]  # eager: no broker to wait on, the page reports the result
    finally:
        request_finished.send(sender=WSGIHandler)
