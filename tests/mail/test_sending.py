"""Sending letters over a real SMTP server (aiosmtpd): once per key, a refused send
recorded and retried once, follow-ups threaded, appeals filed, missing addresses refused."""

import email
import email.policy

import pytest
from django.urls import reverse

from foiatrack.foia import services as foia_services
from foiatrack.foia.models import Appeal, Communication, Status
from foiatrack.mail.models import Dispatch
from foiatrack.mail.sending import SendError, letter_send


def _parsed(capture, index=-1):
    return email.message_from_bytes(capture.messages[index].raw, policy=email.policy.default)


def test_a_refused_send_is_recorded_and_a_retry_sends_it_once(
    smtp_server, settings, draft_request, staff_user
):
    settings.EMAIL_PORT = 1  # nothing listens there: the connection is refused
    with pytest.raises(SendError, match="Nothing was recorded as sent"):
        letter_send(request=draft_request, kind="initial", user=staff_user)
    dispatch = Dispatch.objects.get()
    assert dispatch.state == Dispatch.State.FAILED and dispatch.error
    draft_request.refresh_from_db()
    assert draft_request.status == Status.DRAFT
    assert not Communication.objects.exists()

    settings.EMAIL_PORT = smtp_server.port
    retried, sent_now = letter_send(request=draft_request, kind="initial", user=staff_user)
    again, sent_again = letter_send(request=draft_request, kind="initial", user=staff_user)

    assert (sent_now, sent_again) == (True, False)
    assert retried.id == again.id == dispatch.id
    assert len(smtp_server.messages) == 1


def test_a_follow_up_is_threaded_on_the_request_letter(smtp_server, draft_request, staff_user):
    first, _ = letter_send(request=draft_request, kind="initial", user=staff_user)

    letter_send(request=draft_request, kind="follow-up", user=staff_user, key="a")
    letter_send(request=draft_request, kind="follow-up", user=staff_user, key="a")

    assert len(smtp_server.messages) == 2
    follow_up = _parsed(smtp_server)
    assert follow_up["In-Reply-To"].strip() == first.message_id
    assert follow_up["Subject"].startswith("Follow-up on public records request")
    assert Communication.objects.filter(direction="out").count() == 2


def test_an_appeal_is_sent_to_the_reviewer_and_filed(smtp_server, draft_request, staff_user):
    letter_send(request=draft_request, kind="initial", user=staff_user)
    foia_services.request_transition(request=draft_request, to_status="rejected", user=staff_user)

    dispatch, sent_now = letter_send(
        request=draft_request,
        kind="appeal",
        user=staff_user,
        key="k",
        to="public.access@review.example",
        filed_with="Public Access Counselor",
    )

    assert sent_now
    assert smtp_server.messages[-1].rcpt_tos == ["public.access@review.example"]
    assert Appeal.objects.get(request=draft_request).filed_with == "Public Access Counselor"
    draft_request.refresh_from_db()
    assert draft_request.status == Status.APPEAL


def test_an_agency_without_an_address_is_refused_on_the_api(
    smtp_server, client, staff_user, draft_request
):
    draft_request.agency.email = ""
    draft_request.agency.save()
    client.force_login(staff_user)

    response = client.post(
        reverse("api:mail_send", args=[draft_request.id]),
        {"kind": "initial"},
        content_type="application/json",
    )

    assert response.status_code == 409
    assert "no e-mail address" in response.json()["error"]["message"]
    assert smtp_server.messages == []


def test_the_api_sends_once_and_answers_200_the_second_time(
    smtp_server, client, staff_user, draft_request
):
    client.force_login(staff_user)
    url = reverse("api:mail_send", args=[draft_request.id])

    first = client.post(url, {"kind": "initial"}, content_type="application/json")
    second = client.post(url, {"kind": "initial"}, content_type="application/json")

    assert (first.status_code, second.status_code) == (201, 200)
    assert (first.json()["sent_now"], second.json()["sent_now"]) == (True, False)
    assert first.json()["message_id"] == _parsed(smtp_server)["Message-ID"].strip()
    assert len(smtp_server.messages) == 1
