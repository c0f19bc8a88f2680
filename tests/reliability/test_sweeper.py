"""The sweeper: what it re-queues, re-sends and gives up on (no worker needed)."""

from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from foiatrack.received import auditing as services
from foiatrack.received.auditing import table_audit, tables_sweep
from foiatrack.received.models import ColumnProfile, Table
from tests.received.conftest import stored_table  # noqa: F401 (a fixture)


@pytest.fixture
def table(stored_table):  # noqa: F811 (the fixture, imported above)
    return stored_table


@pytest.fixture
def sent(monkeypatch):
    """The table ids whose audit job was handed to the broker."""
    ids = []
    monkeypatch.setattr(
        services, "table_audit_enqueue", lambda *, table_id: ids.append(table_id) or True
    )
    return ids


def _long_ago(seconds: int = 3600):
    return timezone.now() - timedelta(seconds=seconds)


def _sweep(capture):
    with capture(execute=True):
        return tables_sweep()


def test_a_running_table_with_a_stale_heartbeat_is_queued_again(
    table, sent, django_capture_on_commit_callbacks
):
    Table.objects.update(
        status=Table.Status.RUNNING, claim_token="dead-job", attempts=1, heartbeat_at=_long_ago()
    )

    report = _sweep(django_capture_on_commit_callbacks)

    table.refresh_from_db()
    assert report == {"requeued": 1, "failed": 0, "resent": 0}
    assert (table.status, table.claim_token) == (Table.Status.QUEUED, "")
    assert sent == [table.id]


def test_a_running_table_with_a_fresh_heartbeat_is_left_alone(
    table, sent, django_capture_on_commit_callbacks
):
    Table.objects.update(
        status=Table.Status.RUNNING, claim_token="live-job", attempts=1, heartbeat_at=timezone.now()
    )

    assert _sweep(django_capture_on_commit_callbacks) == {"requeued": 0, "failed": 0, "resent": 0}
    assert Table.objects.get().status == Table.Status.RUNNING
    assert sent == []


def test_a_stalled_table_out_of_attempts_fails_with_a_message_and_no_old_results(
    table, sent, django_capture_on_commit_callbacks
):
    ColumnProfile.objects.create(table=table, position=0, name="Address", role="address")
    Table.objects.update(
        status=Table.Status.RUNNING,
        attempts=settings.FOIATRACK_TABLE_MAX_ATTEMPTS,
        heartbeat_at=_long_ago(),
        findings={"rows": 5},
    )

    report = _sweep(django_capture_on_commit_callbacks)

    table.refresh_from_db()
    assert report["failed"] == 1
    assert table.status == Table.Status.FAILED
    assert "started 3 times and never finished" in table.error_message
    assert table.findings is None
    assert not table.columns.exists()
    assert sent == []


def test_a_table_queued_for_long_has_its_job_sent_again(
    table, sent, django_capture_on_commit_callbacks
):
    Table.objects.update(queued_at=_long_ago())

    report = _sweep(django_capture_on_commit_callbacks)

    assert report["resent"] == 1
    assert sent == [table.id]
    assert Table.objects.get().queued_at > _long_ago(60)
    # Sent once per period, not at every sweep.
    assert _sweep(django_capture_on_commit_callbacks)["resent"] == 0


def test_a_table_queued_just_now_is_not_sent_again(table, sent, django_capture_on_commit_callbacks):
    assert _sweep(django_capture_on_commit_callbacks)["resent"] == 0
    assert sent == []


def test_a_redelivered_job_out_of_attempts_fails_its_table_instead_of_looping(table):
    # The job died mid-audit each time; the broker hands it out once more.
    Table.objects.update(
        status=Table.Status.RUNNING,
        claim_token="job-a",
        attempts=settings.FOIATRACK_TABLE_MAX_ATTEMPTS,
        heartbeat_at=timezone.now(),
    )

    with mock.patch("foiatrack.audit.audit_table") as audit_table:
        assert table_audit(table_id=table.id, claim_token="job-a") == Table.Status.FAILED

    audit_table.assert_not_called()
    assert "never finished" in Table.objects.get().error_message


def test_another_job_does_not_fail_a_table_that_is_being_audited(table):
    Table.objects.update(
        status=Table.Status.RUNNING,
        claim_token="job-a",
        attempts=settings.FOIATRACK_TABLE_MAX_ATTEMPTS,
        heartbeat_at=timezone.now(),
    )

    assert table_audit(table_id=table.id, claim_token="job-b") == Table.Status.RUNNING
    assert Table.objects.get().status == Table.Status.RUNNING


def test_beat_runs_the_sweeper_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["received-sweep-tables"]
    assert entry == {"task": "foiatrack.received.sweep_tables", "schedule": 60}
