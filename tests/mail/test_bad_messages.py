"""Each bad message ends in a clear state with nothing lost: no body, an oversized
attachment, malformed MIME, an unknown sender, a forged reply address, a duplicate
Message-ID, bytes that are no message, bounces and automatic replies.

Messages are synthetic, written as agencies' mail clients write them (RFC 5322 / MIME)."""

import hashlib

import pytest
from django.core.files.storage import default_storage

from foiatrack.foia.models import Communication
from foiatrack.mail.addresses import reply_address
from foiatrack.mail.models import MailMessage
from foiatrack.mail.receiving import message_assign, message_receive
from foiatrack.mail.sending import letter_send
from foiatrack.received.models import ReceivedFile
from tests.mail.factories import AGENCY_ADDRESS, MAIL_DOMAIN, agency_reply

CSV = b"Event#,Date,Type\n1,2016-03-01,ALARM\n2,2016-03-01,THEFT\n"  # synthetic, 911 layout


def _receive(raw: bytes, **kwargs):
    return message_receive(raw=raw, source=MailMessage.Source.IMAP, **kwargs)


def _kept_whole(message: MailMessage, raw: bytes) -> bool:
    with default_storage.open(message.raw.name, "rb") as stream:
        stored = stream.read()
    return stored == raw and message.raw_sha256 == hashlib.sha256(raw).hexdigest()


@pytest.fixture
def address(draft_request):
    return reply_address(draft_request)


def test_it_files_a_message_with_no_body_and_says_so(draft_request, address):
    raw = agency_reply(to=address, body=None)

    message = _receive(raw).message

    assert message.request_id == draft_request.id
    assert "no text" in message.notes
    assert message.communication.body == "(no text in the message)"
    assert message.suggestion is None
    assert _kept_whole(message, raw)


def test_a_50_mb_attachment_is_refused_with_a_note_and_the_message_kept(draft_request, address):
    big = b"x" * (50 * 1024 * 1024)
    raw = agency_reply(
        to=address,
        attachments=(("all-calls.csv", big, "text/csv"), ("calls.csv", CSV, "text/csv")),
    )

    result = _receive(raw)

    refused, small = result.message.attachments.order_by("id")
    assert refused.refused and not refused.stored_file
    assert "over the mail attachment limit" in refused.note
    assert refused.sha256 == hashlib.sha256(big).hexdigest()
    assert refused.received_file_id is None
    assert not small.refused and small.received_file_id is not None
    assert result.received_files == [small.received_file_id]
    assert _kept_whole(result.message, raw)


def test_malformed_mime_is_read_as_far_as_it_goes_and_noted(draft_request, address):
    # A multipart message whose closing boundary never comes and whose base64 is broken.
    raw = (
        f"From: FOIA Officer <{AGENCY_ADDRESS}>\r\nTo: {address}\r\n"
        "Subject: records\r\nMessage-ID: <broken-1@police.chicago.example>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="XYZ"\r\n\r\n'
        "--XYZ\r\nContent-Type: text/plain\r\n\r\nAttached are the records.\r\n"
        '--XYZ\r\nContent-Type: text/csv; name="calls.csv"\r\n'
        "Content-Transfer-Encoding: base64\r\n\r\nRXZlbnQjLERhdGUK!!!not-base64\r\n"
    ).encode()

    message = _receive(raw).message

    assert message.request_id == draft_request.id
    assert "Attached are the records." in message.text_body
    assert "Malformed MIME" in message.notes
    assert message.attachments.count() == 1
    assert _kept_whole(message, raw)


def test_mail_from_someone_else_is_unverified_and_its_files_wait_for_staff(
    draft_request, address, staff_user
):
    raw = agency_reply(
        to=address, sender="someone@mail.example", attachments=(("calls.csv", CSV, "text/csv"),)
    )

    result = _receive(raw)

    message = result.message
    assert message.request_id == draft_request.id and message.verified is False
    assert "Unverified sender" in message.notes
    assert Communication.objects.get(id=message.communication_id).verified is False
    assert result.received_files == [] and not ReceivedFile.objects.exists()

    accepted = message_assign(message=message, request=draft_request, user=staff_user)

    assert accepted.received_files == [ReceivedFile.objects.get().id]


def test_a_forged_reply_address_goes_to_triage_with_a_note(draft_request, address):
    forged = f"request-{draft_request.id}-000000000000@{MAIL_DOMAIN}"
    assert forged != address

    message = _receive(agency_reply(to=forged)).message

    assert message.request_id is None and message.matched_by == "triage"
    assert "Forged reply address" in message.notes
    assert not Communication.objects.filter(direction="in").exists()


def test_the_same_message_id_is_taken_once(draft_request, address):
    raw = agency_reply(to=address, attachments=(("calls.csv", CSV, "text/csv"),))
    first = _receive(raw)
    # The same Message-ID with other bytes (a provider re-wrapping it) is still a duplicate.
    altered = raw.replace(b"Please find attached", b"PLEASE find attached")

    again, other = _receive(raw), _receive(altered)

    assert first.created and not again.created and not other.created
    assert again.as_json() == other.as_json() == first.as_json()
    assert MailMessage.objects.count() == 1 and ReceivedFile.objects.count() == 1


def test_bytes_that_are_no_message_are_kept_as_unreadable_in_triage(db):
    raw = b"%PDF-1.4\n\x00\x01\x02 binary"

    result = _receive(raw)

    assert result.message.kind == "unreadable" and result.message.request_id is None
    assert "not an e-mail message" in result.message.notes
    assert _kept_whole(result.message, raw)
    assert not _receive(raw).created


def test_a_bounce_of_our_letter_is_filed_by_its_thread_and_suggests_nothing(
    draft_request, settings, staff_user
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    dispatch, _ = letter_send(request=draft_request, kind="initial", user=staff_user)
    raw = (
        "From: Mail Delivery System <MAILER-DAEMON@mx.chicago.example>\r\n"
        "To: someone@replies.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        "Message-ID: <dsn-1@mx.chicago.example>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nThe mail system could not deliver it.\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.chicago.example\r\n\r\n"
        f"Final-Recipient: rfc822; {AGENCY_ADDRESS}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "--B\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        f"Message-ID: {dispatch.message_id}\r\nSubject: {dispatch.subject}\r\n"
        "--B--\r\n"
    ).encode()

    message = _receive(raw).message

    assert message.kind == "bounce"
    assert (message.request_id, message.matched_by) == (draft_request.id, "thread")
    assert message.suggestion is None
    assert "not delivered" in message.notes


def test_an_out_of_office_reply_is_shown_as_an_automatic_reply(draft_request, address):
    raw = agency_reply(
        to=address,
        subject="Automatic reply: Public records request",
        body="I am out of the office. Attached are no records; I will deny nothing.",
        headers={"Auto-Submitted": "auto-replied"},
    )

    message = _receive(raw).message

    assert message.kind == "auto_reply"
    assert message.suggestion is None
    assert "automatic reply" in message.notes.lower()
