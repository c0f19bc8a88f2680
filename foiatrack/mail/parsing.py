"""Reading one e-mail message from its raw bytes. Plain Python, no Django.

Lenient by design: a malformed message (a broken boundary, bad base64, a header that does
not decode) is read as far as it goes and its defects listed, never refused. Only bytes with
no message in them at all (empty, or no header of a message) are unreadable.
"""

import email
import email.policy
import hashlib
import html as html_module
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime

import nh3

from foiatrack.mail.classify import classify_message

# Headers a message has; bytes with none of them are not a message.
MESSAGE_HEADERS = ("from", "to", "subject", "date", "message-id", "received")
RECIPIENT_HEADERS = ("to", "cc", "delivered-to", "x-original-to", "envelope-to", "x-forwarded-to")
_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
# Remote images in mail are trackers; links stay (nh3 adds rel="noopener noreferrer").
HTML_TAGS = nh3.ALLOWED_TAGS - {"img"}


class UnreadableMessageError(ValueError):
    """The bytes hold no e-mail message. str() is one line for a person."""


@dataclass
class Attachment:
    filename: str
    content_type: str
    payload: bytes


@dataclass
class ParsedMessage:
    """What foiatrack uses of one message; `raw` is kept whole beside it."""

    raw: bytes
    sha256: str
    message_id: str
    from_address: str
    recipients: list[str]
    subject: str
    sent_at: datetime | None
    in_reply_to: str
    references: list[str]
    text: str
    html: str
    attachments: list[Attachment] = field(default_factory=list)
    kind: str = "reply"
    # Message-IDs of our letters that a bounce reports undelivered.
    bounced_message_ids: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)

    @property
    def thread_ids(self) -> list[str]:
        """Message-IDs this message answers: In-Reply-To, References, a bounce's original."""
        ids = ([self.in_reply_to] if self.in_reply_to else []) + self.references
        return list(dict.fromkeys(ids + self.bounced_message_ids))


def parse_message(raw: bytes) -> ParsedMessage:
    """Read raw RFC 5322 bytes. Raises UnreadableMessageError when there is no message."""
    if not raw or not raw.strip():
        raise UnreadableMessageError("The message is empty: it holds no e-mail at all.")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not any(_header(message, name) for name in MESSAGE_HEADERS):
        raise UnreadableMessageError(
            "The file is not an e-mail message: it has no From, To, Subject or Date header."
        )
    sha256 = hashlib.sha256(raw).hexdigest()
    text_part, html_part = _body_parts(message)
    parsed = ParsedMessage(
        raw=raw,
        sha256=sha256,
        message_id=_first_id(_header(message, "message-id")) or f"<sha256.{sha256}@foiatrack>",
        from_address=next(iter(_addresses(message, ("from",))), ""),
        recipients=_addresses(message, RECIPIENT_HEADERS),
        subject=" ".join(_header(message, "subject").split())[:300],
        sent_at=_date(_header(message, "date")),
        in_reply_to=_first_id(_header(message, "in-reply-to")),
        references=_MESSAGE_ID.findall(_header(message, "references")),
        text=_part_text(text_part),
        html=_sanitised_html(_part_text(html_part)),
    )
    if not parsed.text and parsed.html:
        parsed.text = html_to_text(parsed.html)
    parsed.attachments = _attachments(message, {id(text_part), id(html_part)}, parsed)
    parsed.kind, parsed.bounced_message_ids = classify_message(message, parsed.subject)
    parsed.defects = _defects(message) + parsed.defects
    return parsed


def _header(message: Message, name: str) -> str:
    """A header as text; a header that does not decode is read as its raw value."""
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - any header parsing error: fall back to raw text
        value = next((v for k, v in message.raw_items() if k.lower() == name), "")
    return str(value or "").strip()


def _addresses(message: Message, names: tuple[str, ...]) -> list[str]:
    values = [_header(message, name) for name in names]
    found = [address.strip().lower() for _, address in getaddresses(values) if "@" in address]
    return list(dict.fromkeys(found))


def _first_id(value: str) -> str:
    match = _MESSAGE_ID.search(value or "")
    return match.group(0)[:255] if match else ""


def _date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed and parsed.tzinfo else None


def _body_parts(message: Message) -> tuple[Message | None, Message | None]:
    if not isinstance(message, EmailMessage):
        return None, None
    try:
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
    except Exception:  # noqa: BLE001 - malformed structure: no body found, still kept
        return None, None
    return text, html


def _part_text(part: Message | None) -> str:
    if part is None:
        return ""
    try:
        return str(part.get_content()).strip()
    except Exception:  # noqa: BLE001 - unknown charset or bad encoding: decode leniently
        payload = part.get_payload(decode=True) or b""
        return payload.decode("utf-8", errors="replace").strip()


def _sanitised_html(html: str) -> str:
    return nh3.clean(html, tags=HTML_TAGS) if html else ""


def html_to_text(html: str) -> str:
    """Plain text of (already sanitised) HTML, for messages sent without a text part."""
    spaced = re.sub(r"(?i)<br\s*/?>|</p>|</div>|</tr>|</li>", "\n", html)
    # nh3 keeps entities escaped (it writes HTML); here we want the characters back.
    return html_module.unescape(nh3.clean(spaced, tags=set())).strip()


def _walk(message: Message):
    """Leaf parts, without descending into attached messages (kept as .eml files)."""
    if message.get_content_type() == "message/rfc822" or not message.is_multipart():
        yield message
        return
    payload = message.get_payload()
    for part in payload if isinstance(payload, list) else []:
        yield from _walk(part)


def _attachments(message: Message, body_ids: set[int], parsed: ParsedMessage) -> list[Attachment]:
    attachments = []
    for position, part in enumerate(_walk(message)):
        if id(part) in body_ids or part is message and not message.is_multipart():
            continue
        content_type = part.get_content_type()
        if content_type in ("message/delivery-status", "text/rfc822-headers"):
            continue
        payload = _payload(part, parsed)
        if content_type.startswith("text/") and not _filename(part) and not payload.strip():
            continue
        attachments.append(
            Attachment(
                filename=_filename(part) or _default_name(content_type, position),
                content_type=content_type,
                payload=payload,
            )
        )
    return attachments


def _payload(part: Message, parsed: ParsedMessage) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        inner = inner[0] if isinstance(inner, list) and inner else inner
        return inner.as_bytes() if isinstance(inner, Message) else b""
    try:
        return part.get_payload(decode=True) or b""
    except Exception:  # noqa: BLE001 - undecodable transfer encoding: keep the raw text
        parsed.defects.append("An attachment's encoding could not be decoded; kept as sent.")
        return str(part.get_payload()).encode("utf-8", errors="replace")


def _filename(part: Message) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:  # noqa: BLE001 - a filename parameter that does not decode
        name = ""
    # Only the last path component: a name like ../../x.csv is a name, not a path.
    return re.split(r"[\\/]", str(name))[-1].strip()[:255]


def _default_name(content_type: str, position: int) -> str:
    suffix = {"message/rfc822": ".eml", "text/csv": ".csv", "application/pdf": ".pdf"}
    return f"attachment-{position}{suffix.get(content_type, '')}"


def _defects(message: Message) -> list[str]:
    seen = []
    for part in message.walk():
        for defect in getattr(part, "defects", []):
            seen.append(type(defect).__name__)
    return [f"Malformed MIME: {name}" for name in dict.fromkeys(seen)]
