"""Refusing oversized uploads before Django writes them to disk."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

# Multipart framing and the small form fields around the file.
FORM_OVERHEAD_BYTES = 64 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    """Stops reading an upload as soon as it passes the limit and marks the request,
    so the view can say why; placed before Django's own handlers."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.upload_too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def content_length(request) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def declared_too_large(request, limit: int) -> bool:
    """True when the request says up front that it is bigger than any allowed upload."""
    length = content_length(request)
    return length is not None and length > limit + FORM_OVERHEAD_BYTES
