"""Attachments of received mail: stored with their SHA-256 under a size limit; data files
(CSV, TSV, Excel, ZIP) handed to the received app's upload service, so they are hashed,
checked by content and audited by the workers exactly like an upload."""

import hashlib
import logging
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from foiatrack.mail.models import MailAttachment, MailMessage, attachment_upload_to
from foiatrack.mail.parsing import Attachment
from foiatrack.received.services import UploadTooLargeError, received_file_create

logger = logging.getLogger(__name__)

DATA_SUFFIXES = {".csv", ".tsv", ".tab", ".xlsx", ".xls", ".zip"}
DATA_CONTENT_TYPES = {
    "text/csv",
    "text/tab-separated-values",
    "application/csv",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/zip",
    "application/x-zip-compressed",
}
CHUNK_BYTES = 1024 * 1024


def max_attachment_bytes() -> int:
    return settings.FOIA_MAIL_MAX_ATTACHMENT_BYTES


def _human(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def is_data_attachment(filename: str, content_type: str) -> bool:
    """A table for the audit (by name or declared type); the received app then checks the
    content itself, and keeps a file that is not really a table with the reason."""
    suffix = PurePath(filename.lower()).suffix
    return suffix in DATA_SUFFIXES or content_type.lower() in DATA_CONTENT_TYPES


def attachments_store(*, message: MailMessage, attachments: list[Attachment]) -> None:
    """Keep every attachment (or record why not) on the message."""
    for attachment in attachments:
        size = len(attachment.payload)
        row = MailAttachment(
            message=message,
            filename=attachment.filename or "unnamed",
            content_type=attachment.content_type[:150],
            size_bytes=size,
            is_data=is_data_attachment(attachment.filename, attachment.content_type),
            sha256=hashlib.sha256(attachment.payload).hexdigest(),
        )
        if size > max_attachment_bytes():
            row.refused = True
            row.note = (
                f"Refused: {_human(size)} is over the mail attachment limit of "
                f"{_human(max_attachment_bytes())}. The whole message (with it) is kept as "
                "the raw .eml; ask the agency for a download link or another format."
            )
        else:
            row.stored_file = default_storage.save(
                attachment_upload_to(row, attachment.filename), ContentFile(attachment.payload)
            )
        row.save()


def _chunks(attachment: MailAttachment):
    with default_storage.open(attachment.stored_file.name, "rb") as stream:
        while chunk := stream.read(CHUNK_BYTES):
            yield chunk


def data_attachments_file(*, message: MailMessage, user=None) -> list[int]:
    """Turn the message's stored data attachments into received files on its request
    (queued for audit); returns their ids. Attachments already filed are left as they are."""
    ids = []
    pending = message.attachments.filter(is_data=True, refused=False, received_file=None)
    for attachment in pending:
        notes = f"From the agency's e-mail “{message.subject}” ({message.message_id})."
        try:
            received, _created = received_file_create(
                chunks=_chunks(attachment),
                original_name=attachment.filename,
                uploaded_by=user,
                request=message.request,
                notes=notes[:1000],
            )
        except UploadTooLargeError as error:
            MailAttachment.objects.filter(id=attachment.id).update(refused=True, note=str(error))
            continue
        MailAttachment.objects.filter(id=attachment.id).update(received_file=received)
        ids.append(received.id)
    return ids
