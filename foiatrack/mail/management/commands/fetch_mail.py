"""`manage.py fetch_mail [--json]`: one poll of the IMAP mailbox (FOIA_IMAP_URL)."""

import imaplib
import json
import sys

from django.core.management.base import BaseCommand

from foiatrack.mail.addresses import MailNotConfiguredError
from foiatrack.mail.imap import mailbox_poll


class Command(BaseCommand):
    help = "Fetch new mail from the IMAP mailbox once and take each message in."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, **options):
        try:
            result = mailbox_poll()
        except MailNotConfiguredError as error:
            sys.stderr.write(f"fetch_mail: {error}\n")
            sys.exit(2)
        except (OSError, imaplib.IMAP4.error) as error:
            sys.stderr.write(f"fetch_mail: cannot reach the mailbox: {error}\n")
            sys.exit(1)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json()))
            return
        busy = " (another poll was running)" if result.skipped else ""
        self.stdout.write(
            f"{result.seen} message(s) read, {result.created} new, {result.duplicates} seen "
            f"before, {result.failed} failed{busy}"
        )
