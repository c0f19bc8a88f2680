"""Fixtures for the mail tests: a real IMAP server (Dovecot), a real SMTP server (aiosmtpd),
an agency with a FOIA address and a drafted request.

The agency, its address and the request are synthetic rows named after a real body; the
mail domains are reserved example domains (RFC 2606).
"""

import imaplib
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from foiatrack.foia import services as foia_services
from foiatrack.foia.models import Agency, Jurisdiction
from tests.conftest import REPO_ROOT, require
from tests.mail import dovecot_server
from tests.mail.factories import AGENCY_ADDRESS, MAIL_DOMAIN, agency_reply  # noqa: F401

REAL_FILES = REPO_ROOT.parent / "shared" / "realdata" / "files"


# --- Real IMAP server ---------------------------------------------------------------


@dataclass(frozen=True)
class ImapServer:
    host: str
    port: int
    user: str
    password: str

    def connect(self) -> imaplib.IMAP4:
        connection = imaplib.IMAP4(self.host, self.port)
        connection.login(self.user, self.password)
        return connection


@pytest.fixture(scope="session")
def imap_server():
    """The Dovecot `.ci/run` started (FOIA_TEST_IMAP_*), else one started here when
    /usr/sbin/dovecot exists; skipped without it, failed under CI=true."""
    if os.environ.get("FOIA_TEST_IMAP_HOST"):
        yield ImapServer(
            os.environ["FOIA_TEST_IMAP_HOST"],
            int(os.environ["FOIA_TEST_IMAP_PORT"]),
            os.environ["FOIA_TEST_IMAP_USER"],
            os.environ["FOIA_TEST_IMAP_PASSWORD"],
        )
        return
    found = shutil.which("dovecot") or Path(dovecot_server.DOVECOT).exists()
    require(bool(found), "dovecot is not installed (apt-get install dovecot-imapd)")
    # Not under pytest's tmp root: that is private (0700) and Dovecot's own users must
    # read the passwd file and write the maildir.
    folder = Path(tempfile.mkdtemp(prefix="foiatrack-dovecot-"))
    port, password = dovecot_server.free_port(), uuid.uuid4().hex
    process = dovecot_server.start_foreground(folder, port, password)
    try:
        yield ImapServer("127.0.0.1", port, dovecot_server.USER, password)
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Mailbox:
    server: ImapServer
    folder: str

    def append(self, raw: bytes) -> None:
        """Deliver a message into the folder, as the agency's mail would arrive."""
        connection = self.server.connect()
        try:
            status, _ = connection.append(self.folder, None, None, raw)
            assert status == "OK"
        finally:
            connection.logout()

    def flagged_count(self, flag: str) -> int:
        connection = self.server.connect()
        try:
            connection.select(self.folder, readonly=True)
            _, data = connection.search(None, "KEYWORD", flag)
            return len(data[0].split())
        finally:
            connection.logout()


@pytest.fixture
def mailbox(imap_server, settings):
    """A folder of its own per test (tests may run in parallel), set as FOIA_IMAP_URL."""
    folder = f"test-{uuid.uuid4().hex[:12]}"
    connection = imap_server.connect()
    assert connection.create(folder)[0] == "OK"
    connection.logout()
    settings.FOIA_IMAP_URL = (
        f"imap://{imap_server.user}@{imap_server.host}:{imap_server.port}/{folder}"
    )
    settings.FOIA_IMAP_PASSWORD = imap_server.password
    yield Mailbox(imap_server, folder)
    connection = imap_server.connect()
    connection.delete(folder)
    connection.logout()


# --- Real SMTP server ---------------------------------------------------------------


@dataclass
class CapturedMail:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes


@dataclass
class SmtpCapture:
    port: int
    messages: list[CapturedMail] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(
            CapturedMail(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """aiosmtpd on a free loopback port, with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    capture = SmtpCapture(port=dovecot_server.free_port())
    controller = Controller(capture, hostname="127.0.0.1", port=capture.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", capture.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    yield capture
    controller.stop()


# --- Domain rows --------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _mail_domain(settings):
    settings.FOIA_MAIL_DOMAIN = MAIL_DOMAIN


@pytest.fixture
def agency(db, stages):
    chicago = Jurisdiction.objects.create(
        name="City of Chicago", slug="chicago", level="city", law="il-foia", state="IL"
    )
    agency = Agency.objects.create(
        name="Chicago Police Department",
        slug="chicago-police",
        jurisdiction=chicago,
        email=AGENCY_ADDRESS,
    )
    agency.stages.set([stages["call"]])
    return agency


@pytest.fixture
def draft_request(agency, staff_user):
    return foia_services.request_create(
        requester=staff_user,
        data={
            "title": "911 calls for service, March 2016",
            "agency": agency,
            "records_requested": "Every 911 call for service, as CSV.",
        },
    )
