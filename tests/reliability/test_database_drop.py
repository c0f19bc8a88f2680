"""The worker's PostgreSQL connection dropped mid-audit: the task retries and the result
is the same as an undisturbed audit's."""

import pytest

from foiatrack import audit
from foiatrack.received.models import Table
from tests.reliability.conftest import (
    BIG_FILE_ROWS,
    audit_in_progress,
    finished,
    store_upload,
    terminate_other_backends,
    until,
    workers,
)

pytestmark = pytest.mark.services


def test_a_dropped_database_connection_mid_audit_is_retried_to_the_correct_result(
    services, monkeypatch, big_csv
):
    with workers(services, monkeypatch) as (started, _app):
        table = store_upload(big_csv).tables.get()
        until(lambda: audit_in_progress(table.id), 60, started)

        assert terminate_other_backends() >= 1

        table = until(lambda: finished(table.id), 60, started)
        log = "\n".join(worker.log() for worker in started)
    assert table.status == Table.Status.DONE, table.error_message
    assert "retry: Retry in" in log and "terminating connection" in log
    assert table.attempts == 2
    expected = audit.audit_table(str(big_csv), audit.list_tables(str(big_csv), big_csv.name)[0])
    assert table.rows == expected.rows == BIG_FILE_ROWS
    assert list(table.columns.values_list("name", "role")) == [
        (column.name, column.role) for column in expected.columns
    ]
    assert sorted(table.flags.values_list("code", flat=True)) == sorted(
        flag.code for flag in expected.flags
    )
