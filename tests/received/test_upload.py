"""Uploading through the view: stored once, split into tables, audited (eagerly here)."""

import hashlib

import pytest
from django.urls import reverse

from foiatrack.received.models import ColumnProfile, ReceivedFile, Table
from tests.received.conftest import (
    BINARY_BYTES,
    chicago_calls_aggregate_csv,
    seattle_fire_911_csv,
    zip_of,
)


@pytest.mark.django_db
def test_upload_stores_the_file_and_audits_its_table(data_admin_client, data_admin, upload):
    content = seattle_fire_911_csv()

    response = upload("seattle-911.csv", content, notes="March batch")

    received = ReceivedFile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("received:file_detail", args=[received.id])
    assert received.sha256 == hashlib.sha256(content).hexdigest()
    assert received.size_bytes == len(content)
    assert received.uploaded_by == data_admin
    assert received.notes == "March batch"
    assert received.detected_format == "csv"
    table = received.tables.get()
    assert table.status == Table.Status.DONE, table.error_message
    assert table.granularity == "record"
    assert table.rows == 40
    assert table.findings["rows"] == 40
    assert table.period_start is not None
    assert ColumnProfile.objects.filter(table=table).count() == 7


@pytest.mark.django_db
def test_the_original_bytes_are_kept_unchanged(data_admin_client, upload):
    content = seattle_fire_911_csv()

    upload("seattle-911.csv", content)

    received = ReceivedFile.objects.get()
    with received.stored_file.open("rb") as stored:
        assert stored.read() == content


@pytest.mark.django_db
def test_aggregate_upload_is_flagged_as_aggregated_only(data_admin_client, upload):
    upload("calls-by-district.csv", chicago_calls_aggregate_csv())

    table = Table.objects.get()
    assert table.granularity == "aggregate"
    codes = set(table.flags.values_list("code", flat=True))
    assert "AGGREGATED_ONLY" in codes
    assert "NO_RECORD_ID" in codes


@pytest.mark.django_db
def test_same_file_uploaded_again_shows_the_first_and_is_not_audited_again(
    data_admin_client, upload, settings
):
    content = seattle_fire_911_csv()
    upload("first-name.csv", content)
    table = Table.objects.get()
    audited_at = table.audited_at

    response = upload("second-name.csv", content)

    received = ReceivedFile.objects.get()
    assert response["Location"] == reverse("received:file_detail", args=[received.id])
    assert received.original_name == "first-name.csv"
    assert Table.objects.get().audited_at == audited_at
    assert Table.objects.get().attempts == 1
    followed = data_admin_client.get(response["Location"])
    assert "already uploaded" in followed.content.decode()
    stored = [path for path in (settings.MEDIA_ROOT / "received").rglob("*") if path.is_file()]
    assert len(stored) == 1


@pytest.mark.django_db
def test_zip_archive_becomes_one_table_per_member(data_admin_client, upload):
    archive = zip_of(
        {
            "calls-2021.csv": seattle_fire_911_csv(),
            "calls-by-district.csv": chicago_calls_aggregate_csv(),
        }
    )

    upload("export.zip", archive)

    received = ReceivedFile.objects.get()
    assert received.detected_format == "zip"
    tables = list(received.tables.order_by("position"))
    assert len(tables) == 2
    assert {table.status for table in tables} == {Table.Status.DONE}
    assert sorted(table.granularity for table in tables) == ["aggregate", "record"]


@pytest.mark.django_db
def test_workbook_becomes_one_table_per_sheet(data_admin_client, upload, tmp_path):
    import csv
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    for sheet_name, content in (
        ("2021", seattle_fire_911_csv()),
        ("2022", seattle_fire_911_csv(12)),
    ):
        sheet = workbook.create_sheet(sheet_name)
        for row in csv.reader(io.StringIO(content.decode())):
            sheet.append(row)
    workbook.remove(workbook["Sheet"])
    path = tmp_path / "calls.xlsx"
    workbook.save(path)

    upload("calls.xlsx", path.read_bytes())

    received = ReceivedFile.objects.get()
    assert received.detected_format == "xlsx"
    tables = list(received.tables.order_by("position"))
    assert [table.source["sheet"] for table in tables] == ["2021", "2022"]
    assert [table.rows for table in tables] == [40, 12]


