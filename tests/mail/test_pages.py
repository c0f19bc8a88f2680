"""The mail pages: who may use each, and what staff see and do on them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foiatrack.foia.models import Status
from foiatrack.mail.addresses import reply_address
from foiatrack.mail.models import Dispatch, MailMessage
from foiatrack.mail.receiving import message_receive
from foiatrack.received.models import ReceivedFile
from tests.mail.factories import acknowledgement_on, agency_reply, triage_message

CSV = b"Event#,Date,Type\n1,2016-03-01,ALARM\n"  # synthetic, 911 calls layout


@pytest.fixture
def filed(draft_request):
    raw = agency_reply(
        to=reply_address(draft_request),
        attachments=(
            ("calls.csv", CSV, "text/csv"),
            ("letter.pdf", b"%PDF-1.4 x", "application/pdf"),
        ),
    )
    return message_receive(raw=raw, source=MailMessage.Source.IMAP).message


def _views(draft_request, filed):
    attachment = filed.attachments.order_by("id").first()
    return [
        ("post", reverse("mail:send", args=[draft_request.id, "initial"])),
        ("post", reverse("mail:eml_upload", args=[draft_request.id])),
        ("get", reverse("mail:triage")),
        ("get", reverse("mail:message_detail", args=[filed.id])),
        ("post", reverse("mail:assign", args=[filed.id])),
        ("post", reverse("mail:confirm", args=[filed.id])),
        ("get", reverse("mail:raw_download", args=[filed.id])),
        ("get", reverse("mail:attachment_download", args=[attachment.id])),
    ]


@pytest.mark.parametrize("role", ["anonymous", "plain", "data_admin"])
def test_it_keeps_every_mail_page_from_anyone_but_staff(
    client, role, plain_user, data_admin, draft_request, filed
):
    if role != "anonymous":
        client.force_login({"plain": plain_user, "data_admin": data_admin}[role])
    for method, url in _views(draft_request, filed):
        response = getattr(client, method)(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"], url
        else:
            assert response.status_code == 403, url
    assert not Dispatch.objects.exists()
    assert MailMessage.objects.get().suggestion_confirmed_at is None


def test_staff_reach_every_mail_page(staff_client, draft_request, filed):
    for method, url in _views(draft_request, filed):
        response = getattr(staff_client, method)(url)
        assert response.status_code in (200, 302), (url, response.status_code)


def test_the_request_page_shows_the_send_button_and_the_mail(staff_client, draft_request, filed):
    page = staff_client.get(reverse("foia:request_detail", args=[draft_request.id]))

    html = page.content.decode()
    assert reverse("mail:send", args=[draft_request.id, "initial"]) in html
    assert reverse("mail:message_detail", args=[filed.id]) in html
    assert "Suggested: <strong>fulfilled</strong>" in html


def test_sending_without_a_mail_domain_says_why(staff_client, draft_request, settings):
    settings.FOIA_MAIL_DOMAIN = ""

    response = staff_client.post(
        reverse("mail:send", args=[draft_request.id, "initial"]), follow=True
    )

    assert "set FOIA_MAIL_DOMAIN" in response.content.decode()
    draft_request.refresh_from_db()
    assert draft_request.status == Status.DRAFT


def test_attachments_download_as_octet_stream_never_inline(staff_client, filed):
    pdf = filed.attachments.get(filename="letter.pdf")

    response = staff_client.get(reverse("mail:attachment_download", args=[pdf.id]))

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 x"
    assert pdf.is_data is False and pdf.received_file_id is None


def test_html_bodies_are_shown_only_sanitised(staff_client, draft_request):
    raw = (
        f"From: <foia@police.chicago.example>\r\nTo: {reply_address(draft_request)}\r\n"
        "Subject: html\r\nMessage-ID: <html-1@police.chicago.example>\r\n"
        "Content-Type: text/html\r\n\r\n"
        '<p onclick="steal()">Records <b>attached</b></p><script>alert(1)</script>'
        '<img src="https://tracker.example/p.gif">\r\n'
    ).encode()
    message = message_receive(raw=raw, source=MailMessage.Source.EML).message

    html = staff_client.get(reverse("mail:message_detail", args=[message.id])).content.decode()

    assert "<b>attached</b>" in html
    assert "alert(1)" not in html and "onclick" not in html and "tracker.example" not in html


def test_staff_file_a_triage_message_on_a_request(staff_client, draft_request):
    message = triage_message()
    assert message.request_id is None
    page = staff_client.get(reverse("mail:triage")).content.decode()
    assert message.subject in page

    staff_client.post(reverse("mail:assign", args=[message.id]), {"request": draft_request.id})

    message.refresh_from_db()
    assert (message.request_id, message.matched_by) == (draft_request.id, "staff")
    assert message.communication.request_id == draft_request.id
    assert message.subject not in staff_client.get(reverse("mail:triage")).content.decode()


def test_a_triage_message_cannot_be_filed_on_a_request_that_does_not_exist(staff_client, db):
    message = triage_message()

    response = staff_client.post(reverse("mail:assign", args=[message.id]), {"request": 999999})

    assert response.status_code == 302
    message.refresh_from_db()
    assert message.request_id is None


def test_one_click_confirms_the_suggestion_and_a_second_changes_nothing(
    staff_client, staff_user, draft_request
):
    from foiatrack.foia import services

    services.request_transition(request=draft_request, to_status="submitted", user=staff_user)
    message = acknowledgement_on(draft_request)
    assert message.suggestion["status"] == "acknowledged"

    staff_client.post(reverse("mail:confirm", args=[message.id]))
    staff_client.post(reverse("mail:confirm", args=[message.id]))

    draft_request.refresh_from_db()
    assert draft_request.status == Status.ACKNOWLEDGED
    assert draft_request.status_changes.filter(to_status="acknowledged").count() == 1
    assert draft_request.tracking_number == "P123456"


def test_a_dropped_eml_is_filed_on_that_request(staff_client, draft_request):
    raw = agency_reply(to="staff@foiatrack.example", attachments=(("calls.csv", CSV, "text/csv"),))

    staff_client.post(
        reverse("mail:eml_upload", args=[draft_request.id]),
        {"eml": SimpleUploadedFile("reply.eml", raw, content_type="message/rfc822")},
    )

    message = MailMessage.objects.get()
    assert (message.request_id, message.matched_by, message.source) == (
        draft_request.id,
        "staff",
        "eml",
    )
    assert ReceivedFile.objects.get().request_id == draft_request.id
