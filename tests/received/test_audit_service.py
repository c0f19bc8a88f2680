"""The audit service: claims, progress, atomic results, failures and re-runs."""

import logging
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from foiatrack import audit
from foiatrack.audit.errors import UnreadableFileError
from foiatrack.received import auditing as services
from foiatrack.received.models import ColumnProfile, GapFlag, Table
from foiatrack.received.services import (
    ClaimLostError,
    table_audit,
    table_claim,
    table_requeue,
)
from tests.received.conftest import chicago_calls_aggregate_csv, seattle_fire_911_csv


@pytest.fixture
def audited_table(data_admin_client, upload):
    upload("seattle-911.csv", seattle_fire_911_csv())
    table = Table.objects.get()
    assert table.status == Table.Status.DONE, table.error_message
    return table


@pytest.fixture
def flagged_table(data_admin_client, upload):
    upload("calls-by-district.csv", chicago_calls_aggregate_csv())
    table = Table.objects.get()
    assert table.status == Table.Status.DONE, table.error_message
    assert table.flags.exists()
    return table


def _detail_ids(table):
    return (
        set(ColumnProfile.objects.filter(table=table).values_list("id", flat=True)),
        set(GapFlag.objects.filter(table=table).values_list("id", flat=True)),
    )


@pytest.mark.django_db
def test_rerun_replaces_results_without_duplicating_rows(
    flagged_table, django_capture_on_commit_callbacks
):
    columns_before, flags_before = _detail_ids(flagged_table)

    with django_capture_on_commit_callbacks(execute=True):
        table_requeue(table_id=flagged_table.id)

    table = Table.objects.get()
    columns_after, flags_after = _detail_ids(table)
    assert table.status == Table.Status.DONE
    assert table.attempts == 1  # a deliberate re-run counts its attempts anew
    assert len(columns_after) == len(columns_before)
    assert len(flags_after) == len(flags_before)
    assert columns_after.isdisjoint(columns_before)
    assert flags_after.isdisjoint(flags_before)


@pytest.mark.django_db
def test_only_one_job_claims_a_queued_table(stored_table):
    assert table_claim(table_id=stored_table.id, claim_token="job-a")

    assert not table_claim(table_id=stored_table.id, claim_token="job-b")
    assert Table.objects.get().claim_token == "job-a"


@pytest.mark.django_db
def test_a_retry_of_the_same_job_takes_its_table_back(stored_table):
    table_claim(table_id=stored_table.id, claim_token="job-a")

    assert table_claim(table_id=stored_table.id, claim_token="job-a")
    assert Table.objects.get().attempts == 2


@pytest.mark.django_db
def test_a_table_whose_worker_vanished_can_be_claimed_again(stored_table):
    table_claim(table_id=stored_table.id, claim_token="job-a")
    Table.objects.update(heartbeat_at=timezone.now() - services.STALE_AFTER - timedelta(seconds=1))

    assert table_claim(table_id=stored_table.id, claim_token="job-b")


@pytest.mark.django_db
def test_a_redelivered_job_for_a_finished_table_does_nothing(audited_table):
    table_audit(table_id=audited_table.id, claim_token="late-duplicate")

    table = Table.objects.get()
    assert table.attempts == 1
    assert table.audited_at == audited_table.audited_at


@pytest.mark.django_db
def test_progress_is_saved_at_most_once_a_second_and_stops_a_job_that_lost_its_claim(
    stored_table,
):
    table_claim(table_id=stored_table.id, claim_token="job-a")
    record = services._progress_recorder(stored_table.id, "job-a")

    record(1000, 0.25)
    record(2000, 0.5)  # within the same second: not written

    table = Table.objects.get()
    assert (table.rows_read, table.progress) == (1000, 25.0)
    Table.objects.update(claim_token="job-b")
    record_for_a = services._progress_recorder(stored_table.id, "job-a")
    with pytest.raises(ClaimLostError):
        record_for_a(3000, 0.75)


