"""Writes for received mail: the one service IMAP polls, provider webhooks and dropped .eml
files all call, and staff assigning a message from the triage queue.

Every message is kept whole (raw .eml, SHA-256) before anything else happens to it, so
each bad message ends in a recorded state with nothing lost.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from foiatrack.foia import services as foia_services
from foiatrack.foia.models import Communication, FoiaRequest
from foiatrack.mail.attachments import attachments_store, data_attachments_file
from foiatrack.mail.matching import match_message
from foiatrack.mail.models import MailMessage, raw_upload_to
from foiatrack.mail.parsing import ParsedMessage, UnreadableMessageError, parse_message
from foiatrack.mail.suggest import suggest_status
from foiatrack.mail.trimming import trim_reply

logger = logging.getLogger(__name__)


@dataclass
class ReceiveResult:
    """What happened to one message; `created` is False for a Message-ID seen before."""

    message: MailMessage
    created: bool
    received_files: list[int] = field(default_factory=list)

    def as_json(self) -> dict:
        """The `ingest_email --json` contract."""
        return {
            "request_id": self.message.request_id,
            "communication_id": self.message.communication_id,
            "matched_by": self.message.matched_by,
            "received_files": self.received_files,
            "suggested_status": self.message.suggested_status,
        }


def message_receive(
    *,
    raw: bytes,
    source: str,
    request: FoiaRequest | None = None,
    user=None,
    envelope_recipients: tuple[str, ...] = (),
) -> ReceiveResult:
    """Take one raw message in: keep it, match it (or use `request`, chosen by staff),
    file it on the request with its attachments, and suggest the next status.

    The same Message-ID a second time changes nothing and returns the first result.
    """
    try:
        parsed = parse_message(raw)
    except UnreadableMessageError as error:
        return _unreadable_store(raw, source, str(error))
    existing = MailMessage.objects.filter(message_id=parsed.message_id).first()
    if existing is not None:
        return _result_of(existing, created=False)
    # A provider's envelope recipient counts too: the reply address may be only a Bcc.
    parsed.recipients += [a.lower() for a in envelope_recipients if a and "@" in a]
    match = match_message(parsed)
    if request is not None:
        match.request, match.matched_by = request, MailMessage.MatchedBy.STAFF
    message = _message_create(parsed, source, match, user)
    if message is None:  # the same message, taken by a parallel poll or webhook retry
        return _result_of(MailMessage.objects.get(message_id=parsed.message_id), created=False)
    attachments_store(message=message, attachments=parsed.attachments)
    received = []
    if message.request_id is not None:
        received = _file_on_request(message, user, audit=message.verified)
    _suggestion_save(message)
    return ReceiveResult(message, True, received)


def _result_of(message: MailMessage, *, created: bool) -> ReceiveResult:
    files = message.attachments.exclude(received_file=None).values_list("received_file_id")
    return ReceiveResult(message, created, sorted({row[0] for row in files}))


def _raw_store(raw: bytes) -> str:
    return default_storage.save(raw_upload_to(None, "message.eml"), ContentFile(raw))


def _unreadable_store(raw: bytes, source: str, reason: str) -> ReceiveResult:
    """Bytes that are no message still are what arrived: kept, in triage, with the reason."""
    sha256 = hashlib.sha256(raw).hexdigest()
    message_id = f"<sha256.{sha256}@foiatrack>"
    existing = MailMessage.objects.filter(message_id=message_id).first()
    if existing is not None:
        return _result_of(existing, created=False)
    name = _raw_store(raw)
    try:
        message = MailMessage.objects.create(
            message_id=message_id,
            source=source,
            kind=MailMessage.Kind.UNREADABLE,
            matched_by=MailMessage.MatchedBy.TRIAGE,
            notes=reason,
            raw=name,
            raw_sha256=sha256,
            raw_size_bytes=len(raw),
        )
    except IntegrityError:
        default_storage.delete(name)
        return _result_of(MailMessage.objects.get(message_id=message_id), created=False)
    return ReceiveResult(message, True, [])


def _is_agency_sender(address: str, request: FoiaRequest | None) -> bool:
    """From the agency's FOIA address, or another address at its domain."""
    agency_address = (request.agency.email if request else "").strip().lower()
    if not agency_address or not address:
        return False
    return (
        address == agency_address
        or address.rpartition("@")[2] == (agency_address.rpartition("@")[2])
    )


