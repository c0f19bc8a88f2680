"""Providers' inbound webhooks (django-anymail, here Mailgun's raw-MIME route): a call
signed with the signing key is taken in; a wrong signature or missing secret is refused."""

import base64
import hashlib
import hmac
import time

import pytest
from django.urls import reverse

from foiatrack.mail.addresses import reply_address
from foiatrack.mail.models import MailMessage
from tests.mail.factories import agency_reply

SIGNING_KEY = "synthetic-signing-key-for-tests"
SECRET = "hook:synthetic-basic-auth-secret"


@pytest.fixture(autouse=True)
def _anymail(settings):
    settings.ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": SIGNING_KEY, "WEBHOOK_SECRET": SECRET}


def _signed(body_mime: str, key: str = SIGNING_KEY, **extra) -> dict:
    timestamp, token = str(int(time.time())), "a" * 50
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256)
    return {
        "body-mime": body_mime,
        "timestamp": timestamp,
        "token": token,
        "signature": signature.hexdigest(),
        **extra,
    }


def _auth(secret: str = SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def _url() -> str:
    return reverse("mail:inbound_webhook", args=["mailgun"])


def test_it_takes_in_a_signed_message_through_the_same_service(client, draft_request):
    raw = agency_reply(to=reply_address(draft_request)).decode()

    response = client.post(_url(), _signed(raw), **_auth())

    assert response.status_code == 200
    message = MailMessage.objects.get()
    assert (message.source, message.request_id) == ("webhook", draft_request.id)
    assert message.matched_by == "reply_address"


def test_the_envelope_recipient_matches_when_the_headers_do_not(client, draft_request):
    raw = agency_reply(to="undisclosed-recipients:;").decode()

    response = client.post(_url(), _signed(raw, recipient=reply_address(draft_request)), **_auth())

    assert response.status_code == 200
    assert MailMessage.objects.get().request_id == draft_request.id


def test_a_wrong_signature_is_refused_and_nothing_stored(client, draft_request):
    raw = agency_reply(to=reply_address(draft_request)).decode()

    response = client.post(_url(), _signed(raw, key="not-the-key"), **_auth())

    assert response.status_code == 400
    assert not MailMessage.objects.exists()


def test_a_call_without_the_basic_auth_secret_is_refused(client, draft_request):
    raw = agency_reply(to=reply_address(draft_request)).decode()

    response = client.post(_url(), _signed(raw), **_auth("hook:wrong"))

    assert response.status_code == 400
    assert not MailMessage.objects.exists()


def test_an_unconfigured_or_unknown_provider_is_a_404(client, settings, db):
    settings.ANYMAIL = {}

    unconfigured = client.post(_url(), _signed("x"))
    unknown = client.post(reverse("mail:inbound_webhook", args=["nosuch"]), {})

    assert (unconfigured.status_code, unknown.status_code) == (404, 404)
