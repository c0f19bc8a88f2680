"""Bounces and automatic replies, told apart from an agency's answer. Plain Python.

Bounces: RFC 3464 delivery status notifications (multipart/report; report-type=
delivery-status) and the mailer daemons' older plain-text kind. Automatic replies: RFC 3834
`Auto-Submitted`, the `X-Autoreply`/`X-Autorespond` headers, `Precedence: auto_reply` and
the usual subjects ("Automatic reply", "Out of office").
"""

import re
from email.message import Message

_MESSAGE_ID = re.compile(r"<[^<>\s]+>")
BOUNCE_SUBJECT = re.compile(
    r"(?i)\b(undeliver(able|ed)|delivery (status notification|has failed|failure)|"
    r"mail delivery (failed|subsystem)|returned mail|failure notice|could not be delivered)"
)
AUTO_REPLY_SUBJECT = re.compile(
    r"(?i)^\s*(auto(matic)?[ -]?(reply|response)|autoreply|auto:|out of (the )?office|"
    r"away from (the )?office|on vacation)"
)
DAEMON_SENDERS = re.compile(r"(?i)^(mailer-daemon|postmaster|mail-daemon)@")


def classify_message(message: Message, subject: str) -> tuple[str, list[str]]:
    """("bounce" | "auto_reply" | "reply", Message-IDs a bounce reports undelivered)."""
    if _is_bounce(message, subject):
        return "bounce", _bounced_ids(message)
    if _is_auto_reply(message, subject):
        return "auto_reply", []
    return "reply", []


def _get(message: Message, name: str) -> str:
    try:
        return str(message.get(name) or "").strip()
    except Exception:  # noqa: BLE001 - a header that does not decode counts as absent
        return ""


def _is_bounce(message: Message, subject: str) -> bool:
    if message.get_content_type() == "multipart/report":
        report = message.get_param("report-type") or ""
        if str(report).lower() == "delivery-status":
            return True
    if any(part.get_content_type() == "message/delivery-status" for part in message.walk()):
        return True
    sender = _get(message, "from")
    address = sender[sender.find("<") + 1 : sender.find(">")] if "<" in sender else sender
    return bool(DAEMON_SENDERS.match(address.strip())) and bool(BOUNCE_SUBJECT.search(subject))


def _is_auto_reply(message: Message, subject: str) -> bool:
    auto_submitted = _get(message, "auto-submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if _get(message, "x-autoreply") or _get(message, "x-autorespond"):
        return True
    if _get(message, "precedence").lower() == "auto_reply":
        return True
    return bool(AUTO_REPLY_SUBJECT.search(subject))


def _bounced_ids(message: Message) -> list[str]:
    """The Message-ID of the undelivered message, from the report's returned headers."""
    found = []
    for part in message.walk():
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if isinstance(inner, Message):
                found += _MESSAGE_ID.findall(_get(inner, "message-id"))
        elif content_type == "text/rfc822-headers":
            text = part.get_payload(decode=True) or b""
            for line in text.decode("utf-8", errors="replace").splitlines():
                if line.lower().startswith("message-id:"):
                    found += _MESSAGE_ID.findall(line)
    return list(dict.fromkeys(found))
