"""20 uploads at once, some of the same bytes, with 2 workers: each distinct file is
stored and audited once, duplicates are recognised by hash, no error, no deadlock."""

import hashlib
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from foiatrack.received.models import ColumnProfile, GapFlag, ReceivedFile, Table
from tests.received.conftest import seattle_fire_911_csv
from tests.reliability.conftest import until, workers

pytestmark = pytest.mark.services

DISTINCT_FILES = 14
UPLOADS = 20


def _post(user, name: str, content: bytes) -> tuple[int, str]:
    try:
        client = Client()
        client.force_login(user)
        response = client.post(
            reverse("received:upload"), {"file": SimpleUploadedFile(name, content)}
        )
        return response.status_code, response.get("Location", "")
    finally:
        connection.close()  # each thread had its own connection to the test database


def test_twenty_simultaneous_uploads_are_each_audited_once(services, monkeypatch, data_admin):
    # Synthetic Seattle-Fire-shaped 911 files; each distinct file has its own rows.
    contents = [seattle_fire_911_csv(300 + index) for index in range(DISTINCT_FILES)]
    # The same bytes twice, some of them at the very same moment.
    uploads = [(f"calls-{i}.csv", content) for i, content in enumerate(contents)]
    uploads += [(f"again-{i}.csv", contents[i]) for i in range(UPLOADS - DISTINCT_FILES)]

    with workers(services, monkeypatch, count=2) as (started, _app):
        with ThreadPoolExecutor(max_workers=UPLOADS) as pool:
            results = list(pool.map(lambda item: _post(data_admin, *item), uploads))

        assert [status for status, _ in results] == [302] * UPLOADS
        until(
            lambda: Table.objects.count() == DISTINCT_FILES
            and not Table.objects.exclude(status=Table.Status.DONE).exists(),
            60,
            started,
            interval=0.2,
        )

    assert ReceivedFile.objects.count() == DISTINCT_FILES
    by_sha = {received.sha256: received.id for received in ReceivedFile.objects.all()}
    # Every duplicate was sent to the file already stored for its bytes.
    for (_name, content), (_status, location) in zip(uploads, results, strict=True):
        file_id = by_sha[hashlib.sha256(content).hexdigest()]
        assert location == reverse("received:file_detail", args=[file_id])
    assert set(Table.objects.values_list("attempts", flat=True)) == {1}
    assert ColumnProfile.objects.count() == DISTINCT_FILES * 7
    assert GapFlag.objects.values("table", "position").distinct().count() == GapFlag.objects.count()