def _notes(parsed: ParsedMessage, match, verified: bool) -> list[str]:
    notes = list(match.notes) + parsed.defects
    if not parsed.text.strip() and not parsed.html.strip():
        notes.append("The message has no text (no body).")
    if match.request is not None and not verified:
        expected = match.request.agency.email or "none on file"
        notes.append(
            f"Unverified sender: {parsed.from_address or 'no From address'} is not the "
            f"agency's address ({expected}). Its data files are not audited until staff "
            "accept them."
        )
    if parsed.kind == MailMessage.Kind.BOUNCE:
        notes.append("A bounce: the letter was not delivered. Check the agency's address.")
    if parsed.kind == MailMessage.Kind.AUTO_REPLY:
        notes.append("An automatic reply, not the agency's answer.")
    return notes


def _message_create(parsed: ParsedMessage, source: str, match, user) -> MailMessage | None:
    verified = _is_agency_sender(parsed.from_address, match.request)
    name = _raw_store(parsed.raw)
    try:
        with transaction.atomic():
            message = MailMessage.objects.create(
                message_id=parsed.message_id,
                request=match.request,
                source=source,
                kind=parsed.kind,
                matched_by=match.matched_by,
                verified=verified,
                from_address=parsed.from_address[:320],
                to_addresses=", ".join(parsed.recipients),
                subject=parsed.subject,
                sent_at=parsed.sent_at,
                in_reply_to=parsed.in_reply_to,
                references=" ".join(parsed.references),
                text_body=parsed.text,
                reply_text=trim_reply(parsed.text),
                html_body=parsed.html,
                notes="\n".join(_notes(parsed, match, verified)),
                raw=name,
                raw_sha256=parsed.sha256,
                raw_size_bytes=len(parsed.raw),
                assigned_by=user if match.matched_by == MailMessage.MatchedBy.STAFF else None,
            )
            if match.request is not None:
                _communication_create(message, user)
    except IntegrityError:
        default_storage.delete(name)
        return None
    except BaseException:
        default_storage.delete(name)
        raise
    return message


def _message_date(message: MailMessage):
    # A Date header in the future (a wrong clock) is not believed: today instead.
    today = timezone.localdate()
    if message.sent_at is None:
        return today
    return min(timezone.localtime(message.sent_at).date(), today)


def _communication_create(message: MailMessage, user) -> Communication:
    communication = foia_services.communication_log(
        request=message.request,
        user=user,
        direction=Communication.Direction.INCOMING,
        date=_message_date(message),
        channel=Communication.Channel.EMAIL,
        subject=message.subject or "(no subject)",
        body=message.reply_text or "(no text in the message)",
    )
    Communication.objects.filter(id=communication.id).update(
        message_id=message.message_id, in_reply_to=message.in_reply_to, verified=message.verified
    )
    MailMessage.objects.filter(id=message.id).update(communication=communication)
    message.communication = communication
    return communication


def _file_on_request(message: MailMessage, user, *, audit: bool) -> list[int]:
    if not audit:
        return []
    return data_attachments_file(message=message, user=user)


def _suggestion_save(message: MailMessage) -> None:
    data_files = message.attachments.filter(is_data=True, refused=False).count()
    suggestion = suggest_status(
        message.reply_text or message.text_body, data_attachments=data_files, kind=message.kind
    )
    message.suggestion = suggestion
    MailMessage.objects.filter(id=message.id).update(suggestion=suggestion)


@transaction.atomic
def _claim_assignment(message: MailMessage, request: FoiaRequest, user) -> MailMessage:
    locked = MailMessage.objects.select_for_update().get(id=message.id)
    if locked.request_id not in (None, request.id):
        raise AssignmentError(
            f"This message is already filed on request {locked.request_id}; it stays there."
        )
    if locked.kind == MailMessage.Kind.UNREADABLE:
        raise AssignmentError("An unreadable message cannot be filed on a request.")
    if locked.request_id is None:
        locked.request = request
        locked.matched_by = MailMessage.MatchedBy.STAFF
        locked.assigned_by = user
        locked.save(update_fields=["request", "matched_by", "assigned_by"])
        _communication_create(locked, user)
    return locked


class AssignmentError(Exception):
    """The message cannot be filed there. str() is for a person."""


def message_assign(*, message: MailMessage, request: FoiaRequest, user) -> ReceiveResult:
    """File a triage message on `request`, or accept an unverified message's data files
    on its own request: its data attachments become received files and are audited."""
    message = _claim_assignment(message, request, user)
    received = data_attachments_file(message=message, user=user)
    _suggestion_save(message)
    result = _result_of(message, created=False)
    result.received_files = sorted(set(result.received_files) | set(received))
    return result
