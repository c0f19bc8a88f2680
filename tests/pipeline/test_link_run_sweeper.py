"""The link-run sweeper: runs whose worker vanished are queued again (then given up on),
and runs whose job the broker lost are sent again. The last test runs on a real worker."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from foiatrack.pipeline import linkruns as services
from foiatrack.pipeline.linkruns import link_runs_sweep
from foiatrack.pipeline.models import LinkRun
from foiatrack.received.models import Table
from tests.conftest import wait_until
from tests.pipeline.conftest import chicago_arrests_csv, chicago_reports_csv

CASES = [f"HT{100000 + n}" for n in range(30)]
NOTHING = {"requeued": 0, "failed": 0, "resent": 0}


@pytest.fixture
def tables(directory, ingest):
    """Synthetic Chicago reports and arrests sharing 18 case numbers, audited."""
    police = directory["chicago-police"]
    reports = ingest("reports.csv", chicago_reports_csv(CASES), agency=police, stage="report")
    arrests = ingest(
        "arrests.csv",
        chicago_arrests_csv(CASES[:18] + [f"JA{500000 + n}" for n in range(6)]),
        agency=police,
        stage="arrest",
    )
    return reports, arrests


@pytest.fixture
def sent(monkeypatch):
    """The run ids whose job was handed to the broker."""
    ids = []
    monkeypatch.setattr(services, "link_run_enqueue", lambda *, run_id: ids.append(run_id) or True)
    return ids


def _ago(seconds: float):
    return timezone.now() - timedelta(seconds=seconds)


def _lost_for():
    """Longer than the hard time limit: no worker can still be on the run."""
    return settings.CELERY_TASK_TIME_LIMIT + 120


def _run(tables, **fields) -> LinkRun:
    reports, arrests = tables
    return LinkRun.objects.create(left_table=reports, right_table=arrests, **fields)


def test_a_run_whose_worker_vanished_is_queued_again(tables, sent):
    run = _run(
        tables, status="running", claim_token="dead-job", attempts=1, claimed_at=_ago(_lost_for())
    )

    assert link_runs_sweep() == {**NOTHING, "requeued": 1}

    run.refresh_from_db()
    assert (run.status, run.claim_token) == ("queued", "")
    assert sent == [run.id]


def test_a_run_within_the_time_limit_is_left_running(tables, sent):
    _run(tables, status="running", claim_token="live-job", attempts=1, claimed_at=_ago(60))

    assert link_runs_sweep() == NOTHING
    assert LinkRun.objects.get().status == "running"
    assert sent == []


def test_a_run_lost_too_often_fails_with_a_message(tables, sent):
    attempts = settings.FOIATRACK_TABLE_MAX_ATTEMPTS
    run = _run(tables, status="running", attempts=attempts, claimed_at=_ago(_lost_for()))

    assert link_runs_sweep() == {**NOTHING, "failed": 1}

    run.refresh_from_db()
    assert run.status == "failed"
    assert f"stopped {attempts} times" in run.error_message
    assert run.finished_at is not None
    assert sent == []


def test_a_run_waiting_too_long_is_sent_again_once_per_wait(tables, sent):
    stale = settings.FOIATRACK_TABLE_QUEUED_STALE_SECONDS
    old = _run(tables, status="queued", queued_at=_ago(stale + 5))
    _run(tables, status="queued", queued_at=_ago(stale - 60))

    assert link_runs_sweep() == {**NOTHING, "resent": 1}
    assert link_runs_sweep() == NOTHING  # its wait starts again

    assert sent == [old.id]


@pytest.mark.services
def test_a_run_the_broker_lost_is_sent_again_and_finished_by_a_real_worker(
    celery_worker, directory, ingest
):
    """The row was queued but its job never reached a worker (Redis lost it)."""
    police = directory["chicago-police"]
    ingest("reports.csv", chicago_reports_csv(CASES), agency=police, stage="report")
    ingest(
        "arrests.csv",
        chicago_arrests_csv(CASES[:18] + [f"JA{500000 + n}" for n in range(6)]),
        agency=police,
        stage="arrest",
    )
    wait_until(
        lambda: Table.objects.filter(status="done").count() == 2,
        message="audits on the worker\n" + celery_worker.log(),
    )
    reports, arrests = Table.objects.order_by("id")
    stale = settings.FOIATRACK_TABLE_QUEUED_STALE_SECONDS
    run = LinkRun.objects.create(left_table=reports, right_table=arrests, queued_at=_ago(stale + 5))

    assert link_runs_sweep()["resent"] == 1

    wait_until(
        lambda: LinkRun.objects.get(id=run.id).status == "done",
        message="the resent link run on the worker\n" + celery_worker.log(),
    )
    run.refresh_from_db()
    assert (run.linked_left, run.linked_right, run.attempts) == (18, 18, 1)


def test_beat_runs_the_sweeper_as_often_as_the_table_sweeper():
    from foiatrack.pipeline.tasks import sweep_link_runs_task

    schedule = settings.CELERY_BEAT_SCHEDULE
    entry = schedule["pipeline-sweep-link-runs"]

    assert entry["task"] == sweep_link_runs_task.name
    assert entry["schedule"] == schedule["received-sweep-tables"]["schedule"]
