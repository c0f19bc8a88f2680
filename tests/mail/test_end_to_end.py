"""Send, answer, audit, with no copying by hand: a request goes out over real SMTP (aiosmtpd),
the agency's reply with a real published CSV lands in a real IMAP mailbox (Dovecot), one poll
files it, and a real Celery worker audits the attachment."""

import email
import email.policy
import hashlib
import io
import json

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from foiatrack.foia.models import Communication, Status
from foiatrack.mail.imap import INGESTED_FLAG
from foiatrack.mail.models import MailMessage
from foiatrack.received.models import ReceivedFile, Table
from tests.conftest import require, wait_until
from tests.mail.conftest import AGENCY_ADDRESS, MAIL_DOMAIN, REAL_FILES, agency_reply

pytestmark = pytest.mark.services

SEATTLE = REAL_FILES / "seattle_911_calls_2016-03.csv"


def _poll() -> dict:
    out = io.StringIO()
    call_command("fetch_mail", "--json", stdout=out)
    return json.loads(out.getvalue())


def _finished(received_file_id: int):
    tables = list(Table.objects.filter(received_file_id=received_file_id))
    return tables if tables and all(table.is_finished for table in tables) else None


def test_a_request_is_sent_answered_by_mail_and_its_csv_audited_on_a_real_worker(
    celery_worker, smtp_server, mailbox, client, staff_user, draft_request
):
    require(SEATTLE.exists(), f"{SEATTLE} is missing")
    client.force_login(staff_user)
    send_url = reverse("mail:send", args=[draft_request.id, "initial"])

    # Staff send the drafted letter; a double click posts the same key again.
    client.post(send_url, {"key": "page-1"})
    client.post(send_url, {"key": "page-1"})

    assert len(smtp_server.messages) == 1
    sent = email.message_from_bytes(smtp_server.messages[0].raw, policy=email.policy.default)
    assert smtp_server.messages[0].rcpt_tos == [AGENCY_ADDRESS]
    reply_to = sent["Reply-To"].addresses[0].addr_spec
    assert reply_to.startswith(f"request-{draft_request.id}-")
    assert reply_to.endswith(f"@{MAIL_DOMAIN}")
    assert f"[foiatrack #{draft_request.id}]" in sent["Subject"]
    draft_request.refresh_from_db()
    assert draft_request.status == Status.SUBMITTED
    assert draft_request.date_received == timezone.localdate()
    outgoing = Communication.objects.get(request=draft_request, direction="out")
    assert outgoing.message_id == sent["Message-ID"].strip()

    # The agency answers with the records attached (a real published export).
    csv_bytes = SEATTLE.read_bytes()
    mailbox.append(
        agency_reply(
            to=reply_to,
            subject=f"RE: {sent['Subject']}",
            body="Please find attached the responsive records.\n\nOn Monday you wrote:\n> ...",
            attachments=(("calls.csv", csv_bytes, "text/csv"),),
            headers={"In-Reply-To": sent["Message-ID"].strip()},
        )
    )

    first = _poll()

    assert (first["seen"], first["created"]) == (1, 1)
    message = MailMessage.objects.get()
    assert message.request_id == draft_request.id
    assert message.matched_by == "reply_address"
    assert message.verified is True
    assert message.reply_text == "Please find attached the responsive records."
    incoming = Communication.objects.get(request=draft_request, direction="in")
    assert message.communication_id == incoming.id and incoming.verified
    received = ReceivedFile.objects.get(request=draft_request)
    assert received.sha256 == hashlib.sha256(csv_bytes).hexdigest()
    tables = wait_until(
        lambda: _finished(received.id), timeout=120, message=f"worker:\n{celery_worker.log()}"
    )
    expected_rows = len(pd.read_csv(SEATTLE, dtype=str, keep_default_na=False))
    assert [(t.status, t.rows) for t in tables] == [(Table.Status.DONE, expected_rows)]
    assert "audit_table" in celery_worker.log()
    assert message.suggested_status == "fulfilled"
    draft_request.refresh_from_db()
    assert draft_request.status == Status.SUBMITTED  # nothing changes without a person

    # A second poll adds nothing; nor does the same message delivered again.
    assert _poll()["seen"] == 0
    assert mailbox.flagged_count(INGESTED_FLAG.decode()) == 1
    mailbox.append(message.raw.open("rb").read())
    again = _poll()
    assert (again["seen"], again["created"], again["duplicates"]) == (1, 0, 1)
    assert MailMessage.objects.count() == 1
    assert ReceivedFile.objects.count() == 1
    assert Communication.objects.filter(direction="in").count() == 1