@pytest.mark.django_db
def test_a_crash_while_saving_results_leaves_the_previous_results_whole(flagged_table, monkeypatch):
    audited_table = flagged_table
    assert audited_table.flags.exists()
    columns_before, flags_before = _detail_ids(audited_table)
    Table.objects.update(status=Table.Status.QUEUED)

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(GapFlag.objects, "bulk_create", database_gone)
    with pytest.raises(OperationalError):
        table_audit(table_id=audited_table.id, claim_token="job-a")

    assert _detail_ids(Table.objects.get()) == (columns_before, flags_before)
    assert Table.objects.get().status == Table.Status.RUNNING
    monkeypatch.undo()

    assert table_audit(table_id=audited_table.id, claim_token="job-a") == Table.Status.DONE
    columns_after, flags_after = _detail_ids(Table.objects.get())
    assert len(columns_after) == len(columns_before)
    assert len(flags_after) == len(flags_before)


@pytest.mark.django_db
def test_transient_database_errors_propagate_so_the_task_retries(stored_table, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(audit, "audit_table", database_gone)

    with pytest.raises(OperationalError):
        table_audit(table_id=stored_table.id, claim_token="job-a")
    assert Table.objects.get().status == Table.Status.RUNNING


@pytest.mark.django_db
def test_an_internal_error_fails_the_table_with_an_actionable_message(
    stored_table, monkeypatch, caplog
):
    def bug(*args, **kwargs):
        raise KeyError("column")

    monkeypatch.setattr(audit, "audit_table", bug)

    with caplog.at_level(logging.ERROR):
        status = table_audit(table_id=stored_table.id)

    table = Table.objects.get()
    assert status == table.status == Table.Status.FAILED
    assert table.error_message == services.GENERIC_FAILURE_MESSAGE
    assert "audit of table" in caplog.text
    assert not table.flags.exists()


@pytest.mark.django_db
def test_an_unreadable_table_fails_with_the_readers_message_and_a_flag(stored_table, monkeypatch):
    def unreadable(*args, **kwargs):
        raise UnreadableFileError("No row of this sheet has any values.")

    monkeypatch.setattr(audit, "audit_table", unreadable)

    table_audit(table_id=stored_table.id)

    table = Table.objects.get()
    assert table.status == Table.Status.FAILED
    assert table.error_message == "No row of this sheet has any values."
    assert list(table.flags.values_list("code", "severity")) == [("UNPARSEABLE", "high")]


@pytest.mark.django_db
def test_correcting_a_role_reruns_the_audit_with_it(
    audited_table, data_admin_client, django_capture_on_commit_callbacks
):
    columns = list(audited_table.columns.all())
    id_columns = [column for column in columns if column.role in audit.vocabulary.ID_ROLES]
    assert id_columns, [(column.name, column.role) for column in columns]
    assert not audited_table.flags.filter(code="NO_RECORD_ID").exists()
    form = {f"role_{column.position}": column.role for column in columns}
    for column in id_columns:
        form[f"role_{column.position}"] = "other"

    with django_capture_on_commit_callbacks(execute=True):
        response = data_admin_client.post(
            reverse("received:table_roles", args=[audited_table.id]), form
        )

    assert response.status_code == 302
    table = Table.objects.get()
    assert table.status == Table.Status.DONE
    assert table.role_overrides == {column.name: "other" for column in id_columns}
    corrected = table.columns.get(name=id_columns[0].name)
    assert (corrected.role, corrected.role_was_corrected) == ("other", True)
    assert table.flags.filter(code="NO_RECORD_ID").exists()


@pytest.mark.django_db
def test_roles_cannot_be_corrected_while_the_audit_runs(audited_table, data_admin_client):
    Table.objects.update(status=Table.Status.RUNNING)
    form = {f"role_{column.position}": "other" for column in audited_table.columns.all()}

    response = data_admin_client.post(
        reverse("received:table_roles", args=[audited_table.id]), form, follow=True
    )

    assert "being audited right now" in response.content.decode()
    assert Table.objects.get().role_overrides == {}


@pytest.mark.django_db
def test_an_unknown_role_is_refused_by_the_form(audited_table, data_admin_client):
    form = {f"role_{column.position}": column.role for column in audited_table.columns.all()}
    form["role_0"] = "not-a-role"

    response = data_admin_client.post(
        reverse("received:table_roles", args=[audited_table.id]), form
    )

    assert response.status_code == 400
    assert Table.objects.get().role_overrides == {}
