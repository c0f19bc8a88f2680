"""Nothing accepted is ever lost on the upload path.

The fault-injection run found: with Redis down each enqueue blocked ~19 s (the result
backend's subscription retried 20 x 1 s), the web worker timed out, the `except
BaseException` around the upload then deleted the bytes of a row that had already
committed, and re-uploading the same bytes answered "already uploaded" for ever.
Files are synthetic, shaped like Seattle Fire's "Real Time 911" export.
"""

import time
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foiatrack.core import jobs
from foiatrack.received import uploads
from foiatrack.received.models import ReceivedFile, Table
from foiatrack.received.services import GENERIC_FAILURE_MESSAGE, received_file_create
from tests.received.conftest import seattle_fire_911_csv, zip_of
from tests.reliability.conftest import celery_routed_to

# Nothing listens here: connections are refused at once, as when Redis is down.
CLOSED_BROKER = "redis://127.0.0.1:1/0"


def _three_tables() -> bytes:
    return zip_of({f"calls-{day}.csv": seattle_fire_911_csv(start_day=day) for day in (1, 2, 3)})


def _stored(received: ReceivedFile) -> bool:
    return Path(default_storage.path(received.stored_file.name)).is_file()


def test_an_upload_answers_promptly_and_keeps_everything_while_redis_is_down(
    transactional_db, client, data_admin
):
    client.force_login(data_admin)
    with celery_routed_to(CLOSED_BROKER, "closed-broker-test"):
        started = time.monotonic()
        response = client.post(
            reverse("received:upload"), {"file": SimpleUploadedFile("calls.zip", _three_tables())}
        )
        elapsed = time.monotonic() - started

    assert response.status_code == 302
    print(f"upload answered in {elapsed:.2f} s")
    assert elapsed < 8, f"the upload held the web worker {elapsed:.1f} s"
    received = ReceivedFile.objects.get()
    assert _stored(received)
    statuses = list(received.tables.values_list("status", flat=True))
    assert statuses == [Table.Status.QUEUED] * 3  # the sweeper sends them again later


def test_bytes_of_a_committed_upload_survive_a_worker_killed_while_enqueueing(
    transactional_db, monkeypatch
):
    def killed_by_the_web_server_timeout(*args, **kwargs):
        raise SystemExit(1)  # what gunicorn's timeout raises in the worker

    monkeypatch.setattr(jobs, "enqueue", killed_by_the_web_server_timeout)

    with pytest.raises(SystemExit):
        received_file_create(chunks=[seattle_fire_911_csv()], original_name="calls.csv")

    received = ReceivedFile.objects.get()
    assert _stored(received)
    assert received.tables.get().status == Table.Status.QUEUED


def test_bytes_are_removed_when_the_row_never_committed(transactional_db, monkeypatch, settings):
    def database_refused(*args, **kwargs):
        raise RuntimeError("synthetic failure inside the transaction")

    monkeypatch.setattr(uploads, "_tables_create", database_refused)

    with pytest.raises(RuntimeError):
        received_file_create(chunks=[seattle_fire_911_csv()], original_name="calls.csv")

    assert not ReceivedFile.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def _broken_by_the_old_bug() -> ReceivedFile:
    """A committed upload whose bytes were deleted and whose audits then failed."""
    received, _ = received_file_create(chunks=[seattle_fire_911_csv()], original_name="calls.csv")
    default_storage.delete(received.stored_file.name)
    received.tables.update(
        status=Table.Status.FAILED, error_message=GENERIC_FAILURE_MESSAGE, attempts=3
    )
    return received


def test_uploading_the_same_bytes_again_repairs_a_broken_upload(transactional_db):
    broken = _broken_by_the_old_bug()

    again, created = received_file_create(
        chunks=[seattle_fire_911_csv()], original_name="calls-again.csv"
    )

    assert again.id == broken.id and not created
    again.refresh_from_db()
    assert _stored(again)
    assert Path(default_storage.path(again.stored_file.name)).read_bytes() == seattle_fire_911_csv()
    table = again.tables.get()
    assert table.status == Table.Status.DONE  # audited again (tasks run in-process here)
    assert table.error_message == ""


def test_uploading_the_same_bytes_again_leaves_a_healthy_upload_alone(transactional_db, settings):
    first, _ = received_file_create(chunks=[seattle_fire_911_csv()], original_name="calls.csv")
    audited_at = first.tables.get().audited_at

    again, created = received_file_create(chunks=[seattle_fire_911_csv()], original_name="x.csv")

    assert again.id == first.id and not created
    assert again.tables.get().audited_at == audited_at
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert stored == [Path(default_storage.path(first.stored_file.name))]


def test_the_upload_page_says_a_broken_upload_was_repaired(transactional_db, client, data_admin):
    _broken_by_the_old_bug()
    client.force_login(data_admin)

    response = client.post(
        reverse("received:upload"),
        {"file": SimpleUploadedFile("again.csv", seattle_fire_911_csv())},
        follow=True,
    )

    assert "restored from this upload and queued for audit again" in response.content.decode()
