"""`manage.py ingest_email PATH.eml [--json]`: take one message in through the same
service as the IMAP poll and the webhooks."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from foiatrack.mail.models import MailMessage
from foiatrack.mail.parsing import UnreadableMessageError, parse_message
from foiatrack.mail.receiving import message_receive


class Command(BaseCommand):
    help = "Take in one e-mail message (.eml): match it, file it, suggest a status."

    def add_arguments(self, parser):
        parser.add_argument("path", help="a message saved as .eml (RFC 5322)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        try:
            raw = Path(options["path"]).read_bytes()
            parse_message(raw)  # refuse here what is no message: the file stays the copy
        except (OSError, UnreadableMessageError) as error:
            message = str(error) if isinstance(error, UnreadableMessageError) else _os(error)
            # One line, no traceback: the caller is a person or a script checking the status.
            sys.stderr.write(f"ingest_email: {message}\n")
            sys.exit(2)
        result = message_receive(raw=raw, source=MailMessage.Source.EML)
        payload = result.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(payload))
            return
        where = f"request {payload['request_id']}" if payload["request_id"] else "triage"
        seen = "" if result.created else " (already taken in before)"
        self.stdout.write(
            f"{result.message.message_id}: {where} by {payload['matched_by']}{seen}; "
            f"received files {payload['received_files'] or 'none'}; "
            f"suggested status {payload['suggested_status'] or 'none'}"
        )


def _os(error: OSError) -> str:
    return f"cannot read {error.filename or 'the file'}: {error.strerror or error}"
