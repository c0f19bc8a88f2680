"""The IMAP settings and `fetch_mail`'s failures, against the real Dovecot."""

import io
import json

import pytest
from django.core.management import call_command

from foiatrack.mail.addresses import MailNotConfiguredError
from foiatrack.mail.imap import imap_account
from foiatrack.mail.models import MailMessage
from tests.mail.factories import agency_reply


def test_it_reads_the_mailbox_from_the_url_and_the_password_from_elsewhere():
    account = imap_account("imaps://foia%40city.example@mail.example:994/Replies", "pw")

    assert (account.host, account.port, account.ssl) == ("mail.example", 994, True)
    assert (account.username, account.password, account.folder) == (
        "foia@city.example",
        "pw",
        "Replies",
    )


@pytest.mark.parametrize(
    "url", ["", "imaps://user:secret@mail.example/INBOX", "pop3://user@mail.example/"]
)
def test_it_refuses_a_missing_url_a_password_in_it_or_another_scheme(url):
    with pytest.raises(MailNotConfiguredError):
        imap_account(url, "pw")


def test_fetch_mail_without_a_mailbox_exits_2(settings, capsys):
    settings.FOIA_IMAP_URL = ""

    with pytest.raises(SystemExit) as exited:
        call_command("fetch_mail")

    assert exited.value.code == 2
    assert capsys.readouterr().err.startswith("fetch_mail: No mailbox")


def test_a_wrong_password_exits_1_with_one_line(mailbox, settings, capsys):
    settings.FOIA_IMAP_PASSWORD = "wrong"

    with pytest.raises(SystemExit) as exited:
        call_command("fetch_mail")

    assert exited.value.code == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_an_unmatched_message_in_the_mailbox_lands_in_triage_once(mailbox, db):
    mailbox.append(agency_reply(to="records@city.example", subject="Question", body="Hi."))

    out = io.StringIO()
    call_command("fetch_mail", "--json", stdout=out)
    call_command("fetch_mail", "--json", stdout=io.StringIO())

    assert json.loads(out.getvalue())["created"] == 1
    message = MailMessage.objects.get()
    assert (message.request_id, message.matched_by, message.source) == (None, "triage", "imap")
