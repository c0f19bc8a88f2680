"""Storing an upload: refuse it early when too large (the handler, before Django writes it
to disk), write and hash it once, split it into tables and queue an audit of each."""

import hashlib
import logging
import os
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import IntegrityError, transaction
from django.utils import timezone

from foiatrack import audit
from foiatrack.audit.errors import UnreadableFileError
from foiatrack.audit.results import TableSource
from foiatrack.core.jobs import TRANSIENT_ERRORS
from foiatrack.received.auditing import enqueue_audit_on_commit, unparseable_flag
from foiatrack.received.keeping import (
    received_file_take_duplicate,
    stored_bytes_discard_unless_kept,
)
from foiatrack.received.models import (
    GapFlag,
    ReceivedFile,
    Table,
    received_file_storage_name,
)

logger = logging.getLogger(__name__)


LIST_FAILURE_MESSAGE = (
    "The file was kept, but an internal error stopped us finding the tables in it. It has "
    "been logged; tell the developers which file it was, or send it as plain CSV."
)


class UploadTooLargeError(Exception):
    """The upload is bigger than FOIATRACK_MAX_UPLOAD_BYTES. str() is for a person."""


def max_upload_bytes() -> int:
    return settings.FOIATRACK_MAX_UPLOAD_BYTES


def too_large_message(size: int | None = None) -> str:
    """The sentence shown when a file is over the upload limit."""
    limit = _human_size(max_upload_bytes())
    if size is None:
        return (
            f"The file is larger than the upload limit of {limit}. Split it and upload the parts."
        )
    return (
        f"The file is {_human_size(size)}, larger than the upload limit of {limit}. "
        "Split it and upload the parts."
    )


def _human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{value:.0f} {unit}" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


# --- Storing an upload --------------------------------------------------------------


def _store_chunks(chunks: Iterable[bytes], name: str) -> tuple[str, int, str]:
    """Write chunks to storage under `name`, hashing them in the same pass.

    Returns (stored name, size, sha256). Refuses, and removes what was written, as soon
    as the size passes the limit, so an oversized stream never fills the disk.
    """
    path = Path(default_storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    limit = max_upload_bytes()
    # O_EXCL: a random name that already exists is a bug, never something to overwrite.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
    try:
        with os.fdopen(descriptor, "wb") as output:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise UploadTooLargeError(too_large_message())
                digest.update(chunk)
                output.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return name, size, digest.hexdigest()


def _detected_format(sources: list[TableSource]) -> str:
    if any(source.member for source in sources):
        return "zip"
    return sources[0].format if sources else ""


def received_file_create(
    *,
    chunks: Iterable[bytes],
    original_name: str,
    uploaded_by=None,
    agency=None,
    request=None,
    stage=None,
    notes: str = "",
) -> tuple[ReceivedFile, bool]:
    """Store an uploaded file and queue an audit of each table in it.

    Returns (received file, created). The same bytes uploaded again return the file
    already stored, with created=False, and nothing is queued. A file that cannot be
    read as tables is still kept (it is what the agency sent) with one failed table
    carrying the reader's message and an UNPARSEABLE flag. Raises UploadTooLargeError.
    """
    # Not one transaction: the bytes are written (and hashed) first, outside it, and
    # removed again whenever no row ends up pointing at them.
    original_name = Path(original_name).name[:255] or "unnamed"
    agency = agency or (request.agency if request is not None else None)
    name, size, sha256 = _store_chunks(chunks, received_file_storage_name(original_name))
    existing = ReceivedFile.objects.filter(sha256=sha256).first()
    if existing is not None:
        return received_file_take_duplicate(existing=existing, stored_name=name), False
    sources, unreadable = _list_tables(name, original_name)
    try:
        with transaction.atomic():
            received = ReceivedFile.objects.create(
                original_name=original_name,
                stored_file=name,
                size_bytes=size,
                sha256=sha256,
                detected_format=_detected_format(sources),
                uploaded_by=uploaded_by,
                agency=agency,
                request=request,
                stage=stage or _only_stage(request, agency),
                notes=notes,
            )
            if unreadable is None:
                _tables_create(received, sources)
            else:
                _unreadable_table_create(received, unreadable)
    except IntegrityError:
        # The same file uploaded at the same moment by someone else: theirs won.
        default_storage.delete(name)
        return ReceivedFile.objects.get(sha256=sha256), False
    except BaseException:
        stored_bytes_discard_unless_kept(name=name)  # it may have committed already
        raise
    return received, True


def received_file_from_form(*, cleaned: dict, uploaded_by) -> tuple[ReceivedFile, bool]:
    """received_file_create() from the upload form's cleaned data: the page and the API
    accept the same form, so they store an upload the same way."""
    upload = cleaned["file"]
    return received_file_create(
        chunks=upload.chunks(),
        original_name=upload.name,
        uploaded_by=uploaded_by,
        agency=cleaned["agency"],
        request=cleaned["request"],
        stage=cleaned["stage"],
        notes=cleaned["notes"],
    )


def _only_stage(request, agency):
    """The pipeline stage implied by the request, else the agency, when it has just one."""
    for holder in (request, agency):
        if holder is not None:
            stages = list(holder.stages.all()[:2])
            if len(stages) == 1:
                return stages[0]
    return None


def _list_tables(name: str, original_name: str) -> tuple[list[TableSource], str | None]:
    """The file's tables, or none and the sentence saying why it cannot be read."""
    try:
        return audit.list_tables(default_storage.path(name), original_name), None
    except UnreadableFileError as error:
        return [], str(error)
    except TRANSIENT_ERRORS:
        raise
    except Exception:
        logger.exception("listing the tables of %s failed", original_name)
        return [], LIST_FAILURE_MESSAGE


def _tables_create(received: ReceivedFile, sources: list[TableSource]) -> None:
    for position, source in enumerate(sources):
        table = Table.objects.create(
            received_file=received,
            position=position,
            name=source.name[:500],
            source=source.to_dict(),
        )
        enqueue_audit_on_commit(table.id)


def _unreadable_table_create(received: ReceivedFile, message: str) -> None:
    table = Table.objects.create(
        received_file=received,
        name=received.original_name,
        source={"name": received.original_name, "format": ""},
        status=Table.Status.FAILED,
        error_message=message,
        audited_at=timezone.now(),
    )
    GapFlag.objects.create(table=table, **unparseable_flag(message))


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
