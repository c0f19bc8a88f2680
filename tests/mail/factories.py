"""Synthetic messages as agencies' mail clients write them (RFC 5322 / MIME), and messages
taken in through the real service. Addresses use reserved example domains (RFC 2606)."""

import uuid
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

from foiatrack.mail.models import MailMessage
from foiatrack.mail.receiving import message_receive

MAIL_DOMAIN = "replies.foiatrack.example"
AGENCY_ADDRESS = "foia@police.chicago.example"


def agency_reply(
    *,
    to: str,
    subject: str = "RE: Public records request",
    body: str | None = "Please find attached the responsive records.",
    sender: str = AGENCY_ADDRESS,
    attachments: tuple[tuple[str, bytes, str], ...] = (),
    headers: dict | None = None,
) -> bytes:
    """A reply from the agency (synthetic)."""
    message = EmailMessage()
    message["From"] = f"FOIA Officer <{sender}>"
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(timezone.now())
    message["Message-ID"] = make_msgid(domain="police.chicago.example")
    for name, value in (headers or {}).items():
        message[name] = value
    if body is not None:
        message.set_content(body)
    for filename, payload, content_type in attachments:
        maintype, subtype = content_type.split("/", 1)
        message.add_attachment(payload, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def triage_message() -> MailMessage:
    """A message no request matches, taken in through the service."""
    raw = agency_reply(
        to="someone@elsewhere.example", subject=f"Question {uuid.uuid4().hex}", body="Hello."
    )
    return message_receive(raw=raw, source=MailMessage.Source.EML).message


def acknowledgement_on(request) -> MailMessage:
    """The agency's acknowledgement, filed by staff on `request`."""
    raw = agency_reply(
        to="staff@foiatrack.example",
        subject="Your FOIA request",
        body="We have received your request and assigned reference number P123456.",
    )
    return message_receive(raw=raw, source=MailMessage.Source.EML, request=request).message
