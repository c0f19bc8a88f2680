"""Workbooks are opened in the worker, never in the upload request: the upload stores the
file and one "listing" table; its job lists the sheets (the row becomes the first sheet,
the others new rows) and each is audited. ZIP members are streamed to a temporary file.
Every phase of a job heartbeats, so a long silent phase is never swept away.

The workbooks are SYNTHETIC, each sheet shaped like Seattle Fire's "Real Time 911" export
(tests/received/conftest.py seattle_fire_911_csv)."""

import csv
import io
import os
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foiatrack.audit import archives
from foiatrack.core import jobs
from foiatrack.received.auditing import LISTING_KEY, tables_sweep
from foiatrack.received.models import Table
from tests.received.conftest import seattle_fire_911_csv, zip_of

SHEETS = {"2021-03": 30, "2021-04": 45}


def _workbook(hidden: str | None = "lookup") -> bytes:
    book = openpyxl.Workbook(write_only=True)
    for title, rows in SHEETS.items():
        sheet = book.create_sheet(title)
        for row in csv.reader(io.StringIO(seattle_fire_911_csv(rows).decode())):
            sheet.append(row)
    if hidden:
        sheet = book.create_sheet(hidden)
        sheet.sheet_state = "hidden"
        sheet.append(["code", "meaning"])
        sheet.append(["AR", "Aid Response"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def broker_down(monkeypatch):
    """enqueue refuses every job, as it does while Redis is down; undo() brings it back."""
    monkeypatch.setattr(jobs, "enqueue", lambda *args, **kwargs: False)
    return monkeypatch


def _post(client, name: str, content: bytes):
    return client.post(reverse("received:upload"), {"file": SimpleUploadedFile(name, content)})


def _broker_back(monkeypatch, settings) -> None:
    monkeypatch.undo()
    settings.FOIATRACK_OUTBOX_RESEND_SECONDS = 0
    for _ in range(3):  # each listing queues its sheets' audits through the outbox
        jobs.outbox_sweep()


@pytest.mark.django_db(transaction=True)
def test_the_upload_only_stores_a_workbook_and_the_worker_lists_and_audits_its_sheets(
    data_admin_client, broker_down, settings
):
    def never_in_the_request(*args, **kwargs):
        raise AssertionError("a workbook was opened in the upload request")

    broker_down.setattr("foiatrack.audit.tables._sheets", never_in_the_request)
    response = _post(data_admin_client, "calls.xlsx", _workbook())

    assert response.status_code == 302
    listing = Table.objects.get()
    assert listing.source[LISTING_KEY] is True and listing.status == Table.Status.QUEUED

    _broker_back(broker_down, settings)

    tables = {t.source["sheet"]: t for t in Table.objects.all()}
    assert set(tables) == set(SHEETS)  # the hidden sheet is not audited
    for sheet, rows in SHEETS.items():
        assert tables[sheet].status == Table.Status.DONE, tables[sheet].error_message
        assert tables[sheet].rows == rows
        assert LISTING_KEY not in tables[sheet].source
    assert {t.received_file_id for t in tables.values()} == {listing.received_file_id}


@pytest.mark.django_db(transaction=True)
def test_a_zip_member_workbook_is_listed_in_the_worker(data_admin_client, broker_down, settings):
    content = zip_of({"calls.csv": seattle_fire_911_csv(20), "book.xlsx": _workbook(None)})
    _post(data_admin_client, "export.zip", content)
    assert sorted(bool(t.source.get(LISTING_KEY)) for t in Table.objects.all()) == [False, True]

    _broker_back(broker_down, settings)

    rows = {(t.source.get("member"), t.source.get("sheet")): t for t in Table.objects.all()}
    assert set(rows) == {("calls.csv", None), ("book.xlsx", "2021-03"), ("book.xlsx", "2021-04")}
    assert all(t.status == Table.Status.DONE for t in rows.values())
    assert rows[("book.xlsx", "2021-04")].rows == SHEETS["2021-04"]
    assert rows[("calls.csv", None)].rows == 20


@pytest.mark.django_db(transaction=True)
def test_an_unreadable_workbook_fails_its_listing_with_a_sentence(data_admin_client):
    damaged = _workbook()[:4000]  # cut short: a ZIP signature, no central directory
    _post(data_admin_client, "calls.xlsx", damaged)
    table = Table.objects.get()
    assert table.status == Table.Status.FAILED
    assert table.error_message


def test_a_zip_member_is_copied_out_in_chunks_never_whole(tmp_path):
    size = 16 * 1024**2
    path = tmp_path / "big.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("big.bin", os.urandom(size))  # synthetic, incompressible
    tracemalloc.start()
    try:
        with archives.member_tempfile(str(path), "big.bin", "big.zip › big.bin") as copy:
            assert os.path.getsize(copy) == size
            _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024**2, peak
    assert not os.path.exists(copy)  # removed after use


def _sweeping_after(seconds: float, reports: list, original):
    """Wrap a phase so it is silent for longer than the stale limit, then the sweeper runs
    while it is still in that phase."""

    def slow(*args, **kwargs):
        time.sleep(seconds)
        reports.append(tables_sweep())
        return original(*args, **kwargs)

    return slow


@pytest.mark.django_db(transaction=True)
def test_a_long_silent_findings_phase_is_not_swept(data_admin_client, monkeypatch, settings):
    from foiatrack.audit import api

    settings.FOIATRACK_TABLE_STALE_SECONDS = 1
    reports: list = []
    monkeypatch.setattr(api, "_findings", _sweeping_after(2.5, reports, api._findings))

    _post(data_admin_client, "seattle-911.csv", seattle_fire_911_csv())

    table = Table.objects.get()
    assert reports and reports[0]["requeued"] == 0, reports
    assert table.status == Table.Status.DONE, table.error_message
    assert table.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_long_silent_sheet_listing_is_not_swept(data_admin_client, monkeypatch, settings):
    from foiatrack.audit import tables

    settings.FOIATRACK_TABLE_STALE_SECONDS = 1
    reports: list = []
    monkeypatch.setattr(tables, "sheet_kind", _sweeping_after(1.5, reports, tables.sheet_kind))

    _post(data_admin_client, "calls.xlsx", _workbook(None))

    assert reports and all(report["requeued"] == 0 for report in reports), reports
    assert sorted(t.status for t in Table.objects.all()) == [Table.Status.DONE] * 2
