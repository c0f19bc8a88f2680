"""The plain-Python parts: trimming quoted history, telling bounces and automatic replies
apart, and the status a reply's text suggests. Texts are synthetic, worded as agencies'
FOIA officers write (Illinois and federal phrasing)."""

import email
import email.policy

import pytest

from foiatrack.mail.classify import classify_message
from foiatrack.mail.suggest import suggest_status
from foiatrack.mail.trimming import trim_reply


def test_it_cuts_gmail_style_quoted_history_and_the_signature():
    text = (
        "Your request has been received.\n\n-- \nJane Doe, FOIA Officer\n\n"
        "On Tue, Mar 3, 2026 at 10:02 AM Staff <staff@example.org> wrote:\n> Dear officer,"
    )

    assert trim_reply(text) == "Your request has been received."


def test_it_cuts_an_outlook_quoted_header_block():
    text = (
        "We need more time.\n\n________________________________\nFrom: Staff\n"
        "Sent: Monday\nTo: FOIA\nSubject: Request\n\nDear officer"
    )

    assert trim_reply(text) == "We need more time."


def test_a_wrapped_attribution_line_is_cut_too():
    text = (
        "Fee attached.\n\nOn Tue, 3 Mar 2026 at 10:02, Staff Member\n"
        "<staff@example.org> wrote:\n> hi"
    )

    assert trim_reply(text) == "Fee attached."


def test_text_without_history_is_left_whole():
    assert trim_reply("One line.\nFrom here on we agree.") == "One line.\nFrom here on we agree."


def _message(headers: str, body: str = "text") -> email.message.Message:
    return email.message_from_string(f"{headers}\n\n{body}", policy=email.policy.default)


@pytest.mark.parametrize(
    ("headers", "subject", "kind"),
    [
        ("Auto-Submitted: auto-replied", "Re: request", "auto_reply"),
        ("X-Autoreply: yes", "Re: request", "auto_reply"),
        ("Precedence: auto_reply", "Re: request", "auto_reply"),
        ("From: x@y.example", "Out of Office: back Monday", "auto_reply"),
        ("Auto-Submitted: no", "Re: request", "reply"),
        ("From: MAILER-DAEMON@mx.example", "Undeliverable: request", "bounce"),
        ("From: clerk@city.example", "Undeliverable: request", "reply"),
    ],
)
def test_it_tells_bounces_and_automatic_replies_from_answers(headers, subject, kind):
    assert classify_message(_message(headers), subject)[0] == kind


@pytest.mark.parametrize(
    ("text", "data_files", "expected"),
    [
        (
            "We have received your FOIA request and assigned reference number P123456-031426.",
            0,
            {"status": "acknowledged", "tracking_number": "P123456-031426"},
        ),
        (
            "Pursuant to 5 ILCS 140/3(e), we are extending the time to respond by 5 business "
            "days, until March 17, 2026.",
            0,
            {"status": "extended", "date": "2026-03-17"},
        ),
        (
            "The estimated cost of copying is $1,250.50; please send payment.",
            0,
            {"status": "fee_due", "amount": "1250.50"},
        ),
        (
            "Please clarify which districts you are asking about.",
            0,
            {"status": "clarification"},
        ),
        (
            "Your request is denied under 5 ILCS 140/7(1)(c) and 7(1)(d)(iv).",
            0,
            {"status": "rejected", "exemptions": ["5 ILCS 140/7(1)(c)", "7(1)(d)(iv)"]},
        ),
        (
            "Records are withheld under 5 U.S.C. 552(b)(7)(C).",
            0,
            {"status": "rejected", "exemptions": ["5 U.S.C. 552(b)(7)(C)"]},
        ),
        ("Hello, see the file.", 1, {"status": "fulfilled"}),
        (
            "Attached are the records; addresses are redacted under 7(1)(c).",
            1,
            {"status": "partially_fulfilled", "exemptions": ["7(1)(c)"]},
        ),
        ("Thank you for your patience.", 0, None),
    ],
)
def test_it_suggests_the_step_the_text_states(text, data_files, expected):
    suggestion = suggest_status(text, data_attachments=data_files)

    if expected is None:
        assert suggestion is None
        return
    assert {key: suggestion.get(key) for key in expected} == expected
    assert suggestion["evidence"]


def test_bounces_suggest_nothing_and_automatic_replies_at_most_an_acknowledgement():
    denial = "Your request has been received. It is denied under 7(1)(c)."

    assert suggest_status(denial, data_attachments=1, kind="bounce") is None
    assert suggest_status(denial, data_attachments=1, kind="auto_reply")["status"] == (
        "acknowledged"
    )
