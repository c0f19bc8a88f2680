"""A full disk: a sentence and a 507 instead of a bare 500, and no partial file left.

The disk can fill while Django spools an upload to its temporary file (before any view
runs) or while the upload is stored; both raise OSError(ENOSPC).
"""

import errno

from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http import JsonResponse
from django.shortcuts import render

from foiatrack.core.errors import error_body

DISK_FULL_MESSAGE = (
    "The server's disk is full, so the file could not be saved; nothing was kept. "
    "Try again later, and tell the administrators so they can free space."
)
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)


def is_disk_full(error: BaseException) -> bool:
    """True for the OSError a write raises when the disk (or the quota) is full."""
    return isinstance(error, OSError) and error.errno in DISK_FULL_ERRNOS


class DiskFullSafeTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    """Django's temporary-file upload handler, removing its partial file when the disk
    fills, rather than leaving it until the request is garbage-collected."""

    def receive_data_chunk(self, raw_data, start):
        try:
            return super().receive_data_chunk(raw_data, start)
        except OSError as error:
            self._discard_if_disk_full(error)
            raise

    def file_complete(self, file_size):
        try:
            return super().file_complete(file_size)
        except OSError as error:  # the last buffered bytes are written here
            self._discard_if_disk_full(error)
            raise

    def _discard_if_disk_full(self, error: OSError) -> None:
        if is_disk_full(error):
            self.file.close()  # a NamedTemporaryFile: closing removes it


def disk_full_response(request):
    """507 in the API's error shape under /api/, else a page with the sentence."""
    if request.path.startswith("/api/"):
        body = error_body(507, "insufficient_storage", DISK_FULL_MESSAGE)
        return JsonResponse(body, status=507)
    return render(request, "core/disk_full.html", {"message": DISK_FULL_MESSAGE}, status=507)


class DiskFullMiddleware:
    """Answers a view's disk-full error with disk_full_response (any page or endpoint)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_disk_full(exception):
            return disk_full_response(request)
        return None
