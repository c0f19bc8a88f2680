"""A worker killed with SIGKILL mid-audit: the job is redelivered or swept, and finishes
once, with one set of results; attempts are bounded and end in a failed table."""

import pytest

from foiatrack.received.models import ColumnProfile, GapFlag, Table
from foiatrack.received.tasks import sweep_tables_task
from tests.reliability.conftest import (
    BIG_FILE_ROWS,
    audit_in_progress,
    finished,
    kill_pool_children,
    kill_whole_worker,
    start_worker_like,
    store_upload,
    until,
    workers,
)

pytestmark = pytest.mark.services


def _assert_one_result(table: Table) -> None:
    """Exactly one set of column profiles and flags, for the whole file."""
    assert table.status == Table.Status.DONE, table.error_message
    assert table.rows == BIG_FILE_ROWS
    positions = list(ColumnProfile.objects.filter(table=table).values_list("position", flat=True))
    assert sorted(positions) == list(range(10))
    flag_positions = list(GapFlag.objects.filter(table=table).values_list("position", flat=True))
    assert sorted(flag_positions) == list(range(len(flag_positions)))
    assert not Table.objects.filter(status=Table.Status.RUNNING).exists()


def test_a_job_whose_pool_process_was_killed_is_redelivered_and_finishes_once(
    services, monkeypatch, big_csv
):
    with workers(services, monkeypatch) as (started, _app):
        table = store_upload(big_csv).tables.get()
        until(lambda: audit_in_progress(table.id), 60, started)

        assert kill_pool_children(started[0])

        # The worker's main process saw its child die and put the job back (acks_late +
        # reject_on_worker_lost); the same job, same claim token, takes the table back.
        table = until(lambda: finished(table.id), 60, started)
    _assert_one_result(table)
    assert table.attempts == 2


def test_a_table_whose_whole_worker_vanished_is_swept_and_finished_by_another(
    services, monkeypatch, big_csv
):
    with workers(services, monkeypatch, TABLE_STALE_SECONDS=2) as (started, _app):
        table = store_upload(big_csv).tables.get()
        until(lambda: audit_in_progress(table.id), 60, started)

        # Nothing is left to put the job back: the broker holds it unacknowledged until its
        # visibility timeout (far longer than a test). The sweeper must notice.
        kill_whole_worker(started[0])
        replacement = start_worker_like(started[0])
        started.append(replacement)
        assert Table.objects.get(id=table.id).status == Table.Status.RUNNING

        def swept_and_finished():
            sweep_tables_task.delay()  # what beat does every minute
            return finished(table.id)

        table = until(swept_and_finished, 60, started, interval=1.0)
    _assert_one_result(table)
    assert table.attempts == 2
    assert "sweep_tables" in replacement.log()


def test_a_table_that_kills_its_worker_every_time_fails_with_a_message(
    services, monkeypatch, big_csv
):
    with workers(services, monkeypatch, TABLE_MAX_ATTEMPTS=2) as (started, _app):
        table = store_upload(big_csv).tables.get()
        for attempt in (1, 2):
            until(
                lambda attempt=attempt: (
                    audit_in_progress(table.id)
                    and Table.objects.get(id=table.id).attempts == attempt
                ),
                60,
                started,
            )
            assert kill_pool_children(started[0])

        table = until(lambda: finished(table.id), 60, started)
    assert table.status == Table.Status.FAILED
    assert table.attempts == 2
    assert "started 2 times and never finished" in table.error_message
    assert not table.columns.exists()