@pytest.mark.django_db
def test_binary_file_renamed_csv_is_kept_as_a_failed_table_with_a_clear_message(
    data_admin_client, upload
):
    response = upload("calls.csv", BINARY_BYTES)

    table = Table.objects.get()
    assert response.status_code == 302
    assert table.status == Table.Status.FAILED
    assert table.error_message
    assert "Traceback" not in table.error_message
    assert list(table.flags.values_list("code", flat=True)) == ["UNPARSEABLE"]
    page = data_admin_client.get(response["Location"]).content.decode()
    assert table.error_message in page


@pytest.mark.django_db
def test_a_failed_upload_does_not_affect_another(data_admin_client, upload):
    upload("broken.csv", BINARY_BYTES)

    upload("seattle-911.csv", seattle_fire_911_csv())

    good = Table.objects.get(received_file__original_name="seattle-911.csv")
    assert good.status == Table.Status.DONE
    assert not good.flags.filter(code="UNPARSEABLE").exists()
    assert Table.objects.get(received_file__original_name="broken.csv").status == "failed"


@pytest.mark.django_db
def test_oversized_upload_is_refused_with_a_clear_message(data_admin_client, upload, settings):
    settings.FOIATRACK_MAX_UPLOAD_BYTES = 1000

    response = upload("big.csv", seattle_fire_911_csv(200))

    assert response.status_code == 413
    assert "larger than the upload limit" in response.content.decode()
    assert not ReceivedFile.objects.exists()
    assert not (settings.MEDIA_ROOT / "received").exists() or not any(
        path.is_file() for path in (settings.MEDIA_ROOT / "received").rglob("*")
    )


@pytest.mark.django_db
def test_upload_declaring_a_huge_size_is_refused_before_the_body_is_read(
    data_admin_client, settings
):
    settings.FOIATRACK_MAX_UPLOAD_BYTES = 1000

    response = data_admin_client.generic(
        "POST",
        reverse("received:upload"),
        data=b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(10 * 1024 * 1024),
    )

    assert response.status_code == 413
    assert "larger than the upload limit" in response.content.decode()


@pytest.mark.django_db
def test_file_just_over_the_limit_but_within_the_framing_allowance_is_refused(
    data_admin_client, upload, settings
):
    content = seattle_fire_911_csv(40)
    settings.FOIATRACK_MAX_UPLOAD_BYTES = len(content) - 1

    response = upload("calls.csv", content)

    assert response.status_code == 413
    assert not ReceivedFile.objects.exists()


@pytest.mark.django_db
def test_upload_without_a_file_shows_the_form_again(data_admin_client):
    response = data_admin_client.post(reverse("received:upload"), {"notes": "x"})

    assert response.status_code == 400
    assert "This field is required" in response.content.decode()


@pytest.mark.django_db
def test_upload_page_requires_the_csrf_token(data_admin, upload):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(data_admin)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("received:upload"), {"file": SimpleUploadedFile("a.csv", seattle_fire_911_csv())}
    )

    assert response.status_code == 403
    assert not ReceivedFile.objects.exists()


@pytest.mark.django_db
def test_request_of_another_agency_is_refused(data_admin_client, upload, chicago):
    response = upload(
        "calls.csv",
        seattle_fire_911_csv(),
        agency=chicago.police.id,
        request=chicago.calls_request.id,
    )

    assert response.status_code == 400
    assert "was sent to OEMC" in response.content.decode()
    assert not ReceivedFile.objects.exists()


@pytest.mark.django_db
def test_upload_attached_to_a_request_takes_its_agency(data_admin_client, upload, chicago, stages):
    upload(
        "calls.csv",
        seattle_fire_911_csv(),
        request=chicago.calls_request.id,
        stage=stages["call"].id,
    )

    received = ReceivedFile.objects.get()
    assert received.agency == chicago.oemc
    assert received.request == chicago.calls_request
    assert received.stage.code == "call"


