"""A full disk answers 507 with a sentence, on the page and in the API, and leaves no
partial file behind: neither in the upload store nor in Django's temporary upload file.

The disk filling up is simulated: a write raises OSError(ENOSPC) part-way, as the kernel
does. The file is synthetic, shaped like Seattle Fire's "Real Time 911" export.
"""

import errno
import html
import os
from pathlib import Path

import pytest
from django.core.files import temp as django_temp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from foiatrack.received import uploads
from foiatrack.received.models import ReceivedFile
from tests.received.conftest import seattle_fire_911_csv

SENTENCE = "The server's disk is full"


class _DiskFillsUp:
    """A real file whose writes fail with ENOSPC once `room` bytes are written."""

    def __init__(self, file, room: int):
        self._file, self._room = file, room

    def write(self, data):
        self._room -= len(data)
        if self._room < 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return self._file.write(data)

    def __getattr__(self, name):
        return getattr(self._file, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._file.close()


@pytest.fixture
def store_fills_up(monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(
        uploads.os, "fdopen", lambda fd, *a, **k: _DiskFillsUp(real_fdopen(fd, *a, **k), 1000)
    )


@pytest.fixture
def temp_dir_fills_up(monkeypatch, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # so this small upload goes to a temp file
    real = django_temp.NamedTemporaryFile
    monkeypatch.setattr(
        django_temp, "NamedTemporaryFile", lambda *a, **k: _DiskFillsUp(real(*a, **k), 2000)
    )
    return Path(settings.FILE_UPLOAD_TEMP_DIR)


def _files_under(folder) -> list[Path]:
    return [path for path in Path(folder).rglob("*") if path.is_file()]


def _page_upload(data_admin):
    client = Client(raise_request_exception=False)
    client.force_login(data_admin)
    upload = SimpleUploadedFile("calls.csv", seattle_fire_911_csv(rows=200))
    return client.post(reverse("received:upload"), {"file": upload})


def _api_upload(data_admin):
    client = APIClient(raise_request_exception=False)
    client.force_login(data_admin)
    upload = SimpleUploadedFile("calls.csv", seattle_fire_911_csv(rows=200))
    return client.post("/api/v1/files/", {"file": upload}, format="multipart")


def _assert_api_507(response) -> None:
    assert response.status_code == 507, response.content[:300]
    error = response.json()["error"]
    assert error["status"] == 507
    assert error["code"] == "insufficient_storage"
    assert SENTENCE in error["message"]


def test_the_upload_page_says_the_disk_is_full(data_admin, store_fills_up, settings):
    response = _page_upload(data_admin)

    assert response.status_code == 507
    assert SENTENCE in html.unescape(response.content.decode())
    assert 'type="file"' in response.content.decode()  # the form, to try again later
    assert _files_under(settings.MEDIA_ROOT) == []
    assert not ReceivedFile.objects.exists()


def test_the_api_answers_507_when_the_disk_is_full(data_admin, store_fills_up, settings):
    response = _api_upload(data_admin)

    _assert_api_507(response)
    assert _files_under(settings.MEDIA_ROOT) == []
    assert not ReceivedFile.objects.exists()


def test_the_page_says_so_when_djangos_temporary_file_fills_the_disk(data_admin, temp_dir_fills_up):
    response = _page_upload(data_admin)

    assert response.status_code == 507
    assert SENTENCE in html.unescape(response.content.decode())
    assert _files_under(temp_dir_fills_up) == []  # while the request is still referenced
    assert not ReceivedFile.objects.exists()


def test_the_api_says_so_when_djangos_temporary_file_fills_the_disk(data_admin, temp_dir_fills_up):
    response = _api_upload(data_admin)

    _assert_api_507(response)
    assert _files_under(temp_dir_fills_up) == []
    assert not ReceivedFile.objects.exists()


@pytest.mark.parametrize(("path", "kind"), [("/requests/", "text/html"), ("/api/v1/x/", "json")])
def test_any_other_page_that_fills_the_disk_answers_507_with_the_sentence(rf, db, path, kind):
    from foiatrack.core.disk_full import DiskFullMiddleware

    request = rf.post(path)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    response = DiskFullMiddleware(lambda request: None).process_exception(request, full)

    assert response.status_code == 507
    assert kind in response["Content-Type"]
    assert SENTENCE in html.unescape(response.content.decode())
    assert DiskFullMiddleware(lambda r: None).process_exception(request, OSError(5, "EIO")) is None
