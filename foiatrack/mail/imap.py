"""One poll of the IMAP mailbox (`FOIA_IMAP_URL`, password from `FOIA_IMAP_PASSWORD`).

Each message is read without marking it seen (BODY.PEEK[]), passed to the receiving
service, then flagged `$FoiatrackIngested` so the next poll skips it. A crash between the
two only means the message is read again, and its Message-ID makes that a no-op.
"""

import logging
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.cache import cache
from imapclient import IMAPClient

from foiatrack.mail.addresses import MailNotConfiguredError
from foiatrack.mail.models import MailMessage
from foiatrack.mail.receiving import message_receive

logger = logging.getLogger(__name__)

INGESTED_FLAG = b"$FoiatrackIngested"
BATCH = 20
POLL_LOCK = "foiatrack-mail-poll"
POLL_LOCK_SECONDS = 600


@dataclass(frozen=True)
class ImapAccount:
    host: str
    port: int
    ssl: bool
    username: str
    password: str
    folder: str


@dataclass
class PollResult:
    seen: int = 0
    created: int = 0
    duplicates: int = 0
    failed: int = 0
    skipped: bool = False  # another poll was running

    def as_json(self) -> dict:
        return dict(self.__dict__)


def imap_account(url: str | None = None, password: str | None = None) -> ImapAccount:
    """The mailbox from an imap:// or imaps:// URL; the password only from the environment."""
    url = url if url is not None else settings.FOIA_IMAP_URL
    password = password if password is not None else settings.FOIA_IMAP_PASSWORD
    if not url:
        raise MailNotConfiguredError("No mailbox: set FOIA_IMAP_URL (imaps://user@host/INBOX).")
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps") or not parts.hostname or not parts.username:
        raise MailNotConfiguredError(
            "FOIA_IMAP_URL must look like imaps://user@host:993/INBOX (or imap:// for "
            "plain IMAP on a trusted network)."
        )
    if parts.password:
        raise MailNotConfiguredError(
            "FOIA_IMAP_URL must not contain the password: put it in FOIA_IMAP_PASSWORD."
        )
    ssl = parts.scheme == "imaps"
    return ImapAccount(
        host=parts.hostname,
        port=parts.port or (993 if ssl else 143),
        ssl=ssl,
        username=unquote(parts.username),
        password=password,
        folder=unquote(parts.path.lstrip("/")) or "INBOX",
    )


def mailbox_poll(*, account: ImapAccount | None = None) -> PollResult:
    """Fetch every message not yet ingested and take each in once."""
    account = account or imap_account()
    if not cache.add(POLL_LOCK, "1", POLL_LOCK_SECONDS):
        return PollResult(skipped=True)
    try:
        with IMAPClient(account.host, port=account.port, ssl=account.ssl, timeout=60) as client:
            client.login(account.username, account.password)
            client.select_folder(account.folder)
            return _poll_folder(client)
    finally:
        cache.delete(POLL_LOCK)


def _poll_folder(client: IMAPClient) -> PollResult:
    result = PollResult()
    uids = client.search(["NOT", "KEYWORD", INGESTED_FLAG.decode()])
    for start in range(0, len(uids), BATCH):
        fetched = client.fetch(uids[start : start + BATCH], ["BODY.PEEK[]"])
        for uid, data in fetched.items():
            result.seen += 1
            try:
                received = message_receive(raw=data[b"BODY[]"], source=MailMessage.Source.IMAP)
            except Exception:
                # Left unflagged: the next poll tries it again (transient errors pass).
                logger.exception("taking in IMAP message %s failed", uid)
                result.failed += 1
                continue
            client.add_flags([uid], [INGESTED_FLAG])
            result.created += received.created
            result.duplicates += not received.created
    return result