@pytest.mark.django_db
def test_header_only_member_of_an_archive_fails_alone(data_admin_client, upload):
    archive = zip_of({"calls.csv": seattle_fire_911_csv(), "header-only.csv": b"a,b,c\n"})

    upload("export.zip", archive)

    good = Table.objects.get(source__member="calls.csv")
    header_only = Table.objects.get(source__member="header-only.csv")
    assert good.status == Table.Status.DONE
    assert header_only.status == Table.Status.FAILED
    assert header_only.error_message
    assert header_only.flags.filter(code="UNPARSEABLE").exists()


@pytest.mark.django_db
def test_a_few_ragged_rows_are_flagged_but_the_table_is_audited(data_admin_client, upload):
    ragged_row = b"1 Main St,Aid Response,2021-03-05 10:00:00,47.6,-122.3,x,F99,extra,extra\n"

    upload("calls.csv", seattle_fire_911_csv() + ragged_row)

    table = Table.objects.get()
    assert table.status == Table.Status.DONE
    assert table.rows == 40
    assert table.flags.filter(code="UNPARSEABLE").exists()
    assert table.findings["dropped_rows"]


@pytest.mark.django_db
def test_areas_are_checked_against_the_agencys_jurisdiction(data_admin_client, upload, chicago):
    upload("calls-by-district.csv", chicago_calls_aggregate_csv(), agency=chicago.oemc.id)

    table = Table.objects.get()
    missing_areas = table.flags.get(code="MISSING_AREAS")
    assert "4" in table.findings["missing_areas"]
    assert missing_areas.severity in {"high", "medium", "low"}


@pytest.mark.django_db
def test_without_an_agency_no_areas_are_expected(data_admin_client, upload):
    upload("calls-by-district.csv", chicago_calls_aggregate_csv())

    table = Table.objects.get()
    assert not table.flags.filter(code="MISSING_AREAS").exists()


@pytest.mark.django_db
def test_an_internal_error_while_listing_tables_keeps_the_file_and_says_so(
    data_admin_client, upload, monkeypatch, caplog
):
    from foiatrack import audit
    from foiatrack.received.services import LIST_FAILURE_MESSAGE

    def bug(*args, **kwargs):
        raise IndexError("sheet")

    monkeypatch.setattr(audit, "list_tables", bug)

    response = upload("calls.csv", seattle_fire_911_csv())

    assert response.status_code == 302
    table = Table.objects.get()
    assert table.status == Table.Status.FAILED
    assert table.error_message == LIST_FAILURE_MESSAGE
    assert "listing the tables" in caplog.text


@pytest.mark.django_db
def test_upload_is_kept_and_waits_for_a_worker_when_the_broker_is_down(
    data_admin_client, upload, monkeypatch
):
    from kombu.exceptions import OperationalError as BrokerDown

    from foiatrack.received.tasks import audit_table_task

    def broker_down(*args, **kwargs):
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(audit_table_task, "delay", broker_down)

    response = upload("seattle-911.csv", seattle_fire_911_csv())

    assert response.status_code == 302
    table = Table.objects.get()
    assert table.status == Table.Status.QUEUED
    page = data_admin_client.get(response["Location"]).content.decode()
    assert "Waiting for a worker" in page


@pytest.mark.django_db
def test_stage_defaults_to_the_only_stage_of_the_agency(data_admin_client, upload, chicago, stages):
    chicago.oemc.stages.set([stages["call"]])
    chicago.police.stages.set([stages["report"], stages["arrest"]])

    upload("calls.csv", seattle_fire_911_csv(), agency=chicago.oemc.id)
    upload("crimes.csv", seattle_fire_911_csv(12), agency=chicago.police.id)

    assert ReceivedFile.objects.get(original_name="calls.csv").stage.code == "call"
    assert ReceivedFile.objects.get(original_name="crimes.csv").stage is None
